"""The permission matrix of docs/architecture.md through the pages, for all five actors.

404 for what one may not see, 403 for what one may see but not change; the
anonymous visitor is sent to the login for everything that needs an account.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from projects.models import Adoption, Project, ProjectDocument
from tests.projects.helpers import project_form_data

LOGIN = "/konto/anmelden/"

pytestmark = pytest.mark.django_db


def _status(response) -> int | str:
    if response.status_code == 302 and response["Location"].startswith(LOGIN):
        return "login"
    return response.status_code


@pytest.mark.parametrize(
    ("actor", "expected"),
    [
        ("speyer_staff", 200),
        ("landau_staff", 200),
        ("coordinator", 200),
        ("ministry", 200),
        ("anonymous", 200),
    ],
    indirect=["actor"],
)
def test_published_project_is_public(actor, expected, published, actor_client):
    response = actor_client(actor).get(published.get_absolute_url())
    assert response.status_code == expected
    assert "Smarte Lichtmasten" in response.content.decode()


@pytest.mark.parametrize(
    ("actor", "expected"),
    [
        ("speyer_staff", 200),
        ("landau_staff", 404),
        ("coordinator", 200),
        ("ministry", 404),
        ("anonymous", 404),
    ],
    indirect=["actor"],
)
def test_draft_is_seen_by_lead_city_and_coordinators_only(actor, expected, draft, actor_client):
    assert actor_client(actor).get(draft.get_absolute_url()).status_code == expected


@pytest.mark.parametrize(
    ("actor", "expected"),
    [
        ("speyer_staff", 200),
        ("landau_staff", 200),
        ("coordinator", 200),
        ("ministry", 403),
        ("anonymous", "login"),
    ],
    indirect=["actor"],
)
def test_create_form(actor, expected, actor_client):
    assert _status(actor_client(actor).get(reverse("projects:project-create"))) == expected


@pytest.mark.parametrize(
    ("actor", "expected", "created"),
    [
        ("speyer_staff", 302, True),
        ("landau_staff", 302, True),
        ("coordinator", 302, True),
        ("ministry", 403, False),
        ("anonymous", "login", False),
    ],
    indirect=["actor"],
)
def test_create_project(actor, expected, created, speyer, actor_client):
    data = project_form_data(lead_municipality="Speyer")
    response = actor_client(actor).post(reverse("projects:project-create"), data)
    assert _status(response) == expected
    assert Project.objects.filter(title=data["title"]).exists() is created


def test_staff_always_lead_with_their_own_city(landau_staff, speyer, actor_client):
    # The lead field is not offered to staff; a forged value is ignored.
    data = project_form_data(lead_municipality="Speyer")
    actor_client(landau_staff).post(reverse("projects:project-create"), data)
    project = Project.objects.get(title=data["title"])
    assert project.lead_municipality == landau_staff.municipality
    assert project.state == Project.State.DRAFT


@pytest.mark.parametrize(
    ("actor", "expected"),
    [
        ("speyer_staff", 200),
        ("landau_staff", 403),
        ("coordinator", 200),
        ("ministry", 403),
        ("anonymous", "login"),
    ],
    indirect=["actor"],
)
def test_edit_form_of_published_project(actor, expected, published, actor_client):
    url = reverse("projects:project-edit", kwargs={"slug": published.slug})
    assert _status(actor_client(actor).get(url)) == expected


@pytest.mark.parametrize(
    ("actor", "expected", "changed"),
    [
        ("speyer_staff", 302, True),
        ("landau_staff", 403, False),
        ("coordinator", 302, True),
        ("ministry", 403, False),
        ("anonymous", "login", False),
    ],
    indirect=["actor"],
)
def test_edit_published_project(actor, expected, changed, published, actor_client):
    url = reverse("projects:project-edit", kwargs={"slug": published.slug})
    data = project_form_data(
        title="Smarte Lichtmasten 2.0", lead_municipality=published.lead_municipality.slug
    )
    assert _status(actor_client(actor).post(url, data)) == expected
    published.refresh_from_db()
    assert (published.title == "Smarte Lichtmasten 2.0") is changed


@pytest.mark.parametrize(
    ("actor", "expected"),
    [
        ("speyer_staff", 200),
        ("landau_staff", 404),
        ("coordinator", 200),
        ("ministry", 404),
        ("anonymous", "login"),
    ],
    indirect=["actor"],
)
def test_edit_form_of_draft(actor, expected, draft, actor_client):
    url = reverse("projects:project-edit", kwargs={"slug": draft.slug})
    assert _status(actor_client(actor).get(url)) == expected


@pytest.mark.parametrize(
    ("actor", "expected", "state"),
    [
        ("speyer_staff", 302, "submitted"),
        ("landau_staff", 404, "draft"),
        ("coordinator", 302, "submitted"),
        ("ministry", 404, "draft"),
        ("anonymous", "login", "draft"),
    ],
    indirect=["actor"],
)
def test_submit_draft(actor, expected, state, draft, actor_client):
    url = reverse("projects:project-submit", kwargs={"slug": draft.slug})
    assert _status(actor_client(actor).post(url)) == expected
    draft.refresh_from_db()
    assert draft.state == state


@pytest.mark.parametrize(
    ("actor", "expected", "state"),
    [
        ("speyer_staff", 403, "submitted"),
        ("landau_staff", 404, "submitted"),
        ("coordinator", 302, "published"),
        ("ministry", 404, "submitted"),
        ("anonymous", "login", "submitted"),
    ],
    indirect=["actor"],
)
def test_publish(actor, expected, state, submitted, actor_client):
    url = reverse("projects:project-publish", kwargs={"slug": submitted.slug})
    assert _status(actor_client(actor).post(url)) == expected
    submitted.refresh_from_db()
    assert submitted.state == state


@pytest.mark.parametrize(
    ("actor", "expected", "state"),
    [
        ("speyer_staff", 403, "submitted"),
        ("landau_staff", 404, "submitted"),
        ("coordinator", 302, "rejected"),
        ("ministry", 404, "submitted"),
        ("anonymous", "login", "submitted"),
    ],
    indirect=["actor"],
)
def test_reject(actor, expected, state, submitted, actor_client):
    url = reverse("projects:project-reject", kwargs={"slug": submitted.slug})
    response = actor_client(actor).post(url, {"reason": "Bitte Kosten ergänzen."})
    assert _status(response) == expected
    submitted.refresh_from_db()
    assert submitted.state == state


@pytest.mark.parametrize(
    ("actor", "expected", "state"),
    [
        ("speyer_staff", 403, "published"),
        ("landau_staff", 403, "published"),
        ("coordinator", 302, "archived"),
        ("ministry", 403, "published"),
        ("anonymous", "login", "published"),
    ],
    indirect=["actor"],
)
def test_archive(actor, expected, state, published, actor_client):
    url = reverse("projects:project-archive", kwargs={"slug": published.slug})
    assert _status(actor_client(actor).post(url)) == expected
    published.refresh_from_db()
    assert published.state == state


@pytest.mark.parametrize(
    ("actor", "expected"),
    [
        ("speyer_staff", 302),  # allowed, but the state is wrong: a message, no change
        ("landau_staff", 403),
        ("coordinator", 302),
        ("ministry", 403),
        ("anonymous", "login"),
    ],
    indirect=["actor"],
)
def test_submit_published_project(actor, expected, published, actor_client):
    url = reverse("projects:project-submit", kwargs={"slug": published.slug})
    response = actor_client(actor).post(url, follow=expected == 302)
    if expected == 302:
        assert response.redirect_chain[0][1] == 302
        assert "Nur Entwürfe und abgelehnte Projekte" in response.content.decode()
    else:
        assert _status(response) == expected
    published.refresh_from_db()
    assert published.state == Project.State.PUBLISHED


@pytest.mark.parametrize(
    ("actor", "expected", "adopted_by"),
    [
        ("speyer_staff", 200, None),  # the lead city cannot adopt its own project
        ("landau_staff", 302, "landau"),
        ("coordinator", 302, "landau"),
        ("ministry", 403, None),
        ("anonymous", "login", None),
    ],
    indirect=["actor"],
)
def test_declare_adoption(actor, expected, adopted_by, published, landau, actor_client):
    url = reverse("projects:adoption-create", kwargs={"slug": published.slug})
    data = {"adoption-status": "interessiert", "adoption-municipality": landau.pk}
    response = actor_client(actor).post(url, data)
    assert _status(response) == expected
    adoption = Adoption.objects.filter(project=published).first()
    assert (adoption.municipality.slug if adoption else None) == adopted_by


@pytest.mark.parametrize(
    ("actor", "expected", "status"),
    [
        ("speyer_staff", 403, "interessiert"),
        ("landau_staff", 302, "in_pruefung"),
        ("coordinator", 302, "in_pruefung"),
        ("ministry", 403, "interessiert"),
        ("anonymous", "login", "interessiert"),
    ],
    indirect=["actor"],
)
def test_update_adoption(actor, expected, status, landau_adoption, actor_client):
    url = reverse(
        "projects:adoption-update",
        kwargs={"slug": landau_adoption.project.slug, "pk": landau_adoption.pk},
    )
    response = actor_client(actor).post(url, {"own-status": "in_pruefung"})
    assert _status(response) == expected
    landau_adoption.refresh_from_db()
    assert landau_adoption.status == status


def _pdf() -> SimpleUploadedFile:
    return SimpleUploadedFile("bericht.pdf", b"%PDF-1.4\n% test\n", content_type="application/pdf")


@pytest.mark.parametrize(
    ("actor", "expected", "stored"),
    [
        ("speyer_staff", 302, True),
        ("landau_staff", 403, False),
        ("coordinator", 302, True),
        ("ministry", 403, False),
        ("anonymous", "login", False),
    ],
    indirect=["actor"],
)
def test_upload_document(actor, expected, stored, published, actor_client):
    url = reverse("projects:document-upload", kwargs={"slug": published.slug})
    response = actor_client(actor).post(url, {"title": "Bericht", "file": _pdf()})
    assert _status(response) == expected
    assert ProjectDocument.objects.filter(project=published).exists() is stored


@pytest.mark.parametrize(
    ("actor", "expected"),
    [
        ("speyer_staff", 200),
        ("landau_staff", 404),
        ("coordinator", 200),
        ("ministry", 404),
        ("anonymous", 404),
    ],
    indirect=["actor"],
)
def test_download_document_of_draft(actor, expected, draft, speyer_staff, actor_client):
    from projects import services

    document = services.document_add(
        project=draft, actor=speyer_staff, title="Bericht", file=_pdf()
    )
    url = reverse("projects:document-download", kwargs={"slug": draft.slug, "pk": document.pk})
    assert actor_client(actor).get(url).status_code == expected


@pytest.mark.parametrize(
    ("actor", "sees_contact"),
    [
        ("speyer_staff", True),
        ("landau_staff", True),
        ("coordinator", True),
        ("ministry", True),
        ("anonymous", False),
    ],
    indirect=["actor"],
)
def test_contact_details_only_for_logged_in_users(actor, sees_contact, published, actor_client):
    published.contact_name = "Erika Muster"
    published.contact_email = "erika@speyer.example"
    published.contact_phone = "06232 14-0"
    published.save()
    page = actor_client(actor).get(published.get_absolute_url()).content.decode()
    assert "Erika Muster" in page
    assert ("erika@speyer.example" in page) is sees_contact
    assert ("06232 14-0" in page) is sees_contact
