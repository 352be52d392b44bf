"""Registration rules: seats, waiting list, window, cancelled events, attendance."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from events import services
from events.models import AgendaItem, Event, EventReminder, Registration
from members.models import AuditEntry
from tests.events.factories import EventFactory
from tests.members.factories import StaffFactory

pytestmark = pytest.mark.django_db

Status = Registration.Status


def statuses(event):
    return list(
        Registration.objects.filter(event=event)
        .order_by("pk")
        .values_list("user__email", "status", "waitlist_position")
    )


def test_register_confirms_while_seats_are_free(event, register, speyer_staff):
    registration = register(event, speyer_staff)

    assert registration.status == Status.CONFIRMED
    assert registration.waitlist_position is None
    assert registration.confirmed_at is not None
    assert AuditEntry.objects.filter(action="registration.created").count() == 1


def test_register_when_full_puts_people_on_the_waiting_list_in_order(event, register, staff_of):
    people = staff_of(5)
    results = [register(event, person) for person in people]

    assert [r.status for r in results] == [Status.CONFIRMED] * 2 + [Status.WAITING] * 3
    assert [r.waitlist_position for r in results] == [None, None, 1, 2, 3]


def test_unlimited_capacity_never_waitlists(register, staff_of):
    event = EventFactory(capacity=None)
    results = [register(event, person) for person in staff_of(4)]
    assert {r.status for r in results} == {Status.CONFIRMED}


def test_registering_twice_is_refused_with_a_clear_message(event, register, speyer_staff):
    register(event, speyer_staff)

    with pytest.raises(ValidationError) as excinfo:
        register(event, speyer_staff)

    assert excinfo.value.messages == ["Sie sind für diesen Termin bereits angemeldet."]
    assert Registration.objects.filter(event=event, user=speyer_staff).count() == 1


def test_registering_twice_on_the_waiting_list_names_the_position(event, register, staff_of):
    first, second, third = staff_of(3)
    register(event, first)
    register(event, second)
    register(event, third)

    with pytest.raises(ValidationError) as excinfo:
        register(event, third)

    assert excinfo.value.messages == ["Sie stehen bereits auf der Warteliste (Platz 1)."]


def test_registering_again_after_cancelling_is_allowed(event, register, speyer_staff):
    first = register(event, speyer_staff)
    services.registration_cancel(registration=first, actor=speyer_staff)

    again = register(event, speyer_staff)

    assert again.pk != first.pk
    assert again.status == Status.CONFIRMED


def test_cancelling_a_seat_promotes_the_first_on_the_waiting_list(event, register, staff_of):
    a, b, c, d = staff_of(4)
    seat = register(event, a)
    register(event, b)
    register(event, c)  # waiting 1
    register(event, d)  # waiting 2

    services.registration_cancel(registration=seat, actor=a)

    assert statuses(event) == [
        (a.email, Status.CANCELLED, None),
        (b.email, Status.CONFIRMED, None),
        (c.email, Status.CONFIRMED, None),
        (d.email, Status.WAITING, 1),
    ]
    promoted = Registration.objects.get(event=event, user=c)
    assert promoted.confirmed_at is not None
    assert EventReminder.objects.filter(
        registration=promoted, kind=EventReminder.Kind.PROMOTED
    ).exists()


def test_promotion_follows_the_waiting_list_order_over_several_cancellations(
    event, register, staff_of
):
    people = staff_of(6)
    registrations = [register(event, person) for person in people]
    promoted_order = []

    for seat_holder in registrations[:2]:
        services.registration_cancel(registration=seat_holder, actor=seat_holder.user)
        newest = (
            Registration.objects.filter(event=event, status=Status.CONFIRMED)
            .order_by("-confirmed_at", "-pk")
            .first()
        )
        promoted_order.append(newest.user)

    assert promoted_order == people[2:4]
    waiting = Registration.objects.filter(event=event, status=Status.WAITING).order_by(
        "waitlist_position"
    )
    assert [(r.user, r.waitlist_position) for r in waiting] == [(people[4], 1), (people[5], 2)]


def test_leaving_the_waiting_list_closes_the_gap(event, register, staff_of):
    people = staff_of(5)
    registrations = [register(event, person) for person in people]

    services.registration_cancel(registration=registrations[3], actor=people[3])

    waiting = Registration.objects.filter(event=event, status=Status.WAITING).order_by(
        "waitlist_position"
    )
    assert [(r.user, r.waitlist_position) for r in waiting] == [(people[2], 1), (people[4], 2)]
    assert Registration.objects.filter(event=event, status=Status.CONFIRMED).count() == 2


def test_raising_the_capacity_moves_people_up(event, register, staff_of, coordinator):
    people = staff_of(5)
    for person in people:
        register(event, person)

    event.capacity = 4
    services.event_save(event=event, actor=coordinator, changed=["capacity"])

    assert Registration.objects.filter(event=event, status=Status.CONFIRMED).count() == 4
    assert list(
        Registration.objects.filter(event=event, status=Status.WAITING).values_list(
            "user", "waitlist_position"
        )
    ) == [(people[4].pk, 1)]


def test_registration_before_the_window_opens_is_refused(register, speyer_staff):
    opens = timezone.now() + timedelta(days=2)
    event = EventFactory(registration_opens_at=opens)

    with pytest.raises(ValidationError) as excinfo:
        register(event, speyer_staff)

    assert excinfo.value.code == "registration_closed"
    assert excinfo.value.messages[0].startswith("Die Anmeldung ist erst ab ")
    assert not Registration.objects.exists()


def test_registration_after_the_deadline_is_refused(register, speyer_staff):
    event = EventFactory(registration_closes_at=timezone.now() - timedelta(minutes=1))

    with pytest.raises(ValidationError) as excinfo:
        register(event, speyer_staff)

    assert excinfo.value.messages[0].startswith("Die Anmeldefrist ist am ")
    assert excinfo.value.messages[0].endswith("abgelaufen.")


def test_registration_closes_when_the_meeting_begins(register, speyer_staff):
    now = timezone.now()
    event = EventFactory(starts_at=now - timedelta(minutes=5), ends_at=now + timedelta(hours=2))

    with pytest.raises(ValidationError, match="Anmeldefrist"):
        register(event, speyer_staff)


def test_registration_for_a_cancelled_event_is_refused(register, speyer_staff):
    event = EventFactory(status=Event.Status.CANCELLED)

    with pytest.raises(ValidationError) as excinfo:
        register(event, speyer_staff)

    assert excinfo.value.messages == [
        "Dieser Termin wurde abgesagt; eine Anmeldung ist nicht möglich."
    ]


def test_registration_for_a_draft_is_refused(register, speyer_staff):
    event = EventFactory(status=Event.Status.DRAFT)

    with pytest.raises(ValidationError, match="noch nicht veröffentlicht"):
        register(event, speyer_staff)


def test_ministry_cannot_register(event, register, ministry):
    with pytest.raises(PermissionDenied):
        register(event, ministry)
    assert not Registration.objects.exists()


def test_staff_cannot_register_someone_else(event, speyer_staff, landau_staff):
    with pytest.raises(PermissionDenied, match="nur sich selbst"):
        services.registration_create(event=event, user=landau_staff, actor=speyer_staff)


def test_coordinator_registers_someone_else(event, coordinator, landau_staff):
    registration = services.registration_create(event=event, user=landau_staff, actor=coordinator)
    assert registration.user == landau_staff
    assert registration.status == Status.CONFIRMED


def test_coordinator_cannot_register_the_ministry(event, coordinator, ministry):
    with pytest.raises(ValidationError, match="kann nicht zu Terminen angemeldet werden"):
        services.registration_create(event=event, user=ministry, actor=coordinator)


def test_cancelling_someone_elses_registration_is_forbidden(
    event, register, speyer_staff, landau_staff
):
    registration = register(event, speyer_staff)

    with pytest.raises(PermissionDenied) as excinfo:
        services.registration_cancel(registration=registration, actor=landau_staff)

    assert str(excinfo.value) == "Sie können nur Ihre eigene Anmeldung stornieren."
    registration.refresh_from_db()
    assert registration.status == Status.CONFIRMED


def test_coordinator_cancels_for_someone_and_the_person_is_told(
    event, register, speyer_staff, coordinator
):
    registration = register(event, speyer_staff)

    services.registration_cancel(registration=registration, actor=coordinator)

    registration.refresh_from_db()
    assert registration.status == Status.CANCELLED
    assert EventReminder.objects.filter(
        recipient=speyer_staff, kind=EventReminder.Kind.REGISTRATION_CANCELLED
    ).exists()


def test_cancelling_twice_is_refused(event, register, speyer_staff):
    registration = register(event, speyer_staff)
    services.registration_cancel(registration=registration, actor=speyer_staff)

    with pytest.raises(ValidationError, match="bereits storniert"):
        services.registration_cancel(registration=registration, actor=speyer_staff)


def test_cancelling_after_the_start_is_refused(register, speyer_staff):
    event = EventFactory()
    registration = register(event, speyer_staff)
    Event.objects.filter(pk=event.pk).update(
        starts_at=timezone.now() - timedelta(hours=1), ends_at=timezone.now() + timedelta(hours=1)
    )

    with pytest.raises(ValidationError, match="bereits begonnen"):
        services.registration_cancel(registration=registration, actor=speyer_staff)


def test_mark_attended_needs_a_coordinator_and_a_started_meeting(
    register, speyer_staff, coordinator
):
    event = EventFactory()
    registration = register(event, speyer_staff)

    with pytest.raises(PermissionDenied):
        services.registration_mark_attended(registration=registration, actor=speyer_staff)
    with pytest.raises(ValidationError, match="erst ab Beginn"):
        services.registration_mark_attended(registration=registration, actor=coordinator)

    Event.objects.filter(pk=event.pk).update(
        starts_at=timezone.now() - timedelta(hours=1), ends_at=timezone.now() + timedelta(hours=1)
    )
    services.registration_mark_attended(registration=registration, actor=coordinator)

    registration.refresh_from_db()
    assert registration.status == Status.ATTENDED
    assert registration.attended_at is not None


def test_event_mark_attended_marks_every_confirmed_registration(register, staff_of, coordinator):
    event = EventFactory(capacity=2)
    people = staff_of(3)
    for person in people:
        register(event, person)
    Event.objects.filter(pk=event.pk).update(
        starts_at=timezone.now() - timedelta(hours=2), ends_at=timezone.now() - timedelta(hours=1)
    )

    count = services.event_mark_attended(event=event, actor=coordinator)

    assert count == 2
    assert sorted(Registration.objects.filter(event=event).values_list("status", flat=True)) == [
        Status.ATTENDED,
        Status.ATTENDED,
        Status.WAITING,
    ]


def test_publish_and_cancel_raise_the_sequence(coordinator):
    event = EventFactory(status=Event.Status.DRAFT)

    published = services.event_publish(event=event, actor=coordinator)
    assert (published.status, published.sequence) == (Event.Status.PUBLISHED, 1)
    assert published.published_at is not None

    with pytest.raises(ValidationError, match="bereits veröffentlicht"):
        services.event_publish(event=event, actor=coordinator)

    services.event_cancel(event=event, actor=coordinator, reason="Krankheit")
    event.refresh_from_db()
    assert (event.status, event.sequence) == (Event.Status.CANCELLED, 2)
    assert event.cancellation_reason == "Krankheit"

    with pytest.raises(ValidationError, match="kann nicht wieder veröffentlicht"):
        services.event_publish(event=event, actor=coordinator)
    assert AuditEntry.objects.filter(action__in=["event.published", "event.cancelled"]).count() == 2


def test_only_coordinators_publish_and_cancel(speyer_staff, ministry):
    event = EventFactory(status=Event.Status.DRAFT)
    for actor in (speyer_staff, ministry, None):
        with pytest.raises(PermissionDenied):
            services.event_publish(event=event, actor=actor)
        with pytest.raises(PermissionDenied):
            services.event_cancel(event=event, actor=actor)
    event.refresh_from_db()
    assert event.status == Event.Status.DRAFT


def test_cancelling_an_event_notifies_everyone_registered(event, register, staff_of, coordinator):
    people = staff_of(3)  # two seats, one waiting
    for person in people:
        register(event, person)
    cancelled = register(event, StaffFactory())
    services.registration_cancel(registration=cancelled, actor=cancelled.user)

    notified = services.event_cancel(event=event, actor=coordinator)

    assert notified == 3
    recipients = EventReminder.objects.filter(kind=EventReminder.Kind.EVENT_CANCELLED)
    assert set(recipients.values_list("recipient", flat=True)) == {p.pk for p in people}


def test_a_past_event_cannot_be_cancelled(coordinator):
    now = timezone.now()
    event = EventFactory(starts_at=now - timedelta(days=2), ends_at=now - timedelta(days=1))

    with pytest.raises(ValidationError, match="vergangener Termin"):
        services.event_cancel(event=event, actor=coordinator)


def test_every_change_raises_the_sequence(event, coordinator):
    event.title = "Neuer Titel"
    services.event_save(event=event, actor=coordinator, changed=["title"])
    event.venue = "Stadthalle"
    services.event_save(event=event, actor=coordinator, changed=["venue"])
    services.agenda_item_save(item=AgendaItem(event=event, title="Begrüßung"), actor=coordinator)

    event.refresh_from_db()
    assert event.sequence == 3
    assert (event.title, event.venue) == ("Neuer Titel", "Stadthalle")


def test_saving_without_changes_keeps_the_sequence(event, coordinator):
    services.event_save(event=event, actor=coordinator, changed=[])
    event.refresh_from_db()
    assert event.sequence == 0


def test_a_new_event_gets_the_default_reminders(coordinator):
    event = EventFactory.build(slug="neu", title="Neu")
    services.event_save(event=event, actor=coordinator)

    assert sorted(event.reminder_offsets.values_list("days_before", flat=True)) == [1, 7]
    assert event.created_by == coordinator
