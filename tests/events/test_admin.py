"""Coordinators run meetings in the admin: the services behind every button."""

import csv
import io
from datetime import timedelta

import pytest
from django.utils import timezone

from events.models import AgendaItem, Event, EventReminder, Registration
from members.models import AuditEntry
from tests.events.factories import EventFactory, in_days
from tests.members.factories import StaffFactory

pytestmark = pytest.mark.django_db


def management(prefix: str, total: int = 0, initial: int = 0) -> dict:
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def event_form(**overrides) -> dict:
    starts = timezone.localtime(in_days(20))
    data = {
        "kind": "workshop",
        "title": "Workshop Open Data",
        "slug": "workshop-open-data",
        "description": "",
        "starts_at_0": starts.strftime("%Y-%m-%d"),
        "starts_at_1": "10:00",
        "ends_at_0": starts.strftime("%Y-%m-%d"),
        "ends_at_1": "13:00",
        "time_note": "",
        "venue": "Rathaus",
        "address": "",
        "online_url": "",
        "host_municipality": "",
        "capacity": "20",
        "registration_opens_at_0": "",
        "registration_opens_at_1": "",
        "registration_closes_at_0": "",
        "registration_closes_at_1": "",
        **management("agenda_items"),
        **management("reminder_offsets"),
        **management("registrations"),
    }
    data.update(overrides)
    return data


@pytest.fixture
def admin_client(actor_client, coordinator):
    return actor_client(coordinator)


def test_adding_an_event_creates_a_draft_with_default_reminders(admin_client, coordinator):
    response = admin_client.post("/admin/events/event/add/", event_form())

    assert response.status_code == 302, response.context["adminform"].form.errors
    event = Event.objects.get(slug="workshop-open-data")
    assert event.status == Event.Status.DRAFT
    assert event.sequence == 0
    assert event.created_by == coordinator
    assert sorted(event.reminder_offsets.values_list("days_before", flat=True)) == [1, 7]
    assert timezone.localtime(event.starts_at).hour == 10


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"ends_at_1": "09:00"}, "ends_at", "Das Ende muss nach dem Beginn liegen."),
        ({"capacity": "0"}, "capacity", "Es muss mindestens einen Platz geben."),
    ],
)
def test_bad_input_is_a_field_error_in_german(admin_client, overrides, field, message):
    response = admin_client.post("/admin/events/event/add/", event_form(**overrides))

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert message in errors[field]
    assert not Event.objects.exists()


def test_changing_the_event_or_its_agenda_raises_the_sequence(admin_client):
    event = EventFactory(slug="workshop-open-data", title="Alt", capacity=20)
    starts = timezone.localtime(event.starts_at)
    base = event_form(
        kind=event.kind,
        starts_at_0=starts.strftime("%Y-%m-%d"),
        starts_at_1=starts.strftime("%H:%M:%S"),
        ends_at_0=timezone.localtime(event.ends_at).strftime("%Y-%m-%d"),
        ends_at_1=timezone.localtime(event.ends_at).strftime("%H:%M:%S"),
        venue=event.venue,
        address=event.address,
        description=event.description,
    )
    url = f"/admin/events/event/{event.pk}/change/"

    admin_client.post(url, {**base, "title": "Neu"})
    event.refresh_from_db()
    assert (event.title, event.sequence) == ("Neu", 1)

    with_agenda = {
        **base,
        "title": "Neu",
        **management("agenda_items", total=1),
        "agenda_items-0-order": "1",
        "agenda_items-0-title": "Begrüßung",
        "agenda_items-0-speaker": "",
        "agenda_items-0-project": "",
        "agenda_items-0-starts_at_0": "",
        "agenda_items-0-starts_at_1": "",
        "agenda_items-0-event": str(event.pk),
    }
    response = admin_client.post(url, with_agenda)
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.sequence == 2
    assert AgendaItem.objects.get().title == "Begrüßung"

    admin_client.post(
        url,
        {
            **base,
            "title": "Neu",
            **management("agenda_items", 1, 1),
            "agenda_items-0-id": str(AgendaItem.objects.get().pk),
            "agenda_items-0-event": str(event.pk),
            "agenda_items-0-order": "1",
            "agenda_items-0-title": "Begrüßung",
            "agenda_items-0-speaker": "",
            "agenda_items-0-project": "",
            "agenda_items-0-starts_at_0": "",
            "agenda_items-0-starts_at_1": "",
        },
    )
    event.refresh_from_db()
    assert event.sequence == 2  # saved without changes


def test_publish_action(admin_client):
    draft = EventFactory(status=Event.Status.DRAFT)

    response = admin_client.post(
        "/admin/events/event/", {"action": "publish", "_selected_action": [draft.pk]}, follow=True
    )

    draft.refresh_from_db()
    assert draft.status == Event.Status.PUBLISHED
    assert "1 Termin veröffentlicht." in [str(m) for m in response.context["messages"]]


def test_cancel_action_asks_first_then_cancels_and_notifies(
    admin_client, event, register, staff_of
):
    people = staff_of(3)
    for person in people:
        register(event, person)

    confirm_page = admin_client.post(
        "/admin/events/event/", {"action": "cancel", "_selected_action": [event.pk]}
    )
    assert confirm_page.status_code == 200
    assert "3 Personen werden benachrichtigt" in confirm_page.content.decode()
    event.refresh_from_db()
    assert event.status == Event.Status.PUBLISHED

    response = admin_client.post(
        "/admin/events/event/",
        {
            "action": "cancel",
            "_selected_action": [event.pk],
            "confirm": "yes",
            "reason": "Referent erkrankt",
        },
        follow=True,
    )

    event.refresh_from_db()
    assert event.status == Event.Status.CANCELLED
    assert event.cancellation_reason == "Referent erkrankt"
    assert EventReminder.objects.filter(kind=EventReminder.Kind.EVENT_CANCELLED).count() == 3
    assert "1 Termin(e) abgesagt; 3 Person(en) werden benachrichtigt." in [
        str(m) for m in response.context["messages"]
    ]


def test_mark_attended_action_refuses_before_the_start(admin_client, event, register, speyer_staff):
    register(event, speyer_staff)
    response = admin_client.post(
        "/admin/events/event/",
        {"action": "mark_attended", "_selected_action": [event.pk]},
        follow=True,
    )
    assert any("erst ab Beginn" in str(m) for m in response.context["messages"])

    Event.objects.filter(pk=event.pk).update(
        starts_at=timezone.now() - timedelta(hours=3), ends_at=timezone.now() - timedelta(hours=1)
    )
    admin_client.post(
        "/admin/events/event/", {"action": "mark_attended", "_selected_action": [event.pk]}
    )
    assert Registration.objects.get().status == Registration.Status.ATTENDED


def test_export_participants_action(admin_client, event, register, staff_of):
    for person in staff_of(3):
        register(event, person)

    response = admin_client.post(
        "/admin/events/event/", {"action": "export_participants", "_selected_action": [event.pk]}
    )

    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        f'attachment; filename="teilnehmende-{event.slug}.csv"'
    )
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert [row[3] for row in rows[1:]] == ["Angemeldet", "Angemeldet", "Warteliste"]
    assert rows[3][4] == "1"


def test_coordinator_registers_someone_in_the_admin(admin_client, event, landau_staff):
    response = admin_client.post(
        "/admin/events/registration/add/", {"event": event.pk, "user": landau_staff.pk}
    )
    assert response.status_code == 302
    registration = Registration.objects.get()
    assert (registration.user, registration.status) == (landau_staff, "angemeldet")
    assert AuditEntry.objects.filter(action="registration.created").exists()


def test_admin_registration_twice_shows_the_reason(admin_client, event, landau_staff, register):
    register(event, landau_staff)
    response = admin_client.post(
        "/admin/events/registration/add/", {"event": event.pk, "user": landau_staff.pk}
    )
    assert response.status_code == 200  # the form again, with the service's reason
    assert response.context["adminform"].form.non_field_errors() == [
        "Diese Person ist für diesen Termin bereits angemeldet."
    ]
    assert Registration.objects.count() == 1


def test_cancel_registrations_action_promotes_the_waiting_list(admin_client, event, register):
    people = [StaffFactory() for _ in range(3)]
    registrations = [register(event, person) for person in people]

    admin_client.post(
        "/admin/events/registration/",
        {"action": "cancel_registrations", "_selected_action": [registrations[0].pk]},
    )

    assert Registration.objects.get(pk=registrations[0].pk).status == "storniert"
    assert Registration.objects.get(pk=registrations[2].pk).status == "angemeldet"
    assert EventReminder.objects.filter(
        kind=EventReminder.Kind.REGISTRATION_CANCELLED, recipient=people[0]
    ).exists()


def test_admin_change_page_shows_inlines(admin_client, event, register, speyer_staff):
    register(event, speyer_staff)
    body = admin_client.get(f"/admin/events/event/{event.pk}/change/").content.decode()
    assert "Programm" in body
    assert "Erinnerungen an bestätigte Teilnehmende" in body
    assert speyer_staff.email in body or str(speyer_staff) in body
