"""The admin runs meetings through the events services: a meeting and a
registration changed there get the same history entries, waiting-list moves,
mails (claimed exactly once) and iCal SEQUENCE as through the portal."""

import pytest
from django.utils import timezone

from events import services
from events.models import Event, EventReminder, Registration
from members.audit import history_for
from tests.events.test_admin import event_form, management
from tests.members.factories import StaffFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(actor_client, coordinator):
    return actor_client(coordinator)


def _form_of(event: Event, **overrides) -> dict:
    starts, ends = timezone.localtime(event.starts_at), timezone.localtime(event.ends_at)
    values = {
        "kind": event.kind,
        "title": event.title,
        "slug": event.slug,
        "starts_at_0": starts.strftime("%Y-%m-%d"),
        "starts_at_1": starts.strftime("%H:%M:%S"),
        "ends_at_0": ends.strftime("%Y-%m-%d"),
        "ends_at_1": ends.strftime("%H:%M:%S"),
        "venue": event.venue,
        "address": event.address,
        "description": event.description,
        "capacity": str(event.capacity),
    }
    return event_form(**{**values, **overrides})


def test_more_seats_in_the_admin_move_the_waiting_list_up_as_the_service_does(
    admin_client, event, register, coordinator
):
    people = [StaffFactory() for _ in range(3)]
    for person in people:
        register(event, person)
    waiting = Registration.objects.get(user=people[2])
    assert waiting.status == Registration.Status.WAITING

    response = admin_client.post(
        f"/admin/events/event/{event.pk}/change/", _form_of(event, capacity="3")
    )
    assert response.status_code == 302

    waiting.refresh_from_db()
    assert (waiting.status, waiting.waitlist_position) == (Registration.Status.CONFIRMED, None)
    assert EventReminder.objects.filter(
        kind=EventReminder.Kind.PROMOTED, recipient=people[2], registration=waiting
    ).exists()
    assert history_for(waiting).filter(action="registration.promoted").exists()
    entry = history_for(event).get(action="event.changed")
    assert (entry.actor, entry.changes["capacity"]) == (coordinator, [2, 3])
    event.refresh_from_db()
    assert event.sequence == 1


def test_a_registration_in_the_admin_is_confirmed_and_mailed_like_one_on_the_page(
    admin_client, event, landau_staff, speyer_staff
):
    response = admin_client.post(
        "/admin/events/registration/add/", {"event": event.pk, "user": landau_staff.pk}
    )
    assert response.status_code == 302
    in_admin = Registration.objects.get(user=landau_staff)
    on_page = services.registration_create(event=event, user=speyer_staff, actor=speyer_staff)
    for registration in (in_admin, on_page):
        assert registration.status == Registration.Status.CONFIRMED
        assert history_for(registration).get().action == "registration.created"
        assert (
            EventReminder.objects.filter(
                kind=EventReminder.Kind.REGISTERED, registration=registration
            ).count()
            == 1
        )


def test_an_agenda_item_in_the_admin_is_logged_and_raises_the_sequence(
    admin_client, event, coordinator
):
    data = _form_of(
        event,
        **management("agenda_items", total=1),
        **{
            "agenda_items-0-order": "1",
            "agenda_items-0-title": "Markt der Projekte",
            "agenda_items-0-speaker": "",
            "agenda_items-0-project": "",
            "agenda_items-0-starts_at_0": "",
            "agenda_items-0-starts_at_1": "",
            "agenda_items-0-event": str(event.pk),
        },
    )
    assert admin_client.post(f"/admin/events/event/{event.pk}/change/", data).status_code == 302
    event.refresh_from_db()
    assert event.sequence == 1
    entry = history_for(event).get(action="agenda.create")
    assert (entry.actor, entry.changes["item"]) == (coordinator, "Markt der Projekte")
