"""Issue 11's upload and text attacks on projects: a PDF named evil.html, a
right-to-left override in a title, a phone number or a file name, an
adoption dated 9999-12-31 — each answered with a German error (form or 400)
or a cleaned name, and nothing half-written."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from rest_framework.test import APIClient

from projects.models import Adoption, Project, ProjectDocument
from tests.projects.helpers import api_project_data, project_form_data

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n%%EOF\n"
RLO = "\u202e"
CONTROL_MESSAGE = (
    "Der Text enthält unsichtbare Steuerzeichen (U+202E), etwa zur Umkehr der Schreibrichtung "
    "oder für Zeilenumbrüche. Bitte entfernen Sie sie."
)
DATE_MESSAGE = "Bitte geben Sie ein Datum zwischen 1990 und 2100 an."
CREATE = reverse("projects:project-create")


@pytest.fixture
def api_staff(speyer_staff):
    client = APIClient()
    client.force_authenticate(speyer_staff)
    return client


def _form_errors(response) -> dict:
    form = response.context["form"]
    return {name: [str(message) for message in messages] for name, messages in form.errors.items()}


def test_a_pdf_named_html_is_stored_and_served_as_pdf(published, speyer_staff, client):
    client.force_login(speyer_staff)
    url = reverse("projects:document-upload", kwargs={"slug": published.slug})
    client.post(url, {"title": "Angebot", "file": SimpleUploadedFile("evil.html", PDF)})
    document = ProjectDocument.objects.get()
    assert document.original_name == "evil.pdf"
    assert document.file.name.endswith(".pdf")
    download = reverse(
        "projects:document-download", kwargs={"slug": published.slug, "pk": document.pk}
    )
    response = client.get(download)
    assert response["Content-Disposition"] == 'attachment; filename="evil.pdf"'
    assert response["Content-Type"] == "application/pdf"


def test_a_document_stored_before_is_served_with_the_extension_of_its_type(
    published, speyer_staff, client
):
    client.force_login(speyer_staff)
    url = reverse("projects:document-upload", kwargs={"slug": published.slug})
    client.post(url, {"title": "Angebot", "file": SimpleUploadedFile("angebot.pdf", PDF)})
    ProjectDocument.objects.update(original_name="alt.html")  # as the data was before
    document = ProjectDocument.objects.get()
    download = reverse(
        "projects:document-download", kwargs={"slug": published.slug, "pk": document.pk}
    )
    assert client.get(download)["Content-Disposition"] == 'attachment; filename="alt.pdf"'


def test_control_characters_are_stripped_from_file_names(published, speyer_staff, client):
    client.force_login(speyer_staff)
    url = reverse("projects:document-upload", kwargs={"slug": published.slug})
    name = f"Rechnung{RLO}fdp.exe"  # shows as "Rechnungexe.pdf"
    client.post(url, {"title": "Rechnung", "file": SimpleUploadedFile(name, PDF)})
    assert ProjectDocument.objects.get().original_name == "Rechnungfdp.pdf"


def test_a_document_title_with_an_override_is_refused(published, speyer_staff, client):
    client.force_login(speyer_staff)
    url = reverse("projects:document-upload", kwargs={"slug": published.slug})
    response = client.post(
        url, {"title": f"Angebot{RLO}", "file": SimpleUploadedFile("a.pdf", PDF)}
    )
    assert CONTROL_MESSAGE in response.content.decode()
    assert not ProjectDocument.objects.exists()


@pytest.mark.parametrize("field", ["title", "summary", "contact_name", "contact_phone", "licence"])
def test_an_override_in_a_project_field_is_refused_by_the_form(field, speyer_staff, client):
    client.force_login(speyer_staff)
    response = client.post(CREATE, project_form_data(**{field: f"06232{RLO}14-0"}))
    assert response.status_code == 200
    assert _form_errors(response)[field] == [CONTROL_MESSAGE]
    assert not Project.objects.exists()


@pytest.mark.parametrize("field", ["title", "summary", "description", "contact_phone"])
def test_an_override_in_a_project_field_is_refused_by_the_api(field, api_staff):
    data = api_project_data(**{field: f"Text{RLO}txt"})
    response = api_staff.post("/api/v1/projects/", data, format="json")
    assert response.status_code == 400
    assert response.json()[field] == [CONTROL_MESSAGE]
    assert not Project.objects.exists()


def test_line_breaks_stay_allowed_where_text_has_lines(api_staff):
    response = api_staff.post(
        "/api/v1/projects/",
        api_project_data(
            summary="Erste Zeile\r\nZweite Zeile", description="Absatz\n\n\tEingerückt"
        ),
        format="json",
    )
    assert response.status_code == 201


@pytest.mark.parametrize(
    ("value", "ok"), [("1989-12-31", False), ("1990-01-01", True), ("9999-12-31", False)]
)
def test_project_dates_within_1990_to_2100(value, ok, speyer_staff, client):
    client.force_login(speyer_staff)
    response = client.post(CREATE, project_form_data(start_date=value, end_date="2100-12-31"))
    if ok:
        assert response.status_code == 302
        return
    assert _form_errors(response)["start_date"] == [DATE_MESSAGE]
    assert not Project.objects.exists()


def test_project_dates_within_1990_to_2100_in_the_api(api_staff):
    response = api_staff.post(
        "/api/v1/projects/", api_project_data(end_date="9999-12-31"), format="json"
    )
    assert response.status_code == 400
    assert response.json()["end_date"] == [DATE_MESSAGE]


def test_an_adoption_dated_9999_is_refused_by_page_and_api(published, landau_staff, client):
    client.force_login(landau_staff)
    response = client.post(
        reverse("projects:adoption-create", kwargs={"slug": published.slug}),
        {"adoption-status": "in_umsetzung", "adoption-started_on": "9999-12-31"},
    )
    assert DATE_MESSAGE in response.content.decode()
    api = APIClient()
    api.force_authenticate(landau_staff)
    response = api.post(
        "/api/v1/adoptions/",
        {"project": published.slug, "status": "in_umsetzung", "started_on": "9999-12-31"},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["started_on"] == [DATE_MESSAGE]
    assert not Adoption.objects.exists()


def test_the_database_refuses_dates_out_of_range_too(published):
    with pytest.raises(IntegrityError), transaction.atomic():
        Project.objects.filter(pk=published.pk).update(start_date="9999-12-31")


def test_a_rejection_reason_with_an_override_is_refused(submitted, coordinator):
    from django.core.exceptions import ValidationError

    from projects import services

    with pytest.raises(ValidationError) as error:
        services.project_reject(project=submitted, actor=coordinator, reason=f"Doppelt{RLO}")
    assert error.value.message_dict == {"reason": [CONTROL_MESSAGE]}
    submitted.refresh_from_db()
    assert submitted.state == Project.State.SUBMITTED
