"""Reminders at stored offsets and notices: due once, sent once, retried on failure."""

from datetime import timedelta

import icalendar
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from events import notifications, services, tasks
from events.models import Event, EventReminder, Registration, ReminderOffset
from tests.events.factories import AgendaItemFactory, EventFactory, RegistrationFactory
from tests.members.factories import StaffFactory

pytestmark = pytest.mark.django_db

Status = Registration.Status


def meeting_due_for(stage_days: int, *, offsets=(7, 1), **kwargs) -> Event:
    """A meeting whose ``stage_days`` reminder fell due an hour ago."""
    starts_at = timezone.now() + timedelta(days=stage_days) - timedelta(hours=1)
    event = EventFactory(starts_at=starts_at, ends_at=starts_at + timedelta(hours=3), **kwargs)
    ReminderOffset.objects.bulk_create(
        [ReminderOffset(event=event, days_before=days) for days in offsets]
    )
    return event


def seated(event, count=1, *, since_days=10, **kwargs):
    """People holding a seat since ``since_days`` ago (before any reminder fell due)."""
    since = timezone.now() - timedelta(days=since_days)
    return [
        RegistrationFactory(
            event=event,
            user=StaffFactory(**kwargs),
            registered_at=since,
            confirmed_at=since,
        )
        for _ in range(count)
    ]


def reminder_mails(outbox):
    return [m for m in outbox if m.subject.startswith("Erinnerung:")]


def test_seven_day_reminder_is_due_for_confirmed_participants_only():
    event = meeting_due_for(7)
    (registration,) = seated(event)
    RegistrationFactory(
        event=event, user=StaffFactory(), status=Status.WAITING, waitlist_position=1
    )
    RegistrationFactory(event=event, user=StaffFactory(), status=Status.CANCELLED)

    due = notifications.due_reminders()

    assert [(r.recipient_id, r.stage, r.kind) for r in due] == [
        (registration.user_id, "7d", EventReminder.Kind.REMINDER)
    ]


def test_nothing_is_due_before_the_first_offset():
    event = meeting_due_for(8)  # 7-day reminder falls due in a day
    seated(event)
    assert notifications.due_reminders() == []


def test_when_two_stages_are_due_only_the_latest_goes_out():
    event = meeting_due_for(1)  # 7d and 1d are both due (beat was down)
    seated(event)
    assert [r.stage for r in notifications.due_reminders()] == ["1d"]


def test_who_got_a_seat_after_a_stage_fell_due_is_not_reminded_of_it():
    event = meeting_due_for(7)
    seated(event, since_days=0)  # seat confirmed just now, after the 7d moment
    assert notifications.due_reminders() == []


def test_no_reminders_for_drafts_cancelled_or_started_meetings():
    for status in (Event.Status.DRAFT, Event.Status.CANCELLED):
        seated(meeting_due_for(1, status=status))
    now = timezone.now()
    started = EventFactory(starts_at=now - timedelta(hours=1), ends_at=now + timedelta(hours=1))
    ReminderOffset.objects.create(event=started, days_before=1)
    seated(started)
    assert notifications.due_reminders() == []


def test_offsets_are_data_edited_per_event():
    event = meeting_due_for(3, offsets=(3,))
    seated(event)
    assert [r.stage for r in notifications.due_reminders()] == ["3d"]

    event.reminder_offsets.all().delete()
    assert notifications.due_reminders() == []


def test_dispatch_sends_a_german_mail_with_agenda_and_calendar(mailoutbox, settings):
    settings.SITE_URL = "https://portal.ikone-rlp.de"
    event = meeting_due_for(7, title="Markt der Projekte", slug="markt")
    AgendaItemFactory(event=event, title="Smarte Lichtmasten", speaker="Stadtwerke", order=1)
    AgendaItemFactory(event=event, title="Kitaportal", order=2)
    (registration,) = seated(event)

    result = tasks.dispatch_event_reminders()

    assert result == {"sent": 1, "failed": 0, "due": 1}
    (message,) = mailoutbox
    assert message.to == [registration.user.email]
    assert message.subject.startswith("Erinnerung: Markt der Projekte am ")
    assert "Smarte Lichtmasten (Stadtwerke)" in message.body
    assert "Kitaportal" in message.body
    assert "https://portal.ikone-rlp.de/termine/markt/" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert "<li>Smarte Lichtmasten (Stadtwerke)</li>" in html
    (filename, content, attachment_type) = message.attachments[0]
    assert filename == "markt.ics"
    assert attachment_type.startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(content)
    (component,) = calendar.walk("VEVENT")
    assert component["SUMMARY"] == "Markt der Projekte"
    assert component["DTSTART"].dt == event.starts_at.replace(microsecond=0)
    reminder = EventReminder.objects.get()
    assert reminder.sent_at is not None and reminder.attempts == 1


def test_running_the_dispatcher_twice_sends_once(mailoutbox):
    seated(meeting_due_for(7), count=3)

    tasks.dispatch_event_reminders()
    second = tasks.dispatch_event_reminders()

    assert second == {"sent": 0, "failed": 0, "due": 3}
    assert len(mailoutbox) == 3
    assert EventReminder.objects.count() == 3


def test_a_failed_send_is_retried_with_back_off_and_sent_once(mailoutbox, settings):
    from tests.events.mail_backends import FlakyBackend

    settings.EMAIL_BACKEND = "tests.events.mail_backends.FlakyBackend"
    FlakyBackend.failures_left = 1
    seated(meeting_due_for(7), count=2)
    before = timezone.now()

    first = tasks.dispatch_event_reminders()

    assert (first["sent"], first["failed"]) == (1, 1)
    failed = EventReminder.objects.get(sent_at__isnull=True)
    assert failed.attempts == 1
    assert "Mailserver nicht erreichbar" in failed.last_error
    assert failed.next_attempt_at >= before + timedelta(minutes=5)

    # nothing is sent again before the back-off has passed ...
    assert tasks.dispatch_event_reminders()["sent"] == 0
    # ... and once it has, the failed one goes out, exactly once
    later = timezone.now() + timedelta(minutes=6)
    assert notifications.deliver(later).sent == 1
    assert notifications.deliver(later + timedelta(hours=1)).sent == 0
    assert sorted(m.to[0] for m in mailoutbox) == sorted(
        EventReminder.objects.values_list("recipient__email", flat=True)
    )
    assert len(mailoutbox) == 2


def test_a_reminder_is_not_sent_after_the_person_cancelled(mailoutbox, settings):
    from tests.events.mail_backends import FlakyBackend

    settings.EMAIL_BACKEND = "tests.events.mail_backends.FlakyBackend"
    FlakyBackend.failures_left = 1
    (registration,) = seated(meeting_due_for(7))
    tasks.dispatch_event_reminders()  # claimed, send failed
    Registration.objects.filter(pk=registration.pk).update(status=Status.CANCELLED)

    assert notifications.deliver(timezone.now() + timedelta(hours=1)).sent == 0
    assert mailoutbox == []


def test_dispatch_reads_with_a_constant_number_of_queries(mailoutbox):
    """Reading and rendering is batched; per mail there are two small writes
    (renew its lease, mark it sent), each committed on its own."""

    def queries_for(people: int) -> tuple[int, int]:
        for _ in range(2):
            event = meeting_due_for(7)
            AgendaItemFactory(event=event)
            AgendaItemFactory(event=event)
            seated(event, count=people)
        with CaptureQueriesContext(connection) as captured:
            result = tasks.dispatch_event_reminders()
        assert result["sent"] == 2 * people
        updates = sum(query["sql"].startswith("UPDATE") for query in captured)
        return len(captured) - updates, updates

    few_reads, few_updates = queries_for(3)
    many_reads, many_updates = queries_for(30)
    assert few_reads == many_reads
    assert (few_updates, many_updates) == (1 + 2 * 6, 1 + 2 * 60)
    assert len(mailoutbox) == 66


def test_notices_are_sent_once_after_commit(
    event, speyer_staff, landau_staff, mailoutbox, django_capture_on_commit_callbacks
):
    event.capacity = 1
    event.save()
    with django_capture_on_commit_callbacks(execute=True):
        seat = services.registration_create(event=event, user=speyer_staff, actor=speyer_staff)
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_create(event=event, user=landau_staff, actor=landau_staff)
    assert [m.subject for m in mailoutbox] == [
        f"Anmeldung bestätigt: {event.title}",
        f"Warteliste: {event.title}",
    ]
    assert "derzeit auf Platz 1" in mailoutbox[1].body
    assert mailoutbox[0].attachments and not mailoutbox[1].attachments

    with django_capture_on_commit_callbacks(execute=True):
        services.registration_cancel(registration=seat, actor=speyer_staff)

    promoted = mailoutbox[2]
    assert promoted.to == [landau_staff.email]
    assert promoted.subject == f"Sie sind nachgerückt: {event.title}"
    assert "Ihr Platz ist bestätigt" in promoted.body
    assert promoted.attachments[0][0] == f"{event.slug}.ics"
    assert len(mailoutbox) == 3
    tasks.deliver_event_mails()
    assert len(mailoutbox) == 3


def test_event_cancellation_mail_carries_a_calendar_cancellation(
    event, speyer_staff, coordinator, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_create(event=event, user=speyer_staff, actor=speyer_staff)
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.event_cancel(event=event, actor=coordinator, reason="Der Saal ist nicht frei.")

    (message,) = mailoutbox
    assert message.subject == f"Abgesagt: {event.title}"
    assert "Der Saal ist nicht frei." in message.body
    calendar = icalendar.Calendar.from_ical(message.attachments[0][1])
    assert calendar["METHOD"] == "CANCEL"
    assert calendar.walk("VEVENT")[0]["STATUS"] == "CANCELLED"
