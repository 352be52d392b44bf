"""Admin: the moderation queue with its actions, inlines, history — for coordinators only."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from members.audit import history_for
from projects import services
from projects.models import Project, ProjectDocument
from tests.projects.factories import ProjectFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/projects/project/"


@pytest.fixture
def admin_client(coordinator, client):
    client.force_login(coordinator)
    return client


@pytest.mark.parametrize("actor", ["speyer_staff", "ministry"])
def test_admin_is_for_coordinators_only(actor, request, client):
    client.force_login(request.getfixturevalue(actor))
    assert client.get(CHANGELIST).status_code == 302  # to the admin login


def test_queue_lists_submitted_projects_first(published, draft, speyer, admin_client):
    older = ProjectFactory(title="Zuerst eingereicht", lead_municipality=speyer, state="submitted")
    newer = ProjectFactory(title="Später eingereicht", lead_municipality=speyer, state="submitted")
    Project.objects.filter(pk=older.pk).update(submitted_at="2024-01-01T10:00Z")
    Project.objects.filter(pk=newer.pk).update(submitted_at="2024-02-01T10:00Z")
    response = admin_client.get(CHANGELIST)
    titles = [p.title for p in response.context["cl"].result_list]
    assert titles[:2] == ["Zuerst eingereicht", "Später eingereicht"]
    assert set(titles[2:]) == {"Smarte Lichtmasten", "Digitales Bürgeramt"}
    filtered = admin_client.get(CHANGELIST, {"state": "draft"}).context["cl"].result_list
    assert [p.title for p in filtered] == ["Digitales Bürgeramt"]


def test_publish_action(submitted, published, admin_client, mailoutbox, on_commit):
    with on_commit():
        response = admin_client.post(
            CHANGELIST,
            {"action": "publish_selected", "_selected_action": [submitted.pk, published.pk]},
            follow=True,
        )
    page = response.content.decode()
    assert "1 Projekt(e) veröffentlicht." in page
    assert "Nur zur Prüfung eingereichte Projekte können veröffentlicht werden." in page
    submitted.refresh_from_db()
    assert submitted.state == "published"
    assert len(mailoutbox) == 1


def test_reject_action_asks_for_a_reason(submitted, admin_client, mailoutbox, on_commit):
    data = {"action": "reject_selected", "_selected_action": [submitted.pk]}
    response = admin_client.post(CHANGELIST, data)
    assert response.status_code == 200
    assert "Begründung" in response.content.decode()
    response = admin_client.post(CHANGELIST, {**data, "apply": "1", "reason": ""})
    assert "Dieses Feld ist zwingend erforderlich." in response.content.decode()
    submitted.refresh_from_db()
    assert submitted.state == "submitted"
    with on_commit():
        admin_client.post(CHANGELIST, {**data, "apply": "1", "reason": "Kosten fehlen."})
    submitted.refresh_from_db()
    assert submitted.state == "rejected"
    assert submitted.rejection_reason == "Kosten fehlen."
    assert "Kosten fehlen." in mailoutbox[0].body


def test_archive_action(published, admin_client):
    admin_client.post(
        CHANGELIST, {"action": "archive_selected", "_selected_action": [published.pk]}
    )
    published.refresh_from_db()
    assert published.state == "archived"


def test_change_form_shows_history_and_inlines(draft, speyer_staff, admin_client):
    services.project_submit(project=draft, actor=speyer_staff)
    page = admin_client.get(f"{CHANGELIST}{draft.pk}/change/").content.decode()
    assert "zur Prüfung eingereicht" in page
    assert "Beteiligungen" in page and "Dokumente" in page and "Nachnutzungen" in page


def _inline_data(project, **extra) -> dict:
    data = {
        "title": project.title,
        "slug": project.slug,
        "summary": project.summary,
        "description": project.description,
        "lead_municipality": project.lead_municipality_id,
        "phase": project.phase,
        "is_reusable": "on",
    }
    for prefix in ("participations", "documents", "adoptions"):
        data.update(
            {
                f"{prefix}-TOTAL_FORMS": "0",
                f"{prefix}-INITIAL_FORMS": "0",
                f"{prefix}-MIN_NUM_FORMS": "0",
                f"{prefix}-MAX_NUM_FORMS": "1000",
            }
        )
    data.update(extra)
    return data


def test_saving_in_admin_is_recorded(published, admin_client, coordinator):
    data = _inline_data(published, summary="Geändert in der Verwaltung.")
    response = admin_client.post(f"{CHANGELIST}{published.pk}/change/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    entry = history_for(published).get(action="project.update")
    assert entry.actor == coordinator
    assert entry.changes["summary"][1] == "Geändert in der Verwaltung."


def test_document_inline_checks_the_content(published, admin_client, _media_root):
    url = f"{CHANGELIST}{published.pk}/change/"
    fake = SimpleUploadedFile("bericht.pdf", b"MZ\x90\x00not a pdf")
    data = _inline_data(
        published,
        **{"documents-TOTAL_FORMS": "1", "documents-0-title": "Bericht", "documents-0-file": fake},
    )
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "Dieser Dateityp ist nicht erlaubt." in response.content.decode()
    assert not ProjectDocument.objects.exists()

    real = SimpleUploadedFile("bericht.pdf", b"%PDF-1.4\n%%EOF\n")
    data["documents-0-file"] = real
    assert admin_client.post(url, data).status_code == 302
    document = ProjectDocument.objects.get()
    assert document.content_type == "application/pdf"
    assert document.original_name == "bericht.pdf"


def test_adoption_inline_follows_the_rules(published, speyer, admin_client):
    url = f"{CHANGELIST}{published.pk}/change/"
    data = _inline_data(
        published,
        **{
            "adoptions-TOTAL_FORMS": "1",
            "adoptions-0-municipality": speyer.pk,
            "adoptions-0-status": "interessiert",
        },
    )
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "Die federführende Kommune kann ihr eigenes Projekt nicht nachnutzen." in (
        response.content.decode()
    )
    assert not published.adoptions.exists()


def test_partner_inline_refuses_the_lead_city(published, speyer, admin_client):
    data = _inline_data(
        published,
        **{
            "participations-TOTAL_FORMS": "1",
            "participations-0-municipality": speyer.pk,
            "participations-0-role": "partner",
        },
    )
    response = admin_client.post(f"{CHANGELIST}{published.pk}/change/", data)
    assert response.status_code == 200
    assert "Die federführende Kommune kann nicht zugleich Partnerin sein." in (
        response.content.decode()
    )
