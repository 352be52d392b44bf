"""Bad input: a clear German message at the form or a 400 with field errors; nothing stored."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from rest_framework.test import APIClient

from projects.markup import render_markdown
from projects.models import Adoption, Project, ProjectDocument
from tests.projects.helpers import api_project_data, project_form_data

pytestmark = pytest.mark.django_db

CREATE = reverse("projects:project-create")

XSS_TITLES = [
    "<script>alert(1)</script>",
    '"><svg onload=alert(1)>',
    "Lichtmasten <img src=x onerror=alert(1)>",
]
XSS_DESCRIPTIONS = [
    ("<script>alert(1)</script>", "<script>"),
    ('<img src="x" onerror="alert(1)">', "onerror"),
    ("[Hier klicken](javascript:alert(1))", "javascript:"),
    ("[Hier klicken](JaVa&#x53;cript:alert(1))", "javascript:"),
    ('<a href="java\tscript:alert(1)">x</a>', "javascript:"),
    ('<iframe src="https://evil.example"></iframe>', "<iframe>"),
    ("<p style=\"x\" onmouseover='alert(1)'>Text</p>", "onmouseover"),
]


@pytest.fixture
def staff_client(speyer_staff, client):
    client.force_login(speyer_staff)
    return client


@pytest.fixture
def api_staff(speyer_staff):
    client = APIClient()
    client.force_authenticate(speyer_staff)
    return client


def form_errors(response) -> dict:
    return {
        name: [str(e) for e in errors] for name, errors in response.context["form"].errors.items()
    }


@pytest.mark.parametrize("title", XSS_TITLES)
def test_html_in_title_is_refused_by_the_form(title, staff_client):
    response = staff_client.post(CREATE, project_form_data(title=title))
    assert response.status_code == 200
    assert form_errors(response)["title"] == [
        "HTML ist in diesem Feld nicht erlaubt. Bitte geben Sie nur Text ein."
    ]
    assert not Project.objects.exists()


@pytest.mark.parametrize(("description", "named"), XSS_DESCRIPTIONS)
def test_script_in_description_is_refused_by_the_form(description, named, staff_client):
    response = staff_client.post(CREATE, project_form_data(description=description))
    assert response.status_code == 200
    (message,) = form_errors(response)["description"]
    assert message.startswith("Die Beschreibung enthält unzulässige Inhalte")
    assert named in message
    assert not Project.objects.exists()


@pytest.mark.parametrize("title", XSS_TITLES)
def test_html_in_title_is_refused_by_the_api(title, api_staff):
    response = api_staff.post("/api/v1/projects/", api_project_data(title=title), format="json")
    assert response.status_code == 400
    assert response.json()["title"] == [
        "HTML ist in diesem Feld nicht erlaubt. Bitte geben Sie nur Text ein."
    ]
    assert not Project.objects.exists()


@pytest.mark.parametrize(("description", "named"), XSS_DESCRIPTIONS)
def test_script_in_description_is_refused_by_the_api(description, named, api_staff):
    response = api_staff.post(
        "/api/v1/projects/", api_project_data(description=description), format="json"
    )
    assert response.status_code == 400
    assert named in response.json()["description"][0]
    assert not Project.objects.exists()


def test_harmless_markdown_is_accepted_and_rendered(staff_client):
    description = (
        "## Ziel\n\n- **fett** und *kursiv*\n- [Website](https://example.org)\n\nKosten < 5000 €"
    )
    response = staff_client.post(CREATE, project_form_data(description=description))
    assert response.status_code == 302
    page = staff_client.get(response["Location"]).content.decode()
    assert "<strong>fett</strong>" in page
    assert 'href="https://example.org"' in page
    assert "Kosten &lt; 5000 €" in page


def test_what_is_stored_is_sanitised_even_if_the_text_came_around_the_check(published, client):
    # Text written around the validation (straight into the database, as the
    # data migration found it) is rendered by the same function the services
    # store with: the page shows no active content.
    text = (
        '<script>alert(1)</script><img src=x onerror="alert(2)">'
        '[x](javascript:alert(3)) <b onclick="alert(4)">fett</b>\n\n[y](javascript:alert(5))'
    )
    Project.objects.filter(pk=published.pk).update(
        description=text, description_html=render_markdown(text)
    )
    page = client.get(published.get_absolute_url()).content.decode()
    assert "<script>alert(1)" not in page
    assert "onerror" not in page
    assert 'href="javascript:' not in page
    assert "onclick" not in page
    assert "<b>fett</b>" in page
    assert '<a rel="noopener noreferrer nofollow">y</a>' in page


def test_pages_show_the_stored_html_and_render_nothing(published, client):
    # A description changed around the services is not rendered on a request:
    # the page shows what the services stored.
    Project.objects.filter(pk=published.pk).update(
        description="**neu**", description_html="<p>gespeichert</p>"
    )
    page = client.get(published.get_absolute_url()).content.decode()
    assert "<p>gespeichert</p>" in page
    assert "<strong>neu</strong>" not in page


def test_negative_costs_are_refused(staff_client, api_staff):
    response = staff_client.post(
        CREATE, project_form_data(investment_cost="-1", running_cost_per_year="-0,01")
    )
    errors = form_errors(response)
    assert errors["investment_cost"] == ["Kosten dürfen nicht negativ sein."]
    assert errors["running_cost_per_year"] == ["Kosten dürfen nicht negativ sein."]
    response = api_staff.post(
        "/api/v1/projects/", api_project_data(investment_cost="-100.00"), format="json"
    )
    assert response.status_code == 400
    assert "investment_cost" in response.json()
    assert "0" in response.json()["investment_cost"][0]
    assert not Project.objects.exists()


def test_end_before_start_is_refused(staff_client, api_staff):
    response = staff_client.post(
        CREATE, project_form_data(start_date="2024-05-01", end_date="2024-04-30")
    )
    assert form_errors(response)["end_date"] == ["Das Ende darf nicht vor dem Beginn liegen."]
    response = api_staff.post(
        "/api/v1/projects/",
        api_project_data(start_date="2024-05-01", end_date="2024-04-30"),
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["end_date"] == ["Das Ende darf nicht vor dem Beginn liegen."]
    assert not Project.objects.exists()


def test_end_before_start_is_refused_on_partial_update(published, api_staff):
    published.start_date = "2024-05-01"
    published.save()
    response = api_staff.patch(
        f"/api/v1/projects/{published.slug}/", {"end_date": "2024-01-01"}, format="json"
    )
    assert response.status_code == 400
    published.refresh_from_db()
    assert published.end_date is None


def test_missing_required_fields(staff_client, api_staff):
    response = staff_client.post(
        CREATE, project_form_data(title="", summary="", phase="", action="submit")
    )
    errors = form_errors(response)
    assert set(errors) >= {"title", "summary", "phase"}
    assert errors["title"] == ["Dieses Feld ist zwingend erforderlich."]
    response = api_staff.post("/api/v1/projects/", {}, format="json")
    assert response.status_code == 400
    assert {"title", "summary"} <= set(response.json())
    assert not Project.objects.exists()


def test_lead_city_as_partner_is_refused(speyer, coordinator, client):
    client.force_login(coordinator)
    response = client.post(CREATE, project_form_data(lead_municipality="Speyer", partners="Speyer"))
    assert form_errors(response)["partners"] == [
        "Die federführende Kommune kann nicht zugleich Partnerin sein."
    ]
    assert not Project.objects.exists()


# --- uploads ------------------------------------------------------------------


def _upload(client, project, file):
    url = reverse("projects:document-upload", kwargs={"slug": project.slug})
    return client.post(url, {"title": "Anlage", "file": file})


def _stored_files(media_root) -> list:
    return [p for p in media_root.rglob("*") if p.is_file()] if media_root.exists() else []


def test_twenty_megabyte_upload_is_refused(published, staff_client, _media_root):
    big = SimpleUploadedFile("gross.pdf", b"%PDF-1.4\n" + b"0" * (20 * 1024 * 1024))
    response = _upload(staff_client, published, big)
    assert response.status_code == 200
    (message,) = form_errors(response)["file"]
    assert "höchstens 10,0\xa0MB" in message
    assert not ProjectDocument.objects.exists()
    assert _stored_files(_media_root) == []


@pytest.mark.parametrize(
    "content",
    [
        b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff",  # Windows executable
        b"\x7fELF\x02\x01\x01\x00",  # Linux executable
        b"#!/bin/sh\nrm -rf /\n",
        b"<html><script>alert(1)</script></html>",
    ],
)
def test_executable_renamed_pdf_is_refused(content, published, staff_client, _media_root):
    response = _upload(staff_client, published, SimpleUploadedFile("bericht.pdf", content))
    (message,) = form_errors(response)["file"]
    assert message.startswith("Dieser Dateityp ist nicht erlaubt.")
    assert not ProjectDocument.objects.exists()
    assert _stored_files(_media_root) == []


def test_empty_upload_is_refused(published, staff_client):
    response = _upload(staff_client, published, SimpleUploadedFile("leer.pdf", b""))
    assert form_errors(response)["file"]
    assert not ProjectDocument.objects.exists()


# --- adoptions --------------------------------------------------------------------


def test_second_adoption_for_the_same_pair_is_refused(landau_adoption, landau_staff, client):
    client.force_login(landau_staff)
    url = reverse("projects:adoption-create", kwargs={"slug": landau_adoption.project.slug})
    response = client.post(url, {"adoption-status": "interessiert"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Diese Kommune hat die Nachnutzung dieses Projekts bereits erklärt." in page
    assert Adoption.objects.count() == 1

    api = APIClient()
    api.force_authenticate(landau_staff)
    response = api.post(
        "/api/v1/adoptions/", {"project": landau_adoption.project.slug}, format="json"
    )
    assert response.status_code == 409
    assert response.json() == {
        "detail": "Diese Kommune hat die Nachnutzung dieses Projekts bereits erklärt."
    }
    assert Adoption.objects.count() == 1


def test_adoption_dates_out_of_order_are_refused(published, landau_staff, client):
    client.force_login(landau_staff)
    url = reverse("projects:adoption-create", kwargs={"slug": published.slug})
    response = client.post(
        url,
        {
            "adoption-status": "interessiert",
            "adoption-started_on": "2024-05-01",
            "adoption-completed_on": "2024-01-01",
        },
    )
    assert "Das Ende darf nicht vor dem Beginn liegen." in response.content.decode()
    assert not Adoption.objects.exists()


def test_adoption_status_cannot_jump_back(landau_adoption, landau_staff):
    landau_adoption.status = "im_betrieb"
    landau_adoption.save()
    api = APIClient()
    api.force_authenticate(landau_staff)
    response = api.patch(
        f"/api/v1/adoptions/{landau_adoption.pk}/", {"status": "in_pruefung"}, format="json"
    )
    assert response.status_code == 409  # the adoption's stand refuses it
    assert response.json() == {"detail": "Vom Stand „Im Betrieb“ geht es nicht zu „In Prüfung“."}
    landau_adoption.refresh_from_db()
    assert landau_adoption.status == "im_betrieb"


def test_unknown_choices_in_api(api_staff):
    response = api_staff.post(
        "/api/v1/projects/",
        api_project_data(phase="fertig", topics=["gibt-es-nicht"], lead_municipality="nirgendwo"),
        format="json",
    )
    assert response.status_code == 400
    assert {"phase", "topics", "lead_municipality"} <= set(response.json())


def test_invalid_api_filters_answer_400(published):
    client = APIClient()
    assert client.get("/api/v1/projects/", {"cost_min": "abc"}).status_code == 400
    assert client.get("/api/v1/projects/", {"ordering": "-id"}).status_code == 400


def test_api_filters_that_match_nothing_give_an_empty_page(published):
    # Values the schema allows: an unknown topic or an inverted range is no error.
    client = APIClient()
    for query in ({"topic": "gibt-es-nicht"}, {"cost_min": "5000", "cost_max": "100"}):
        response = client.get("/api/v1/projects/", query)
        assert response.status_code == 200
        assert response.json()["count"] == 0


@pytest.mark.parametrize("days", ["1.000", "1,5", "abc", True, 2.5])
def test_effort_in_the_api_is_a_whole_number_not_a_german_thousand(api_staff, days):
    """DRF would read "1.000" as 1; the API takes a JSON integer or digits only."""
    response = api_staff.post(
        "/api/v1/projects/", api_project_data(effort_person_days=days), format="json"
    )
    assert response.status_code == 400
    assert "effort_person_days" in response.json()
    assert not Project.objects.exists()


def test_effort_in_the_api_as_digits(api_staff):
    response = api_staff.post(
        "/api/v1/projects/", api_project_data(effort_person_days="1000"), format="json"
    )
    assert response.status_code == 201, response.content
    assert Project.objects.get().effort_person_days == 1000
