"""/opendata/: the page and the downloads — published data only, no personal
data, streamed, answering "changed since?" with 304."""

import csv
import io
import json
import zipfile
from pathlib import Path

import jsonschema
import pytest
import yaml
from django.db import connection
from django.http import StreamingHttpResponse
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from events.models import Event
from projects.models import Adoption, Project
from tests.events.factories import EventFactory
from tests.members.factories import MunicipalityFactory
from tests.projects.factories import AdoptionFactory, ParticipationFactory, ProjectFactory

SCHEMA = json.loads(
    (
        Path(__file__).parents[1] / "projects" / "data" / "publiccode" / "publiccode.schema.json"
    ).read_text()
)


def body(response) -> bytes:
    assert isinstance(response, StreamingHttpResponse)
    return b"".join(response.streaming_content)


@pytest.fixture
def catalogue(speyer, landau):
    shown = ProjectFactory(
        title='=HYPERLINK("http://evil.example")',
        slug="mit-formel",
        summary="Eine Zusammenfassung; mit Semikolon",
        lead_municipality=speyer,
        investment_cost="60750.00",
        contact_name="Erika Mustermann",
        contact_email="erika@speyer.example",
        contact_phone="06232 123",
        licence="EUPL-1.2",
        repository_url="https://example.org/formel.git",
    )
    ParticipationFactory(project=shown, municipality=landau)
    AdoptionFactory(project=shown, municipality=landau, status=Adoption.Status.OPERATING)
    ProjectFactory(
        title="Entwurf", slug="entwurf", state=Project.State.DRAFT, lead_municipality=speyer
    )
    return shown


def test_the_page_lists_every_dataset_in_german(client, db):
    response = client.get(reverse("opendata:index"))
    assert response.status_code == 200
    text = response.content.decode()
    assert "Datenlizenz Deutschland" in text
    for url in (
        "/opendata/projekte.csv",
        "/opendata/projekte.json",
        "/opendata/kommunen.csv",
        "/opendata/kommunen.json",
        "/opendata/termine.ics",
        "/opendata/termine.csv",
        "/opendata/termine.json",
        "/opendata/publiccode.zip",
        "/opendata/catalog.ttl",
        "/opendata/catalog.rdf",
        "/opendata/catalog.jsonld",
    ):
        assert url in text


def test_projects_csv_has_published_projects_without_contacts(client, catalogue):
    response = client.get("/opendata/projekte.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = body(response).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0][:3] == ["kurzname", "titel", "kurzbeschreibung"]
    assert [row[0] for row in rows[1:]] == ["mit-formel"]
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["titel"].startswith("'=")  # neutralised for spreadsheets
    assert row["investitionskosten_eur"] == "60750.00"
    assert row["partnerkommunen"] == "Landau in der Pfalz"
    assert row["url"].endswith("/projekte/mit-formel/")
    for private in ("Erika", "erika@speyer.example", "06232"):
        assert private not in text


def test_projects_json_is_the_same_rows_typed(client, catalogue):
    data = json.loads(body(client.get("/opendata/projekte.json")))
    assert len(data) == 1
    item = data[0]
    assert item["kurzname"] == "mit-formel"
    assert item["titel"] == catalogue.title  # JSON needs no neutralising
    assert item["investitionskosten_eur"] == "60750.00"  # exact, never a float
    assert item["partnerkommunen"] == ["Landau in der Pfalz"]
    assert "contact_email" not in json.dumps(data) and "erika" not in json.dumps(data)


def test_the_project_export_runs_a_constant_number_of_queries(client, catalogue, speyer):
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            body(client.get("/opendata/projekte.csv"))
        return len(queries)

    few = count()
    for _ in range(30):
        ProjectFactory(lead_municipality=speyer)
    assert count() == few


def test_member_list(client, speyer, landau):
    MunicipalityFactory(
        name="Ausgetreten", slug="ausgetreten", joined_on="2019-04-25", left_on="2020-01-01"
    )
    rows = list(
        csv.reader(
            io.StringIO(body(client.get("/opendata/kommunen.csv")).decode("utf-8-sig")),
            delimiter=";",
        )
    )
    names = [row[1] for row in rows[1:]]
    assert "Speyer" in names and "Landau in der Pfalz" in names
    assert "Ausgetreten" not in names
    data = json.loads(body(client.get("/opendata/kommunen.json")))
    assert {item["ags"] for item in data} >= {"07318000", "07313000"}


def test_meetings_without_online_links_and_drafts(client, speyer):
    EventFactory(
        title="Netzwerktreffen",
        slug="netzwerktreffen",
        online_url="https://meet.example/geheim",
        status=Event.Status.PUBLISHED,
    )
    EventFactory(title="Entwurf", slug="entwurf-termin", status=Event.Status.DRAFT)
    csv_text = body(client.get("/opendata/termine.csv")).decode("utf-8-sig")
    assert "Netzwerktreffen" in csv_text and "Entwurf" not in csv_text
    assert "meet.example" not in csv_text
    data = json.loads(body(client.get("/opendata/termine.json")))
    assert data[0]["online"] is True
    assert data[0]["beginn"].endswith(("+01:00", "+02:00"))
    calendar = body(client.get("/opendata/termine.ics")).decode()
    assert "BEGIN:VCALENDAR" in calendar and "meet.example" not in calendar


def test_the_publiccode_bundle_holds_a_valid_file_per_software_project(client, catalogue, speyer):
    ProjectFactory(lead_municipality=speyer)  # not software: not in the bundle
    response = client.get("/opendata/publiccode.zip")
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(body(response)))
    assert archive.namelist() == ["mit-formel/publiccode.yml"]
    document = yaml.safe_load(archive.read("mit-formel/publiccode.yml"))
    jsonschema.validate(document, SCHEMA)
    assert document["usedBy"] == ["Landau in der Pfalz"]


@pytest.mark.parametrize(
    "url",
    [
        "/opendata/projekte.csv",
        "/opendata/projekte.json",
        "/opendata/kommunen.csv",
        "/opendata/termine.ics",
        "/opendata/termine.json",
        "/opendata/publiccode.zip",
        "/opendata/catalog.ttl",
        "/opendata/catalog.jsonld",
    ],
)
def test_unchanged_data_answers_304(client, catalogue, url):
    first = client.get(url)
    assert first.status_code == 200
    body(first)
    assert first["ETag"].startswith('"') and first["Last-Modified"]
    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 304


def test_a_change_gives_a_new_etag(client, catalogue, speyer):
    first = client.get("/opendata/projekte.csv")
    body(first)
    Project.objects.filter(pk=catalogue.pk).update(state=Project.State.ARCHIVED)
    again = client.get("/opendata/projekte.csv", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 200
    assert again["ETag"] != first["ETag"]
    assert b"mit-formel" not in body(again)


@pytest.mark.parametrize(
    "url", ["/opendata/projekte.xlsx", "/opendata/kommunen.ics", "/opendata/termine.xml"]
)
def test_unknown_formats_are_404(client, db, url):
    assert client.get(url).status_code == 404


def test_downloads_are_read_only(client, db):
    assert client.post("/opendata/projekte.csv").status_code == 405


def test_a_city_joining_today_moves_last_modified(client, speyer):
    from datetime import timedelta

    from django.utils import timezone
    from django.utils.http import parse_http_date

    from members.models import Municipality

    before = client.get("/opendata/kommunen.csv")
    body(before)
    today = timezone.localdate()
    Municipality.objects.filter(pk=speyer.pk).update(
        joined_on=today, updated_at=timezone.now() - timedelta(days=30)
    )
    Municipality.objects.exclude(pk=speyer.pk).update(
        updated_at=timezone.now() - timedelta(days=30)
    )
    after = client.get("/opendata/kommunen.csv")
    body(after)
    midnight = timezone.make_aware(timezone.datetime.combine(today, timezone.datetime.min.time()))
    assert parse_http_date(after["Last-Modified"]) == int(midnight.timestamp())
