"""Admin: "Veröffentlichen" and "Ablehnen" on a project's change page, a
list that long titles do not stretch, and the history in Berlin time."""

from datetime import UTC, datetime

import pytest

from members.audit import diff, history_for, log_action
from members.models import AuditEntry
from projects.models import Project
from tests.projects.factories import ProjectFactory

pytestmark = pytest.mark.django_db


def change_url(project: Project) -> str:
    return f"/admin/projects/project/{project.pk}/change/"


@pytest.fixture
def admin_client(coordinator, client):
    client.force_login(coordinator)
    return client


def test_change_page_of_a_submitted_project_has_both_buttons(submitted, admin_client):
    page = admin_client.get(change_url(submitted)).content.decode()
    assert f'action="/admin/projects/project/{submitted.pk}/veroeffentlichen/"' in page
    assert f'href="/admin/projects/project/{submitted.pk}/ablehnen/"' in page


def test_published_and_draft_projects_have_no_moderation_buttons(published, draft, admin_client):
    for project in (published, draft):
        page = admin_client.get(change_url(project)).content.decode()
        assert "/veroeffentlichen/" not in page
        assert "/ablehnen/" not in page


def test_publish_button_publishes_through_the_service(
    submitted, admin_client, mailoutbox, on_commit
):
    with on_commit():
        response = admin_client.post(
            f"/admin/projects/project/{submitted.pk}/veroeffentlichen/", follow=True
        )
    assert response.redirect_chain[-1][0] == change_url(submitted)
    assert "„Kitaportal Speyer“ ist veröffentlicht." in response.content.decode()
    submitted.refresh_from_db()
    assert submitted.state == "published"
    assert [entry.action for entry in history_for(submitted)][0] == "project.publish"
    assert len(mailoutbox) == 1


def test_publish_needs_a_post(submitted, admin_client):
    response = admin_client.get(f"/admin/projects/project/{submitted.pk}/veroeffentlichen/")
    assert response.status_code == 405
    submitted.refresh_from_db()
    assert submitted.state == "submitted"


def test_publishing_twice_says_why_not(published, admin_client):
    response = admin_client.post(
        f"/admin/projects/project/{published.pk}/veroeffentlichen/", follow=True
    )
    assert "Nur zur Prüfung eingereichte Projekte können veröffentlicht werden." in (
        response.content.decode()
    )


def test_reject_asks_for_a_reason_and_rejects(submitted, admin_client, mailoutbox, on_commit):
    url = f"/admin/projects/project/{submitted.pk}/ablehnen/"
    form = admin_client.get(url)
    assert form.status_code == 200
    assert "Begründung" in form.content.decode()

    empty = admin_client.post(url, {"reason": "   "})
    assert empty.status_code == 200
    assert "Dieses Feld ist zwingend erforderlich." in empty.content.decode()
    submitted.refresh_from_db()
    assert submitted.state == "submitted"

    with on_commit():
        done = admin_client.post(url, {"reason": "Bitte Kosten ergänzen."}, follow=True)
    assert done.redirect_chain[-1][0] == change_url(submitted)
    submitted.refresh_from_db()
    assert submitted.state == "rejected"
    assert submitted.rejection_reason == "Bitte Kosten ergänzen."
    assert len(mailoutbox) == 1


def test_reject_refuses_control_characters_at_the_field(submitted, admin_client):
    response = admin_client.post(
        f"/admin/projects/project/{submitted.pk}/ablehnen/", {"reason": "Nein\u202e"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["reason"]
    submitted.refresh_from_db()
    assert submitted.state == "submitted"


@pytest.mark.parametrize("actor", ["speyer_staff", "ministry"])
def test_buttons_are_for_coordinators_only(actor, request, submitted, client):
    client.force_login(request.getfixturevalue(actor))
    publish = client.post(f"/admin/projects/project/{submitted.pk}/veroeffentlichen/")
    reject = client.post(f"/admin/projects/project/{submitted.pk}/ablehnen/", {"reason": "x"})
    assert publish.status_code == reject.status_code == 302  # to the admin login
    submitted.refresh_from_db()
    assert submitted.state == "submitted"


def test_long_titles_are_cut_in_the_list(speyer, admin_client):
    title = "Ein sehr langer Titel " * 8
    ProjectFactory(title=title.strip(), lead_municipality=speyer)
    page = admin_client.get("/admin/projects/project/").content.decode()
    assert f'title="{title.strip()}"' in page
    assert "Ein sehr langer Titel Ein sehr langer Titel Ein sehr langer…" in page


def test_history_shows_berlin_time(submitted, coordinator, admin_client):
    AuditEntry.objects.filter(object_id=str(submitted.pk)).delete()
    log_action(actor=coordinator, obj=submitted, action="project.publish", changes={})
    AuditEntry.objects.filter(object_id=str(submitted.pk)).update(
        created_at=datetime(2025, 7, 1, 10, 0, tzinfo=UTC)
    )
    page = admin_client.get(change_url(submitted)).content.decode()
    assert "01.07.2025 12:00" in page  # summer time in Berlin
    assert "01.07.2025 10:00" not in page


def test_times_in_the_history_are_stored_in_berlin_time(speyer, coordinator):
    project = ProjectFactory(lead_municipality=speyer)
    before = {"published_at": None}
    project.published_at = datetime(2025, 1, 15, 9, 30, tzinfo=UTC)
    changes = diff(project, before, ["published_at"])
    assert changes == {"published_at": [None, "2025-01-15T10:30:00+01:00"]}
