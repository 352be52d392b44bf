"""Personal data: a person downloads what the portal stores about them; a
coordinator deletes or anonymises a person, and the city's records stay and
name the city instead of the person."""

import json

import pytest
from django.core.exceptions import PermissionDenied

from core.errors import Conflict
from events import services as event_services
from events.models import EventReminder, Registration
from members import services
from members.audit import history_for, log_action
from members.models import ApiToken, AuditEntry, User
from projects import services as project_services
from projects.models import Adoption, Project
from tests.events.factories import EventFactory
from tests.members.factories import CoordinatorFactory, StaffFactory
from tests.projects.factories import ProjectFactory

pytestmark = pytest.mark.django_db

DOWNLOAD = "/konto/meine-daten/"


@pytest.fixture
def alices_world(speyer, speyer_staff, landau, coordinator, on_commit):
    """Alice of Speyer created a project (she is its contact), declared reuse,
    holds a seat at a coming meeting with Bob of Landau waiting, and has a token."""
    alice = speyer_staff
    alice.first_name, alice.last_name, alice.phone = "Alice", "Adler", "06232 1234"
    alice.save()
    with on_commit():
        project = project_services.project_create(
            actor=alice,
            title="Digitale Parkraumsteuerung",
            summary="Freie Parkplätze in Echtzeit.",
            topics=[],
            contact_name="Alice Adler",
            contact_email=alice.email,
            contact_phone="06232 1234",
        )
        project_services.project_submit(project=project, actor=alice)
        other = ProjectFactory(title="Kitaportal Landau", lead_municipality=landau)
        adoption = project_services.adoption_create(project=other, actor=alice)
        event = EventFactory(title="Netzwerktreffen Herbst", capacity=1)
        seat = event_services.registration_create(event=event, user=alice, actor=alice)
        bob = StaffFactory(municipality=landau, email="bob@landau.example")
        waiting = event_services.registration_create(event=event, user=bob, actor=bob)
    ApiToken.issue(user=alice, days=30, name="Alices Skript")
    return {
        "alice": alice,
        "project": project,
        "adoption": adoption,
        "event": event,
        "seat": seat,
        "waiting": waiting,
    }


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


# --- the download ------------------------------------------------------------


def test_download_holds_everything_about_the_person(alices_world, client):
    alice = alices_world["alice"]
    client.force_login(alice)
    response = client.get(DOWNLOAD)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"].startswith('attachment; filename="ikone-meine-daten-')
    data = json.loads(response.content)
    assert data["account"]["email"] == "alice@speyer.example"
    assert data["account"]["phone"] == "06232 1234"
    assert data["account"]["municipality"] == "Speyer"
    assert [t["name"] for t in data["api_tokens"]] == ["Alices Skript"]
    assert "project.submit" in [entry["action"] for entry in data["history"]]
    assert [p["title"] for p in data["projects"]["projects_created"]] == [
        "Digitale Parkraumsteuerung"
    ]
    assert data["projects"]["contact_person_of"][0]["contact_email"] == "alice@speyer.example"
    assert data["projects"]["adoptions_declared"][0]["project"] == "Kitaportal Landau"
    assert [r["event"] for r in data["events"]["registrations"]] == ["Netzwerktreffen Herbst"]
    assert data["events"]["registrations"][0]["status"] == "angemeldet"
    assert set(data["funding"]) == {
        "proofs_submitted",
        "reminders_sent",
        "grants_recorded",
        "payouts_recorded",
    }
    # Nobody else's data.
    assert "bob@landau.example" not in response.content.decode()


def test_download_needs_a_login(client):
    response = client.get(DOWNLOAD)
    assert response.status_code == 302
    assert response["Location"].startswith("/konto/anmelden/")


def test_download_is_get_only(speyer_staff, client):
    client.force_login(speyer_staff)
    assert client.post(DOWNLOAD).status_code == 405


@pytest.mark.parametrize("actor", ["speyer_staff", "coordinator", "ministry"])
def test_every_role_downloads_their_own(actor, request, client, django_assert_max_num_queries):
    user = request.getfixturevalue(actor)
    client.force_login(user)
    with django_assert_max_num_queries(25):
        data = client.get(DOWNLOAD).json()
    assert data["account"]["email"] == user.email


def test_account_page_offers_the_download(speyer_staff, client):
    client.force_login(speyer_staff)
    page = client.get("/konto/").content.decode()
    assert 'href="/konto/meine-daten/"' in page
    assert "Meine Daten herunterladen" in page


# --- anonymising ---------------------------------------------------------------


def test_anonymise_keeps_the_citys_records_and_names_the_city(
    alices_world, coordinator, on_commit, mailoutbox
):
    alice, project = alices_world["alice"], alices_world["project"]
    mails_before = len(mailoutbox)
    with on_commit():
        services.user_anonymise(user=alice, actor=coordinator)

    alice.refresh_from_db()
    assert alice.anonymised_at is not None
    assert (alice.first_name, alice.last_name, alice.phone, alice.position) == ("", "", "", "")
    assert alice.email == f"person-{alice.pk}@anonymisiert.invalid"
    assert not alice.is_active
    assert not alice.has_usable_password()
    assert not alice.groups.exists()
    assert str(alice) == "Ehemalige Person (Speyer)"

    # The city's project, adoption and history stay and name the city.
    project.refresh_from_db()
    assert project.lead_municipality.name == "Speyer"
    assert project.state == Project.State.SUBMITTED
    assert (project.contact_name, project.contact_email, project.contact_phone) == ("", "", "")
    assert Adoption.objects.filter(pk=alices_world["adoption"].pk).exists()
    labels = {entry.actor_label for entry in history_for(project) if entry.actor_id == alice.pk}
    assert labels == {"Ehemalige Person (Speyer)"}
    everything = json.dumps(list(AuditEntry.objects.values("object_repr", "changes")))
    assert "Alice" not in everything
    assert "alice@speyer.example" not in everything

    # Her seat went to Bob, without a mail to her; the token is revoked.
    seat, waiting = alices_world["seat"], alices_world["waiting"]
    seat.refresh_from_db()
    waiting.refresh_from_db()
    assert seat.status == Registration.Status.CANCELLED
    assert waiting.status == Registration.Status.CONFIRMED
    assert not EventReminder.objects.filter(recipient=alice, sent_at__isnull=True).exists()
    assert all("alice@speyer.example" not in m.to for m in mailoutbox[mails_before:])
    assert ApiToken.objects.get(user=alice).revoked_at is not None


def test_anonymised_person_cannot_log_in(alices_world, coordinator, client):
    services.user_anonymise(user=alices_world["alice"], actor=coordinator)
    response = client.post(
        "/konto/anmelden/", {"username": "alice@speyer.example", "password": "x" * 12}
    )
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_anonymising_twice_is_a_conflict(speyer_staff, coordinator):
    services.user_anonymise(user=speyer_staff, actor=coordinator)
    with pytest.raises(Conflict):
        services.user_anonymise(user=speyer_staff, actor=coordinator)


def test_anonymising_ends_the_persons_sessions(speyer_staff, coordinator, client):
    client.force_login(speyer_staff)
    assert client.get("/konto/").status_code == 200
    services.user_anonymise(user=speyer_staff, actor=coordinator)
    assert client.get("/konto/").status_code == 302


# --- deleting ------------------------------------------------------------------


def test_delete_removes_the_person_and_the_history_names_the_city(
    alices_world, coordinator, on_commit
):
    alice, project = alices_world["alice"], alices_world["project"]
    with on_commit():
        services.user_delete(user=alice, actor=coordinator)

    assert not User.objects.filter(pk=alice.pk).exists()
    project.refresh_from_db()
    assert project.lead_municipality.name == "Speyer"
    assert project.created_by is None
    assert Adoption.objects.filter(pk=alices_world["adoption"].pk).exists()
    entries = [entry for entry in history_for(project) if entry.action != "project.contact_removed"]
    assert entries
    assert {entry.actor_label for entry in entries} == {"Ehemalige Person (Speyer)"}
    assert not Registration.objects.filter(pk=alices_world["seat"].pk).exists()
    waiting = alices_world["waiting"]
    waiting.refresh_from_db()
    assert waiting.status == Registration.Status.CONFIRMED
    everything = json.dumps(list(AuditEntry.objects.values("object_repr", "changes")))
    assert "alice@speyer.example" not in everything


def test_history_of_a_person_without_a_city_says_former_person(coordinator, speyer):
    other = CoordinatorFactory(email="erin@kl.digital.example")
    log_action(actor=other, obj=speyer, action="municipality.update")
    services.user_delete(user=other, actor=coordinator)
    assert history_for(speyer).get().actor_label == ""


# --- who may --------------------------------------------------------------------


@pytest.mark.parametrize("actor", ["landau_staff", "ministry"])
def test_only_coordinators_remove_people(actor, request, speyer_staff):
    who = request.getfixturevalue(actor)
    with pytest.raises(PermissionDenied):
        services.user_anonymise(user=speyer_staff, actor=who)
    with pytest.raises(PermissionDenied):
        services.user_delete(user=speyer_staff, actor=who)
    speyer_staff.refresh_from_db()
    assert speyer_staff.anonymised_at is None


def test_coordinators_do_not_remove_themselves(coordinator):
    with pytest.raises(PermissionDenied):
        services.user_anonymise(user=coordinator, actor=coordinator)


def test_a_superuser_is_removed_by_a_superuser_only(coordinator):
    boss = CoordinatorFactory(email="root@kl.digital.example", is_superuser=True)
    with pytest.raises(PermissionDenied):
        services.user_delete(user=boss, actor=coordinator)


# --- the admin ------------------------------------------------------------------


def test_admin_action_asks_then_anonymises(speyer_staff, coordinator, client):
    client.force_login(coordinator)
    data = {"action": "anonymise_selected", "_selected_action": [speyer_staff.pk]}
    confirm = client.post("/admin/members/user/", data)
    assert confirm.status_code == 200
    assert "lässt sich nicht rückgängig machen" in confirm.content.decode()
    speyer_staff.refresh_from_db()
    assert speyer_staff.anonymised_at is None

    done = client.post("/admin/members/user/", {**data, "confirm": "1"}, follow=True)
    assert "1 Person(en) anonymisiert." in done.content.decode()
    speyer_staff.refresh_from_db()
    assert speyer_staff.anonymised_at is not None


def test_admin_delete_goes_through_the_service(alices_world, coordinator, client):
    alice = alices_world["alice"]
    client.force_login(coordinator)
    response = client.post(f"/admin/members/user/{alice.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not User.objects.filter(pk=alice.pk).exists()
    project = Project.objects.get(pk=alices_world["project"].pk)
    assert project.contact_email == ""
    assert "Ehemalige Person (Speyer)" in {e.actor_label for e in history_for(project)}


def test_admin_history_list_names_the_city(alices_world, coordinator, client):
    services.user_delete(user=alices_world["alice"], actor=coordinator)
    client.force_login(coordinator)
    page = client.get("/admin/members/auditentry/").content.decode()
    assert "Ehemalige Person (Speyer)" in page
