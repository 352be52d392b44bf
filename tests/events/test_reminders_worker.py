"""Reminders through a real Celery worker on the real Redis broker.

These tests are transactional (the worker has its own database connection).
"""

import threading
import time
from datetime import timedelta

from django.db import connection
from django.utils import timezone

from core import reminders
from events import tasks
from events.models import EventReminder
from tests.events.mail_backends import FlakyBackend
from tests.events.test_reminders import meeting_due_for, reminder_mails, seated

TIMEOUT = 120


def wait_until(condition, timeout=TIMEOUT):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


def test_worker_sends_each_reminder_once_over_two_runs(celery_worker, mailoutbox):
    people = seated(meeting_due_for(7), count=3)

    first = tasks.dispatch_event_reminders.delay().get(timeout=TIMEOUT)
    second = tasks.dispatch_event_reminders.delay().get(timeout=TIMEOUT)

    assert (first["sent"], second["sent"]) == (3, 0)
    assert sorted(m.to[0] for m in reminder_mails(mailoutbox)) == sorted(
        r.user.email for r in people
    )
    assert EventReminder.objects.filter(sent_at__isnull=False).count() == 3


def test_concurrent_dispatchers_still_send_once(celery_worker, mailoutbox):
    people = seated(meeting_due_for(1), count=8) + seated(meeting_due_for(7), count=8)

    # three runs queued on the worker while four threads dispatch at the same time
    results = [tasks.dispatch_event_reminders.delay() for _ in range(3)]
    barrier = threading.Barrier(4)
    errors = []

    def dispatch_in_thread():
        try:
            barrier.wait(timeout=30)
            tasks.dispatch_event_reminders()
        except Exception as exc:  # noqa: BLE001 - asserted below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=dispatch_in_thread) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=TIMEOUT)
    for result in results:
        result.get(timeout=TIMEOUT)

    assert errors == []
    sent_to = sorted(m.to[0] for m in reminder_mails(mailoutbox))
    assert sent_to == sorted(r.user.email for r in people)
    assert EventReminder.objects.count() == 16
    assert not EventReminder.objects.filter(sent_at__isnull=True).exists()


def test_failed_send_is_retried_by_the_scheduled_task_and_delivered_once(
    celery_worker, mailoutbox, settings, monkeypatch
):
    # A short back-off, so the retry the dispatcher schedules with a countdown
    # comes within the test; the worker runs in this process and sees it.
    monkeypatch.setattr(reminders, "FIRST_RETRY", timedelta(seconds=1))
    settings.EMAIL_BACKEND = "tests.events.mail_backends.FlakyBackend"
    FlakyBackend.failures_left = 2
    people = seated(meeting_due_for(7), count=3)

    first = tasks.dispatch_event_reminders.delay().get(timeout=TIMEOUT)

    assert (first["sent"], first["failed"]) == (1, 2)
    failed = EventReminder.objects.filter(attempts=1, sent_at__isnull=True)
    assert failed.count() == 2
    assert all("Mailserver nicht erreichbar" in r.last_error for r in failed)
    # no new dispatcher call: the retry comes from apply_async(countdown=...)
    assert wait_until(lambda: not EventReminder.objects.filter(sent_at__isnull=True).exists())
    assert sorted(m.to[0] for m in reminder_mails(mailoutbox)) == sorted(
        r.user.email for r in people
    )
    retried = EventReminder.objects.filter(attempts=2)
    assert retried.count() == 2
    assert all(r.last_error == "" for r in retried)
    # and running everything again sends nothing more
    tasks.dispatch_event_reminders.delay().get(timeout=TIMEOUT)
    assert len(reminder_mails(mailoutbox)) == 3


def test_notice_after_registration_goes_through_the_worker(celery_worker, mailoutbox, speyer_staff):
    from events import services
    from tests.events.factories import EventFactory

    event = EventFactory(capacity=5)
    services.registration_create(event=event, user=speyer_staff, actor=speyer_staff)

    assert wait_until(lambda: len(mailoutbox) == 1)
    assert mailoutbox[0].subject == f"Anmeldung bestätigt: {event.title}"
    assert EventReminder.objects.get().sent_at <= timezone.now()
