"""/api/v1/events/ and /api/v1/events/<slug>/registration/."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from events.models import Event, Registration
from tests.events.factories import (
    AgendaItemFactory,
    EventFactory,
    ProjectFactory,
    RegistrationFactory,
    berlin,
)
from tests.members.factories import MunicipalityFactory, StaffFactory

pytestmark = pytest.mark.django_db


def results(response) -> list[dict]:
    assert response.status_code == 200, response.content
    return response.json()["results"]


def test_list_has_times_with_offsets_counts_and_agenda(client, speyer, register, staff_of):
    event = EventFactory(
        title="Markt der Projekte",
        slug="markt",
        kind=Event.Kind.PROJECT_MARKET,
        host_municipality=speyer,
        capacity=1,
        starts_at=berlin(2027, 7, 14, 10),
        ends_at=berlin(2027, 7, 14, 16),
    )
    project = ProjectFactory(title="Kitaportal", slug="kitaportal")
    AgendaItemFactory(event=event, title="Stand Kitaportal", project=project)
    for person in staff_of(3):
        register(event, person)

    (item,) = results(client.get("/api/v1/events/"))

    assert item["slug"] == "markt"
    assert item["kind"] == "markt_der_projekte"
    assert item["kind_display"] == "Markt der Projekte"
    assert item["starts_at"] == "2027-07-14T10:00:00+02:00"
    assert item["ends_at"] == "2027-07-14T16:00:00+02:00"
    assert item["host_municipality"] == {"slug": "speyer", "name": "Speyer"}
    assert (item["capacity"], item["seats_taken"], item["seats_left"]) == (1, 1, 0)
    assert item["waiting_count"] == 2
    assert item["registration_open"] is True
    assert item["my_registration"] is None
    assert item["agenda"] == [
        {
            "starts_at": None,
            "title": "Stand Kitaportal",
            "speaker": "",
            "project": {"id": project.pk, "slug": "kitaportal", "title": "Kitaportal"},
        }
    ]
    assert item["page_url"].endswith("/termine/markt/")
    assert item["ical_url"].endswith("/termine/markt/kalender.ics")
    assert item["url"] == "http://testserver/api/v1/events/markt/"


def test_list_filters(client, speyer, landau):
    now = timezone.now()
    EventFactory(slug="ws-speyer", kind=Event.Kind.WORKSHOP, host_municipality=speyer)
    EventFactory(slug="web-landau", kind=Event.Kind.WEBINAR, host_municipality=landau)
    EventFactory(
        slug="alt",
        starts_at=now - timedelta(days=10),
        ends_at=now - timedelta(days=10) + timedelta(hours=2),
    )
    EventFactory(slug="abgesagt", status=Event.Status.CANCELLED)

    def slugs(**params):
        return sorted(e["slug"] for e in results(client.get("/api/v1/events/", params)))

    assert slugs(kind="workshop") == ["ws-speyer"]
    assert slugs(host="landau") == ["web-landau"]
    assert slugs(when="past") == ["alt"]
    assert slugs(when="upcoming") == ["abgesagt", "web-landau", "ws-speyer"]
    assert slugs(status="cancelled") == ["abgesagt"]
    assert slugs(starts_before=now.isoformat()) == ["alt"]
    bad = client.get("/api/v1/events/", {"kind": "party"})
    assert bad.status_code == 400
    assert "kind" in bad.json()


def test_retrieve_by_slug_shows_my_registration(actor_client, event, speyer_staff, register):
    register(event, speyer_staff)
    data = actor_client(speyer_staff).get(f"/api/v1/events/{event.slug}/").json()
    assert data["my_registration"] == {"status": "angemeldet", "waitlist_position": None}


def test_list_runs_a_constant_number_of_queries(actor_client, speyer_staff):
    client = actor_client(speyer_staff)

    def build(count):
        for _ in range(count):
            event = EventFactory(capacity=2, host_municipality=MunicipalityFactory())
            AgendaItemFactory(event=event, project=ProjectFactory())
            AgendaItemFactory(event=event)
            for _ in range(3):
                RegistrationFactory(event=event, user=StaffFactory())

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/api/v1/events/", {"page_size": 100}).status_code == 200
        return len(captured)

    client.get("/api/v1/events/")  # the session's first request renews it; count later ones
    build(5)
    few = queries()
    build(45)
    assert queries() == few


def test_post_registers_and_reports_the_waiting_list(actor_client, event, staff_of, register):
    for person in staff_of(2):
        register(event, person)
    person = StaffFactory()

    response = actor_client(person).post(
        f"/api/v1/events/{event.slug}/registration/", content_type="application/json"
    )

    assert response.status_code == 201
    data = response.json()
    assert data["status"] == "warteliste"
    assert data["status_display"] == "Warteliste"
    assert data["waitlist_position"] == 1
    assert data["event"] == event.slug
    assert data["user"] == person.email


def test_post_twice_is_a_409_with_a_clear_message(actor_client, event, speyer_staff):
    client = actor_client(speyer_staff)
    url = f"/api/v1/events/{event.slug}/registration/"
    assert client.post(url, {}, content_type="application/json").status_code == 201

    response = client.post(url, {}, content_type="application/json")

    assert response.status_code == 409
    assert response.json() == {"detail": "Sie sind für diesen Termin bereits angemeldet."}


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"status": Event.Status.CANCELLED}, "Dieser Termin wurde abgesagt"),
        ({"registration_opens_at": timezone.now() + timedelta(days=1)}, "erst ab"),
        ({"registration_closes_at": timezone.now() - timedelta(days=1)}, "Anmeldefrist"),
    ],
)
def test_post_outside_the_window_or_for_cancelled_is_refused(
    actor_client, speyer_staff, overrides, message
):
    event = EventFactory(**overrides)
    response = actor_client(speyer_staff).post(
        f"/api/v1/events/{event.slug}/registration/", {}, content_type="application/json"
    )
    assert response.status_code == 409
    assert message in response.json()["detail"]
    assert not Registration.objects.exists()


def test_post_for_an_unknown_person_is_a_404(actor_client, event, coordinator):
    # A well-formed address that names nobody: not found, like an unknown URL.
    response = actor_client(coordinator).post(
        f"/api/v1/events/{event.slug}/registration/",
        {"user": "niemand@example.org"},
        content_type="application/json",
    )
    assert response.status_code == 404
    assert response.json() == {"detail": "Keine aktive Person mit dieser E-Mail."}


def test_post_with_a_malformed_email_is_a_field_error(actor_client, event, coordinator):
    response = actor_client(coordinator).post(
        f"/api/v1/events/{event.slug}/registration/",
        {"user": "kein-mail"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "user" in response.json()


def test_delete_cancels_and_promotes(actor_client, event, speyer_staff, staff_of, register):
    register(event, speyer_staff)
    second, waiting = staff_of(2)
    register(event, second)
    register(event, waiting)

    response = actor_client(speyer_staff).delete(f"/api/v1/events/{event.slug}/registration/")

    assert response.status_code == 200
    assert response.json()["status"] == "storniert"
    promoted = actor_client(waiting).get(f"/api/v1/events/{event.slug}/registration/")
    assert promoted.json()["status"] == "angemeldet"


def test_delete_without_registration_is_not_found(actor_client, event, speyer_staff):
    response = actor_client(speyer_staff).delete(f"/api/v1/events/{event.slug}/registration/")
    assert response.status_code == 404
    assert response.json() == {"detail": "Keine aktive Anmeldung zu diesem Termin."}


def test_get_without_registration_is_not_found(actor_client, event, speyer_staff):
    response = actor_client(speyer_staff).get(f"/api/v1/events/{event.slug}/registration/")
    assert response.status_code == 404


def test_bearer_token_clients_use_the_same_endpoint(client, event, speyer_staff):
    from members.models import ApiToken

    _token, raw = ApiToken.issue(user=speyer_staff, days=1)
    response = client.post(
        f"/api/v1/events/{event.slug}/registration/",
        {},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {raw}",
    )
    assert response.status_code == 201
    assert Registration.objects.get().user == speyer_staff


def test_schema_documents_the_registration_endpoint(client):
    schema = client.get("/api/schema/", {"format": "json"}).json()
    path = schema["paths"]["/api/v1/events/{slug}/registration/"]
    assert set(path) >= {"get", "post", "delete"}
    assert "/api/v1/events/" in schema["paths"]
