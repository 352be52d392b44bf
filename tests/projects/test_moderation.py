"""Moderation: draft → submitted → published | rejected; published → archived; mails; history."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from members.audit import history_for
from projects import services
from projects.models import Project
from tests.members.factories import CoordinatorFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_submit_mails_every_coordinator(draft, speyer_staff, coordinator, mailoutbox, on_commit):
    second = CoordinatorFactory(email="zweite@kl.digital.example")
    CoordinatorFactory(email="inaktiv@kl.digital.example", is_active=False)
    with on_commit():
        services.project_submit(project=draft, actor=speyer_staff)
    draft.refresh_from_db()
    assert draft.state == Project.State.SUBMITTED
    assert draft.submitted_by == speyer_staff
    assert draft.submitted_at is not None
    assert sorted(m.to[0] for m in mailoutbox) == sorted([coordinator.email, second.email])
    mail = mailoutbox[0]
    assert mail.subject == "Neues Projekt zur Prüfung: Digitales Bürgeramt"
    assert "Speyer" in mail.body
    assert "/projekte/digitales-buergeramt/" in mail.body
    html, mimetype = mail.alternatives[0]
    assert mimetype == "text/html"
    assert "Digitales Bürgeramt" in html


def test_no_mail_before_commit(
    draft, speyer_staff, coordinator, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.project_submit(project=draft, actor=speyer_staff)
    assert mailoutbox == []
    for callback in callbacks:
        callback()
    assert len(mailoutbox) == 1


def test_publish_mails_the_submitter(submitted, coordinator, speyer_staff, mailoutbox, on_commit):
    with on_commit():
        services.project_publish(project=submitted, actor=coordinator)
    submitted.refresh_from_db()
    assert submitted.state == Project.State.PUBLISHED
    assert submitted.published_at is not None
    (mail,) = mailoutbox
    assert mail.to == [speyer_staff.email]
    assert mail.subject == "Ihr Projekt ist veröffentlicht: Kitaportal Speyer"


def test_reject_mails_the_submitter_with_the_reason(
    submitted, coordinator, speyer_staff, mailoutbox, on_commit
):
    with on_commit():
        services.project_reject(
            project=submitted, actor=coordinator, reason="Bitte Kosten ergänzen."
        )
    submitted.refresh_from_db()
    assert submitted.state == Project.State.REJECTED
    assert submitted.rejection_reason == "Bitte Kosten ergänzen."
    (mail,) = mailoutbox
    assert mail.to == [speyer_staff.email]
    assert "Bitte Kosten ergänzen." in mail.body
    assert "Bitte Kosten ergänzen." in mail.alternatives[0][0]


def test_reject_needs_a_reason(submitted, coordinator, mailoutbox):
    with pytest.raises(ValidationError) as error:
        services.project_reject(project=submitted, actor=coordinator, reason="  ")
    assert error.value.message_dict == {
        "reason": ["Bitte geben Sie einen Grund für die Ablehnung an."]
    }
    submitted.refresh_from_db()
    assert submitted.state == Project.State.SUBMITTED
    assert mailoutbox == []


def test_rejected_project_can_be_resubmitted_and_published(submitted, coordinator, speyer_staff):
    services.project_reject(project=submitted, actor=coordinator, reason="Kosten fehlen.")
    services.project_submit(project=submitted, actor=speyer_staff)
    services.project_publish(project=submitted, actor=coordinator)
    submitted.refresh_from_db()
    assert submitted.state == Project.State.PUBLISHED
    assert submitted.rejection_reason == ""


@pytest.mark.parametrize(
    ("state", "service"),
    [
        ("submitted", "project_submit"),
        ("published", "project_submit"),
        ("draft", "project_publish"),
        ("rejected", "project_publish"),
        ("published", "project_publish"),
        ("draft", "project_archive"),
        ("submitted", "project_archive"),
        ("archived", "project_archive"),
    ],
)
def test_invalid_transitions_are_refused_in_german(state, service, speyer, coordinator):
    from tests.projects.factories import ProjectFactory

    project = ProjectFactory(lead_municipality=speyer, state=state)
    with pytest.raises(ValidationError) as error:
        getattr(services, service)(project=project, actor=coordinator)
    assert error.value.code == "invalid_state"
    assert "können" in error.value.messages[0]
    project.refresh_from_db()
    assert project.state == state


def test_archived_project_is_no_longer_public(published, coordinator, client, speyer_staff):
    services.project_archive(project=published, actor=coordinator)
    assert client.get(published.get_absolute_url()).status_code == 404
    client.force_login(speyer_staff)
    assert client.get(published.get_absolute_url()).status_code == 200
    assert client.get(f"/projekte/{published.slug}/bearbeiten/").status_code == 403


def test_ministry_may_not_moderate(submitted, ministry):
    with pytest.raises(PermissionDenied):
        services.project_publish(project=submitted, actor=ministry)


def test_mail_goes_nowhere_without_an_active_submitter(
    submitted, coordinator, mailoutbox, on_commit
):
    submitted.submitted_by.is_active = False
    submitted.submitted_by.save()
    with on_commit() as callbacks:
        services.project_publish(project=submitted, actor=coordinator)
    assert callbacks  # the mail task ran after commit ...
    assert mailoutbox == []  # ... and had nobody to tell


def test_history_records_who_did_what(draft, speyer_staff, coordinator):
    services.project_update(project=draft, actor=speyer_staff, summary="Neu formuliert.")
    services.project_submit(project=draft, actor=speyer_staff)
    services.project_reject(project=draft, actor=coordinator, reason="Zu knapp.")
    entries = list(history_for(draft).order_by("created_at", "id"))
    assert [(e.action, e.actor) for e in entries] == [
        ("project.update", speyer_staff),
        ("project.submit", speyer_staff),
        ("project.reject", coordinator),
    ]
    assert entries[0].changes == {
        "summary": ["Eine kurze Beschreibung des Vorhabens.", "Neu formuliert."]
    }
    assert entries[2].changes["state"] == ["submitted", "rejected"]
    assert entries[2].changes["rejection_reason"] == ["", "Zu knapp."]


def test_history_is_shown_to_the_lead_city_and_coordinators_only(
    draft, speyer_staff, coordinator, client
):
    services.project_submit(project=draft, actor=speyer_staff)
    services.project_publish(project=draft, actor=coordinator)
    client.force_login(speyer_staff)
    assert "zur Prüfung eingereicht" in client.get(draft.get_absolute_url()).content.decode()
    client.force_login(UserFactory())
    assert "Verlauf" not in client.get(draft.get_absolute_url()).content.decode()


def test_pages_walk_through_the_moderation(
    speyer_staff, coordinator, client, mailoutbox, on_commit
):
    from tests.projects.helpers import project_form_data

    client.force_login(speyer_staff)
    with on_commit():
        response = client.post("/projekte/neu/", project_form_data(action="submit"), follow=True)
    assert "Das Projekt wurde zur Prüfung eingereicht." in response.content.decode()
    project = Project.objects.get()
    assert project.state == Project.State.SUBMITTED
    assert [m.to for m in mailoutbox] == [[coordinator.email]]

    client.force_login(coordinator)
    page = client.get(project.get_absolute_url()).content.decode()
    assert "Veröffentlichen" in page and "Ablehnen" in page
    response = client.post(f"/projekte/{project.slug}/ablehnen/", {"reason": ""})
    assert response.status_code == 200
    assert "Dieses Feld ist zwingend erforderlich." in response.content.decode()
    with on_commit():
        client.post(f"/projekte/{project.slug}/veroeffentlichen/")
    project.refresh_from_db()
    assert project.state == Project.State.PUBLISHED
    assert mailoutbox[-1].to == [speyer_staff.email]


def test_account_page_lists_own_projects_and_the_queue(
    draft, submitted, speyer_staff, coordinator, client
):
    client.force_login(speyer_staff)
    page = client.get("/konto/").content.decode()
    assert "Digitales Bürgeramt" in page and "Entwurf" in page
    client.force_login(coordinator)
    page = client.get("/konto/").content.decode()
    assert "Zur Prüfung eingereicht" in page and "Kitaportal Speyer" in page
    assert "Digitales Bürgeramt" not in page
