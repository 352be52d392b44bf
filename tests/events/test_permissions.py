"""Who may do what with meetings, through pages, API and admin (the matrix of docs/architecture.md).

Actors: the owner of a registration (staff of Speyer), staff of another city
(Landau), a coordinator, the ministry and anonymous.
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from events.models import Event, Registration
from tests.events.factories import EventFactory

pytestmark = pytest.mark.django_db

ACTORS = ["owner", "other_staff", "coordinator", "ministry", "anonymous"]
FIXTURE = {
    "owner": "speyer_staff",
    "other_staff": "landau_staff",
    "coordinator": "coordinator",
    "ministry": "ministry",
    "anonymous": None,
}


@pytest.fixture
def as_actor(request, actor_client):
    def make(name):
        fixture = FIXTURE[name]
        user = request.getfixturevalue(fixture) if fixture else None
        return user, actor_client(user)

    return make


@pytest.fixture
def owned(event, speyer_staff, register):
    """A registration of Speyer's staff member."""
    return register(event, speyer_staff)


def is_login_redirect(response) -> bool:
    return response.status_code == 302 and response["Location"].startswith("/konto/anmelden/")


# --- pages ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("actor", "expected"),
    [
        ("owner", 200),
        ("other_staff", 200),
        ("coordinator", 200),
        ("ministry", 200),
        ("anonymous", 200),
    ],
)
def test_published_meeting_pages_are_public(as_actor, event, actor, expected):
    _user, client = as_actor(actor)
    for url in ("/termine/", f"/termine/{event.slug}/", f"/termine/{event.slug}/kalender.ics"):
        assert client.get(url).status_code == expected


@pytest.mark.parametrize(
    ("actor", "expected"),
    [
        ("owner", 404),
        ("other_staff", 404),
        ("coordinator", 200),
        ("ministry", 404),
        ("anonymous", 404),
    ],
)
def test_drafts_are_visible_to_coordinators_only(as_actor, actor, expected):
    draft = EventFactory(status=Event.Status.DRAFT)
    _user, client = as_actor(actor)
    assert client.get(f"/termine/{draft.slug}/").status_code == expected
    assert client.get(f"/termine/{draft.slug}/kalender.ics").status_code == expected
    assert (draft.title in client.get("/termine/").content.decode()) is (expected == 200)


@pytest.mark.parametrize(
    ("actor", "outcome"),
    [
        ("owner", "registered"),
        ("other_staff", "registered"),
        ("coordinator", "registered"),
        ("ministry", 403),
        ("anonymous", "login"),
    ],
)
def test_register_through_the_page(as_actor, event, actor, outcome):
    user, client = as_actor(actor)

    response = client.post(f"/termine/{event.slug}/anmelden/")

    if outcome == "registered":
        assert response.status_code == 302 and response["Location"] == f"/termine/{event.slug}/"
        assert Registration.objects.filter(event=event, user=user).exists()
    elif outcome == "login":
        assert is_login_redirect(response)
        assert not Registration.objects.exists()
    else:
        assert response.status_code == 403
        assert "Mitarbeitende der Mitgliedskommunen" in response.content.decode()
        assert not Registration.objects.exists()


@pytest.mark.parametrize(
    ("actor", "outcome"),
    [
        ("owner", "cancelled"),
        ("other_staff", 403),
        ("coordinator", "cancelled"),
        ("ministry", 403),
        ("anonymous", "login"),
    ],
)
def test_cancel_a_registration_through_the_participant_list(as_actor, event, owned, actor, outcome):
    _user, client = as_actor(actor)

    response = client.post(f"/termine/{event.slug}/anmeldungen/{owned.pk}/stornieren/")

    owned.refresh_from_db()
    if outcome == "cancelled":
        assert response.status_code == 302
        assert owned.status == Registration.Status.CANCELLED
    else:
        if outcome == "login":
            assert is_login_redirect(response)
        else:
            assert response.status_code == 403
            assert "Sie können nur Ihre eigene Anmeldung stornieren." in response.content.decode()
        assert owned.status == Registration.Status.CONFIRMED


def test_own_cancel_button_only_touches_ones_own_registration(
    actor_client, event, owned, landau_staff
):
    response = actor_client(landau_staff).post(f"/termine/{event.slug}/stornieren/", follow=True)
    assert "Sie sind für diesen Termin nicht angemeldet." in response.content.decode()
    owned.refresh_from_db()
    assert owned.status == Registration.Status.CONFIRMED


def test_registration_of_another_event_is_not_found(actor_client, owned, coordinator):
    other = EventFactory()
    response = actor_client(coordinator).post(
        f"/termine/{other.slug}/anmeldungen/{owned.pk}/stornieren/"
    )
    assert response.status_code == 404


@pytest.mark.parametrize(
    ("actor", "expected"),
    [
        ("owner", 403),
        ("other_staff", 403),
        ("coordinator", 302),
        ("ministry", 403),
        ("anonymous", "login"),
    ],
)
def test_mark_attended_through_the_page(as_actor, event, owned, actor, expected):
    Event.objects.filter(pk=event.pk).update(
        starts_at=timezone.now() - timedelta(hours=1),
        ends_at=timezone.now() + timedelta(hours=1),
    )
    _user, client = as_actor(actor)

    response = client.post(f"/termine/{event.slug}/anmeldungen/{owned.pk}/teilgenommen/")

    owned.refresh_from_db()
    if expected == "login":
        assert is_login_redirect(response)
    else:
        assert response.status_code == expected
    attended = owned.status == Registration.Status.ATTENDED
    assert attended is (actor == "coordinator")


@pytest.mark.parametrize(
    ("actor", "expected"),
    [
        ("owner", 403),
        ("other_staff", 403),
        ("coordinator", 200),
        ("ministry", 403),
        ("anonymous", "login"),
    ],
)
def test_participant_export_is_for_coordinators(as_actor, event, owned, actor, expected):
    _user, client = as_actor(actor)
    response = client.get(f"/termine/{event.slug}/teilnehmende.csv")
    if expected == "login":
        assert is_login_redirect(response)
    else:
        assert response.status_code == expected


@pytest.mark.parametrize(
    ("actor", "sees"),
    [
        ("owner", "cities"),
        ("other_staff", "cities"),
        ("coordinator", "names"),
        ("ministry", "nothing"),
        ("anonymous", "nothing"),
    ],
)
def test_participant_list_on_the_page(as_actor, event, owned, speyer_staff, actor, sees):
    _user, client = as_actor(actor)
    context = client.get(f"/termine/{event.slug}/").context
    assert (context["cities"] is not None) is (sees == "cities")
    assert (context["participants"] is not None) is (sees == "names")
    if sees == "cities":
        assert [c.name for c in context["cities"]] == ["Speyer"]
    if sees == "names":
        assert [r.user for r in context["participants"]] == [speyer_staff]


# --- API ------------------------------------------------------------------------


def api_url(event) -> str:
    return f"/api/v1/events/{event.slug}/registration/"


@pytest.mark.parametrize(
    ("actor", "expected"),
    [
        ("owner", 201),
        ("other_staff", 201),
        ("coordinator", 201),
        ("ministry", 403),
        ("anonymous", 401),
    ],
)
def test_api_register_oneself(as_actor, event, actor, expected):
    user, client = as_actor(actor)
    response = client.post(api_url(event), content_type="application/json")
    assert response.status_code == expected
    assert Registration.objects.filter(event=event).exists() is (expected == 201)


@pytest.mark.parametrize(
    ("actor", "expected"),
    [
        ("owner", 403),
        ("other_staff", 403),
        ("coordinator", 201),
        ("ministry", 403),
        ("anonymous", 401),
    ],
)
def test_api_register_someone_else(as_actor, event, actor, expected, request):
    target = request.getfixturevalue("landau_staff") if actor != "other_staff" else None
    target = target or request.getfixturevalue("speyer_staff")
    _user, client = as_actor(actor)

    response = client.post(api_url(event), {"user": target.email}, content_type="application/json")

    assert response.status_code == expected
    assert Registration.objects.filter(event=event, user=target).exists() is (expected == 201)


@pytest.mark.parametrize(
    ("actor", "expected"),
    [
        ("owner", 200),
        ("other_staff", 403),
        ("coordinator", 200),
        ("ministry", 403),
        ("anonymous", 401),
    ],
)
def test_api_cancel_the_owners_registration(as_actor, event, owned, speyer_staff, actor, expected):
    _user, client = as_actor(actor)
    query = "" if actor == "owner" else f"?user={speyer_staff.email}"

    response = client.delete(api_url(event) + query)

    assert response.status_code == expected
    owned.refresh_from_db()
    assert (owned.status == Registration.Status.CANCELLED) is (expected == 200)


@pytest.mark.parametrize(
    ("actor", "expected"),
    [
        ("owner", 200),
        ("other_staff", 403),
        ("coordinator", 200),
        ("ministry", 403),
        ("anonymous", 401),
    ],
)
def test_api_read_the_owners_status(as_actor, event, owned, speyer_staff, actor, expected):
    _user, client = as_actor(actor)
    query = "" if actor == "owner" else f"?user={speyer_staff.email}"
    response = client.get(api_url(event) + query)
    assert response.status_code == expected
    if expected == 200:
        assert response.json()["status"] == "angemeldet"


@pytest.mark.parametrize(
    ("actor", "expected"),
    [
        ("owner", 404),
        ("other_staff", 404),
        ("coordinator", 200),
        ("ministry", 404),
        ("anonymous", 404),
    ],
)
def test_api_drafts_for_coordinators_only(as_actor, actor, expected):
    draft = EventFactory(status=Event.Status.DRAFT)
    _user, client = as_actor(actor)
    assert client.get(f"/api/v1/events/{draft.slug}/").status_code == expected
    listed = [e["slug"] for e in client.get("/api/v1/events/").json()["results"]]
    assert (draft.slug in listed) is (expected == 200)


def test_api_registration_for_a_hidden_draft_is_not_found(actor_client, speyer_staff):
    draft = EventFactory(status=Event.Status.DRAFT)
    response = actor_client(speyer_staff).post(api_url(draft))
    assert response.status_code == 404


# --- admin ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("actor", "allowed"),
    [
        ("owner", False),
        ("other_staff", False),
        ("coordinator", True),
        ("ministry", False),
        ("anonymous", False),
    ],
)
def test_admin_is_for_coordinators(as_actor, event, owned, actor, allowed):
    _user, client = as_actor(actor)
    for url in (
        "/admin/events/event/",
        f"/admin/events/event/{event.pk}/change/",
        "/admin/events/registration/",
        "/admin/events/eventreminder/",
    ):
        response = client.get(url)
        if allowed:
            assert response.status_code == 200, url
        else:
            assert response.status_code == 302, url
            assert response["Location"].startswith("/admin/login/")
