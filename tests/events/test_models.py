"""Bad input is refused with clear German messages, and the database holds the line too."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from events.models import Event, Registration, ReminderOffset
from tests.events.factories import AgendaItemFactory, EventFactory, in_days

pytestmark = pytest.mark.django_db


def test_end_before_start_is_a_field_error():
    event = EventFactory.build(starts_at=in_days(5), ends_at=in_days(5) - timedelta(hours=1))

    with pytest.raises(ValidationError) as excinfo:
        event.full_clean()

    assert excinfo.value.message_dict == {"ends_at": ["Das Ende muss nach dem Beginn liegen."]}


def test_end_before_start_is_refused_by_the_database():
    event = EventFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Event.objects.filter(pk=event.pk).update(ends_at=event.starts_at)


def test_capacity_zero_is_a_field_error():
    event = EventFactory.build(capacity=0)

    with pytest.raises(ValidationError) as excinfo:
        event.full_clean()

    assert "capacity" in excinfo.value.message_dict
    assert any("mindestens einen Platz" in m for m in excinfo.value.message_dict["capacity"])


def test_capacity_zero_is_refused_by_the_database():
    event = EventFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Event.objects.filter(pk=event.pk).update(capacity=0)


def test_registration_window_must_be_ordered():
    event = EventFactory.build(registration_opens_at=in_days(3), registration_closes_at=in_days(2))
    with pytest.raises(ValidationError) as excinfo:
        event.full_clean()
    assert excinfo.value.message_dict["registration_closes_at"] == [
        "Der Anmeldeschluss muss nach dem Beginn der Anmeldung liegen."
    ]


def test_registration_deadline_not_after_the_end():
    event = EventFactory.build(registration_closes_at=in_days(30))
    with pytest.raises(ValidationError) as excinfo:
        event.full_clean()
    assert "registration_closes_at" in excinfo.value.message_dict


def test_one_active_registration_per_person_is_a_database_rule(speyer_staff):
    event = EventFactory()
    Registration.objects.create(event=event, user=speyer_staff, status="angemeldet")
    Registration.objects.create(event=event, user=speyer_staff, status="storniert")

    with pytest.raises(IntegrityError), transaction.atomic():
        Registration.objects.create(
            event=event, user=speyer_staff, status="warteliste", waitlist_position=1
        )


def test_waitlist_position_only_on_the_waiting_list(speyer_staff):
    event = EventFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Registration.objects.create(
            event=event, user=speyer_staff, status="angemeldet", waitlist_position=3
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Registration.objects.create(event=event, user=speyer_staff, status="warteliste")


def test_reminder_offsets_are_unique_and_bounded():
    event = EventFactory()
    ReminderOffset.objects.create(event=event, days_before=7)
    with pytest.raises(IntegrityError), transaction.atomic():
        ReminderOffset.objects.create(event=event, days_before=7)
    with pytest.raises(IntegrityError), transaction.atomic():
        ReminderOffset.objects.create(event=event, days_before=0)


def test_agenda_time_must_lie_within_the_meeting():
    item = AgendaItemFactory.build(event=EventFactory())
    item.starts_at = item.event.starts_at - timedelta(hours=1)
    with pytest.raises(ValidationError) as excinfo:
        item.full_clean()
    assert excinfo.value.message_dict == {
        "starts_at": ["Die Uhrzeit muss innerhalb des Termins liegen."]
    }


def test_period_reads_in_berlin_time():
    from tests.events.factories import berlin

    event = EventFactory.build(starts_at=berlin(2019, 5, 14, 10), ends_at=berlin(2019, 5, 14, 16))
    assert event.period == "Dienstag, 14. Mai 2019, 10:00–16:00 Uhr"

    spanning = EventFactory.build(
        starts_at=berlin(2026, 3, 28, 18), ends_at=berlin(2026, 3, 29, 12)
    )
    assert spanning.period == "28. März 2026, 18:00 Uhr bis 29. März 2026, 12:00 Uhr"
