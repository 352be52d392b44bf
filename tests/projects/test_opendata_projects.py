"""/opendata/projekte.csv|json and /opendata/publiccode.zip (projects.opendata):
published projects only, no contact persons, exact amounts, constant queries."""

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

from projects.models import Adoption, Project
from tests.projects.factories import AdoptionFactory, ParticipationFactory, ProjectFactory

SCHEMA = json.loads(
    (Path(__file__).parent / "data" / "publiccode" / "publiccode.schema.json").read_text()
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


def test_the_publiccode_bundle_holds_a_valid_file_per_software_project(client, catalogue, speyer):
    ProjectFactory(lead_municipality=speyer)  # not software: not in the bundle
    response = client.get("/opendata/publiccode.zip")
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(body(response)))
    assert archive.namelist() == ["mit-formel/publiccode.yml"]
    document = yaml.safe_load(archive.read("mit-formel/publiccode.yml"))
    jsonschema.validate(document, SCHEMA)
    assert document["usedBy"] == ["Landau in der Pfalz"]


def test_a_change_gives_a_new_etag(client, catalogue, speyer):
    first = client.get("/opendata/projekte.csv")
    body(first)
    Project.objects.filter(pk=catalogue.pk).update(state=Project.State.ARCHIVED)
    again = client.get("/opendata/projekte.csv", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 200
    assert again["ETag"] != first["ETag"]
    assert b"mit-formel" not in body(again)
