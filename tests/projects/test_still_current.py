""" "Noch aktuell?": the question once per period of silence, the one-click
confirmation, and "möglicherweise veraltet" on card, page and in the sort."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from projects import freshness
from projects.models import CurrentReminder, FreshnessInterval, Project
from projects.services import months_before, project_update, projects_mark_outdated
from tests.members.factories import StaffFactory
from tests.projects.factories import ProjectFactory

pytestmark = pytest.mark.django_db


def _silent_for(project, months):
    Project.objects.filter(pk=project.pk).update(
        updated_at=months_before(timezone.now(), months) - timedelta(days=1)
    )
    project.refresh_from_db()
    return project


@pytest.fixture
def silent(speyer):
    return _silent_for(ProjectFactory(lead_municipality=speyer, title="Westpfalz-Wiki"), 13)


def test_the_lead_city_is_asked_once(silent, speyer_staff, landau_staff, coordinator):
    mail.outbox.clear()
    result = freshness.dispatch()
    assert result.sent == 1
    assert [m.to for m in mail.outbox] == [[speyer_staff.email]]
    message = mail.outbox[0]
    assert "Noch aktuell?" in message.subject and "Westpfalz-Wiki" in message.subject
    assert "/projekte/noch-aktuell/" in message.body
    assert message.extra_headers["Message-ID"].startswith("<reminder.projects-current.")
    mail.outbox.clear()
    assert freshness.dispatch().sent == 0  # a second run, or a second dispatcher
    assert mail.outbox == []


def test_recent_projects_are_not_asked(speyer, speyer_staff):
    _silent_for(ProjectFactory(lead_municipality=speyer), 11)
    assert freshness.dispatch().claimed == 0


def test_intervals_are_data(silent, speyer_staff):
    FreshnessInterval.objects.update_or_create(kind="ask", defaults={"months": 24})
    assert freshness.dispatch().claimed == 0


def test_one_click_confirmation_without_login(silent, speyer_staff):
    freshness.dispatch()
    reminder = CurrentReminder.objects.get()
    # The mail's link, whatever second it was signed in: for this project and person.
    prefix = reverse("projects:project-confirm-current", kwargs={"token": "TOKEN"})
    prefix = prefix.split("TOKEN")[0]
    [token] = re.findall(re.escape(prefix) + r"([^/\s]+)/", mail.outbox[-1].body)
    assert freshness.read_confirm_token(token) == (silent.pk, speyer_staff.pk)
    url = reverse("projects:project-confirm-current", kwargs={"token": token})
    page = Client().get(url)
    assert page.status_code == 200
    silent.refresh_from_db()
    assert silent.current_confirmed_at is None  # a GET (a mail scanner) changes nothing
    done = Client(enforce_csrf_checks=True).post(url)
    assert "als aktuell bestätigt" in done.content.decode()
    silent.refresh_from_db()
    assert silent.current_confirmed_at is not None
    assert reminder.stage.startswith("seit-")
    assert freshness.dispatch().claimed == 0  # asked again only after the next interval


def test_tampered_confirmation_changes_nothing(silent, speyer_staff):
    token = freshness.confirm_token(project_id=silent.pk, user_id=speyer_staff.pk)
    url = reverse("projects:project-confirm-current", kwargs={"token": token[:-3] + "xyz"})
    response = Client().post(url)
    assert response.status_code == 400
    assert "Dieser Link ist ungültig" in response.content.decode()
    silent.refresh_from_db()
    assert silent.current_confirmed_at is None


def test_another_citys_person_cannot_confirm(silent, landau_staff):
    token = freshness.confirm_token(project_id=silent.pk, user_id=landau_staff.pk)
    response = Client().post(reverse("projects:project-confirm-current", kwargs={"token": token}))
    assert response.status_code == 409
    silent.refresh_from_db()
    assert silent.current_confirmed_at is None


def test_outdated_after_18_months_shown_and_sorted_last(
    client, speyer, speyer_staff, django_capture_on_commit_callbacks
):
    old = _silent_for(ProjectFactory(lead_municipality=speyer, title="Alte Park-App"), 19)
    Project.objects.filter(pk=old.pk).update(published_at=timezone.now())  # newest
    ProjectFactory(lead_municipality=speyer, title="Neue Park-App")
    client.get("/projekte/?q=Park-App")  # cached before the marking
    with django_capture_on_commit_callbacks(execute=True):  # the versions rise after commit
        assert projects_mark_outdated() == (1, 0)
    old.refresh_from_db()
    assert old.possibly_outdated
    page = client.get("/projekte/?q=Park-App").content.decode()
    assert "möglicherweise veraltet" in page  # the cache learnt it
    assert page.index("Neue Park-App") < page.index("Alte Park-App")
    newest = client.get("/projekte/").content.decode()
    assert newest.index("Neue Park-App") < newest.index("Alte Park-App")
    assert "möglicherweise veraltet" in client.get(old.get_absolute_url()).content.decode()
    # A change clears it at once.
    project_update(project=old, actor=speyer_staff, summary="Neu beschrieben.")
    old.refresh_from_db()
    assert not old.possibly_outdated


def test_marking_clears_a_confirmed_project(speyer, speyer_staff):
    old = _silent_for(ProjectFactory(lead_municipality=speyer), 19)
    projects_mark_outdated()
    from projects.services import project_confirm_current

    project_confirm_current(project=old, actor=speyer_staff)
    old.refresh_from_db()
    assert not old.possibly_outdated
    assert projects_mark_outdated() == (0, 0)


def test_only_active_staff_of_the_lead_city_are_asked(silent, speyer):
    StaffFactory(municipality=speyer, is_active=False)
    assert freshness.dispatch().claimed == 0
