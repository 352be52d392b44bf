"""The meeting pages: lists, detail, registration buttons, participant list, account."""

import csv
import io
from datetime import timedelta

import pytest
from django.core.cache import cache as django_cache
from django.utils import timezone

from events import services
from events.models import Event, Registration
from projects.models import Project
from tests.events.factories import (
    AgendaItemFactory,
    EventFactory,
    ProjectFactory,
    RegistrationFactory,
)
from tests.members.factories import MunicipalityFactory, StaffFactory

pytestmark = pytest.mark.django_db


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def past_event(**kwargs) -> Event:
    now = timezone.now()
    return EventFactory(
        starts_at=now - timedelta(days=30), ends_at=now - timedelta(days=30, hours=-4), **kwargs
    )


def test_list_shows_upcoming_and_past_meetings_apart(client):
    EventFactory(title="Kommendes Treffen")
    past_event(title="Treffen von früher")
    EventFactory(title="Geheimer Entwurf", status=Event.Status.DRAFT)

    response = client.get("/termine/")

    assert response.status_code == 200
    assert [e.title for e in response.context["upcoming_page"].object_list] == ["Kommendes Treffen"]
    assert [e.title for e in response.context["page"].object_list] == ["Treffen von früher"]
    assert "Geheimer Entwurf" not in response.content.decode()


def test_list_filters_by_kind_and_host_city(client, speyer, landau):
    EventFactory(title="Workshop Speyer", kind=Event.Kind.WORKSHOP, host_municipality=speyer)
    EventFactory(title="Webinar Landau", kind=Event.Kind.WEBINAR, host_municipality=landau)
    EventFactory(title="Workshop Landau", kind=Event.Kind.WORKSHOP, host_municipality=landau)

    by_kind = client.get("/termine/", {"kind": "workshop"}).context["upcoming_page"].object_list
    by_host = client.get("/termine/", {"host": "landau"}).context["upcoming_page"].object_list
    both = (
        client.get("/termine/", {"kind": "workshop", "host": "landau"})
        .context["upcoming_page"]
        .object_list
    )

    assert {e.title for e in by_kind} == {"Workshop Speyer", "Workshop Landau"}
    assert {e.title for e in by_host} == {"Webinar Landau", "Workshop Landau"}
    assert [e.title for e in both] == ["Workshop Landau"]


def test_unknown_filter_values_show_a_message_not_an_error(client):
    EventFactory(title="Treffen")
    response = client.get("/termine/", {"kind": "party", "host": "nirgendwo"})
    assert response.status_code == 200
    assert "party ist keine gültige Auswahl" in response.content.decode()
    assert [e.title for e in response.context["upcoming_page"].object_list] == ["Treffen"]


def test_list_shows_seats_and_the_waiting_list(client, register, staff_of):
    event = EventFactory(capacity=2, title="Klein")
    for person in staff_of(3):
        register(event, person)
    EventFactory(capacity=5, title="Groß")

    body = client.get("/termine/").content.decode()

    assert "Ausgebucht – 1 Person auf der Warteliste" in body
    assert "Noch 5 Plätze frei" in body


def test_events_list_runs_a_constant_number_of_queries(
    client, actor_client, speyer_staff, django_assert_num_queries
):
    def build(count):
        for n in range(count):
            event = EventFactory(capacity=3, host_municipality=MunicipalityFactory())
            for _ in range(4):
                RegistrationFactory(event=event, user=StaffFactory())
            if n % 2:
                RegistrationFactory(event=event, user=speyer_staff)
            past_event()

    def count_queries(as_client):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            assert as_client.get("/termine/").status_code == 200
        return len(captured)

    staff_client = actor_client(speyer_staff)
    staff_client.get("/termine/")  # the session's first request renews it; count later ones
    build(5)
    anonymous_few, staff_few = count_queries(client), count_queries(staff_client)
    build(15)
    assert count_queries(client) == anonymous_few
    assert count_queries(staff_client) == staff_few


def test_detail_shows_place_agenda_and_linked_projects(client, monkeypatch, speyer):
    monkeypatch.setattr(Project, "get_absolute_url", lambda self: f"/projekte/{self.slug}/")
    event = EventFactory(
        title="Markt der Projekte", capacity=10, host_municipality=speyer, venue="Stadthalle"
    )
    published = ProjectFactory(title="Digitale Dörfer", slug="digitale-doerfer")
    draft = ProjectFactory(title="Geheimprojekt", state=Project.State.DRAFT)
    AgendaItemFactory(
        event=event,
        title="Stand: Digitale Dörfer",
        project=published,
        starts_at=event.starts_at + timedelta(hours=1),
    )
    AgendaItemFactory(event=event, title="Stand: Entwurf", project=draft)

    body = client.get(f"/termine/{event.slug}/").content.decode()

    assert "Stadthalle" in body and "Marktplatz 1" in body
    assert 'href="/kommunen/speyer/"' in body
    assert 'href="/projekte/digitale-doerfer/">Digitale Dörfer</a>' in body
    # The draft's title does not reach the public; the item shows its own title.
    assert "Geheimprojekt" not in body and 'href="/projekte/' + draft.slug not in body
    assert "Stand: Entwurf" in body
    assert "Noch 10 Plätze frei" in body
    assert f'href="/termine/{event.slug}/kalender.ics"' in body
    assert "Zum Kalender hinzufügen" in body


def test_project_without_a_page_is_shown_unlinked(client):
    event = EventFactory()
    AgendaItemFactory(event=event, project=ProjectFactory(title="Westpfalz-Wiki"))
    response = client.get(f"/termine/{event.slug}/")
    assert response.status_code == 200
    assert "Westpfalz-Wiki" in response.content.decode()


def test_detail_offers_registration_to_staff_and_login_to_the_public(
    client, actor_client, event, speyer_staff, ministry
):
    public = client.get(f"/termine/{event.slug}/").content.decode()
    assert "melden Sie sich bitte im Portal an" in public
    assert "Zum Termin anmelden" not in public

    staff = actor_client(speyer_staff).get(f"/termine/{event.slug}/").content.decode()
    assert "Zum Termin anmelden" in staff

    ministry_page = actor_client(ministry).get(f"/termine/{event.slug}/").content.decode()
    assert "Zum Termin anmelden" not in ministry_page
    assert "Zu Terminen anmelden können sich Mitarbeitende" in ministry_page


def test_registering_through_the_page(actor_client, event, speyer_staff):
    client = actor_client(speyer_staff)

    response = client.post(f"/termine/{event.slug}/anmelden/", follow=True)

    assert response.redirect_chain[-1][0] == f"/termine/{event.slug}/"
    assert messages_of(response) == ["Sie sind angemeldet. Ihr Platz ist bestätigt."]
    assert "Sie sind angemeldet" in response.content.decode()
    assert "Anmeldung stornieren" in response.content.decode()


def test_full_meeting_puts_the_person_on_the_waiting_list_and_says_where(
    actor_client, event, register, staff_of, landau_staff
):
    for person in staff_of(2):
        register(event, person)
    client = actor_client(landau_staff)
    assert "Auf die Warteliste setzen" in client.get(f"/termine/{event.slug}/").content.decode()

    response = client.post(f"/termine/{event.slug}/anmelden/", follow=True)

    assert messages_of(response) == [
        "Alle Plätze sind vergeben. Sie stehen auf der Warteliste auf Platz 1 und rücken "
        "automatisch nach, sobald ein Platz frei wird."
    ]
    assert "Sie stehen auf der Warteliste (Platz 1 von 1)" in response.content.decode()
    assert "Von der Warteliste abmelden" in response.content.decode()


def test_registering_twice_through_the_page_says_so(actor_client, event, speyer_staff):
    client = actor_client(speyer_staff)
    client.post(f"/termine/{event.slug}/anmelden/", follow=True)

    response = client.post(f"/termine/{event.slug}/anmelden/", follow=True)

    assert messages_of(response) == ["Sie sind für diesen Termin bereits angemeldet."]
    assert Registration.objects.filter(user=speyer_staff).count() == 1


def test_closed_and_cancelled_meetings_refuse_with_a_message(actor_client, speyer_staff):
    client = actor_client(speyer_staff)
    closed = EventFactory(registration_closes_at=timezone.now() - timedelta(hours=1))
    cancelled = EventFactory(status=Event.Status.CANCELLED, cancellation_reason="Unwetter")

    closed_page = client.get(f"/termine/{closed.slug}/").content.decode()
    assert "Die Anmeldefrist ist am" in closed_page
    response = client.post(f"/termine/{closed.slug}/anmelden/", follow=True)
    assert messages_of(response)[0].startswith("Die Anmeldefrist ist am")

    cancelled_page = client.get(f"/termine/{cancelled.slug}/").content.decode()
    assert "Dieser Termin wurde abgesagt." in cancelled_page and "Unwetter" in cancelled_page
    response = client.post(f"/termine/{cancelled.slug}/anmelden/", follow=True)
    assert messages_of(response) == [
        "Dieser Termin wurde abgesagt; eine Anmeldung ist nicht möglich."
    ]
    assert not Registration.objects.exists()


def test_cancelling_through_the_page_frees_the_seat(
    actor_client, event, register, speyer_staff, staff_of
):
    register(event, speyer_staff)
    others = staff_of(2)
    for person in others:
        register(event, person)  # one more seat, then waiting
    client = actor_client(speyer_staff)

    response = client.post(f"/termine/{event.slug}/stornieren/", follow=True)

    assert messages_of(response) == ["Ihre Anmeldung wurde storniert. Ihr Platz ist wieder frei."]
    assert Registration.objects.get(user=others[1]).status == Registration.Status.CONFIRMED


def test_cancelling_without_a_registration_says_so(actor_client, event, speyer_staff):
    response = actor_client(speyer_staff).post(f"/termine/{event.slug}/stornieren/", follow=True)
    assert messages_of(response) == ["Sie sind für diesen Termin nicht angemeldet."]


def test_participant_list_by_role(client, actor_client, event, register, coordinator, ministry):
    alice = StaffFactory(
        municipality=MunicipalityFactory(name="Speyer", slug="speyer"),
        first_name="Alice",
        last_name="Adler",
    )
    bob = StaffFactory(
        municipality=MunicipalityFactory(name="Landau in der Pfalz", slug="landau"),
        first_name="Bob",
        last_name="Berg",
    )
    register(event, alice)
    register(event, bob)

    staff_page = actor_client(alice).get(f"/termine/{event.slug}/").content.decode()
    assert "Teilnehmende Kommunen" in staff_page
    assert "Landau in der Pfalz" in staff_page and "Speyer" in staff_page
    assert "Bob" not in staff_page and "Berg" not in staff_page

    coordinator_page = actor_client(coordinator).get(f"/termine/{event.slug}/").content.decode()
    assert "Bob Berg" in coordinator_page and "Alice Adler" in coordinator_page
    assert "teilnehmende.csv" in coordinator_page

    for other in (client, actor_client(ministry)):
        page = other.get(f"/termine/{event.slug}/").content.decode()
        assert "Teilnehmende Kommunen" not in page
        assert "Landau in der Pfalz" not in page and "Bob" not in page


def test_participating_cities_once_each_by_name_seated_only(event):
    from events import selectors
    from tests.members.factories import CoordinatorFactory

    zweibruecken = MunicipalityFactory(name="Zweibrücken", slug="zweibruecken")
    andernach = MunicipalityFactory(name="Andernach", slug="andernach")
    woerth = MunicipalityFactory(name="Wörth am Rhein", slug="woerth")
    event.capacity = 10
    event.save()
    for city in (zweibruecken, andernach, zweibruecken):
        RegistrationFactory(event=event, user=StaffFactory(municipality=city))
    RegistrationFactory(
        event=event,
        user=StaffFactory(municipality=woerth),
        status=Registration.Status.WAITING,
        waitlist_position=1,
        confirmed_at=None,
    )
    RegistrationFactory(
        event=event, user=StaffFactory(municipality=woerth), status=Registration.Status.CANCELLED
    )
    RegistrationFactory(event=event, user=CoordinatorFactory())  # a seat, no city
    cities = selectors.participating_municipalities(event=event)
    assert [(c.name, c.url) for c in cities] == [
        ("Andernach", andernach.get_absolute_url()),
        ("Zweibrücken", zweibruecken.get_absolute_url()),
    ]


def test_participating_cities_are_escaped(actor_client, event, speyer_staff):
    odd = MunicipalityFactory(name="<b>Neu & Alt</b>", slug="neu-alt")
    RegistrationFactory(event=event, user=StaffFactory(municipality=odd))
    page = actor_client(speyer_staff).get(f"/termine/{event.slug}/").content.decode()
    link = '<a class="kern-link" href="/kommunen/neu-alt/">&lt;b&gt;Neu &amp; Alt&lt;/b&gt;</a>'
    assert f"<li>{link}</li>" in page


@pytest.mark.parametrize("actor", ["speyer_staff", "coordinator"])
def test_event_page_queries_do_not_grow_with_registrations(
    actor, actor_client, event, request, django_assert_num_queries
):
    """Session, user with roles; the meeting with its counts; its agenda; the cities
    (staff) or the participants (coordinators)."""
    client = actor_client(request.getfixturevalue(actor))
    event.capacity = 30
    event.save()
    client.get(f"/termine/{event.slug}/")  # a session is renewed on its first request
    for count in (3, 40):
        for _ in range(count):
            RegistrationFactory(event=event, user=StaffFactory())
        django_cache.clear()  # factories write around the services: nothing cached is used
        with django_assert_num_queries(5):
            assert client.get(f"/termine/{event.slug}/").status_code == 200


def test_participants_csv_for_coordinators(actor_client, event, register, coordinator):
    person = StaffFactory(
        first_name="=cmd",
        last_name="Test",
        municipality=MunicipalityFactory(name="Wörth am Rhein"),
    )
    register(event, person)

    response = actor_client(coordinator).get(f"/termine/{event.slug}/teilnehmende.csv")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0] == ["Termin", "Name", "Kommune", "Status", "Wartelistenplatz", "Angemeldet am"]
    assert rows[1][1:5] == ["'=cmd Test", "Wörth am Rhein", "Angemeldet", ""]
    registered = timezone.localtime(Registration.objects.get().registered_at)
    assert rows[1][5] == registered.strftime("%d.%m.%Y %H:%M")


def test_account_page_lists_my_registrations(actor_client, register, speyer_staff, staff_of):
    upcoming = EventFactory(title="Kommendes Treffen", capacity=1)
    register(upcoming, staff_of(1)[0])
    register(upcoming, speyer_staff)
    other = EventFactory(title="Anderes Treffen")
    registration = register(other, speyer_staff)
    services.registration_cancel(registration=registration, actor=speyer_staff)

    body = actor_client(speyer_staff).get("/konto/").content.decode()

    assert "Meine Anmeldungen" in body
    assert "Kommendes Treffen" in body and "Warteliste (Platz 1)" in body
    assert "Anderes Treffen" in body and "Storniert" in body


def test_account_page_without_registrations(actor_client, speyer_staff, ministry):
    assert "Sie sind zu keinem Termin angemeldet." in (
        actor_client(speyer_staff).get("/konto/").content.decode()
    )
    assert "Meine Anmeldungen" not in actor_client(ministry).get("/konto/").content.decode()


def test_start_page_counts_upcoming_meetings(client):
    EventFactory()
    EventFactory()
    past_event()
    EventFactory(status=Event.Status.DRAFT)

    figures = client.get("/").context["figures"]

    assert {"value": 2, "label": "Anstehende Termine"} in figures


def test_past_meeting_says_it_took_place(actor_client, speyer_staff):
    event = past_event(capacity=10)
    body = actor_client(speyer_staff).get(f"/termine/{event.slug}/").content.decode()
    assert "Dieser Termin hat bereits stattgefunden." in body
    assert "Zum Termin anmelden" not in body and "Plätze frei" not in body


def test_upcoming_and_past_meetings_are_paged_each_on_their_own(client, landau):
    for n in range(25):
        EventFactory(title=f"Kommend {n}", host_municipality=landau)
        past_event(title=f"Vergangen {n}", host_municipality=landau)
    response = client.get("/termine/", {"kommende": 2, "page": 2, "host": "Landau in der"})
    upcoming, past = response.context["upcoming_page"], response.context["page"]
    assert (upcoming.number, len(upcoming.object_list)) == (2, 5)
    assert (past.number, len(past.object_list)) == (2, 5)
    html = response.content.decode()
    assert 'aria-label="Seiten der kommenden Termine"' in html
    assert "?page=2&amp;host=Landau+in+der&amp;kommende=1" in html
    assert "?kommende=2&amp;host=Landau+in+der&amp;page=1" in html
