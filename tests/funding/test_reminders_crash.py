"""A dispatcher that dies mid-batch: at most the one mail in flight goes out
twice, nothing is lost, and the rest of its batch is sent once its lease runs
out. Every mail carries a Message-ID stable over retries."""

from collections import Counter
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from core import reminders as engine
from funding import reminders
from funding.models import ReportingReminder
from tests.funding.crash_backends import DyingBackend, WorkerDied
from tests.funding.factories import GrantFactory, ObligationFactory, default_offsets
from tests.members.factories import StaffFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def twenty_mails(program, speyer, coordinator):
    """10 obligations due tomorrow, each to one staff member and the coordinator."""
    default_offsets()
    StaffFactory(municipality=speyer)
    for _ in range(10):
        ObligationFactory(
            grant=GrantFactory(program=program, municipality=speyer),
            due_date=timezone.localdate() + timedelta(days=1),
        )


@pytest.fixture
def dying_backend(settings):
    settings.EMAIL_BACKEND = "tests.funding.crash_backends.DyingBackend"
    yield DyingBackend
    DyingBackend.die_after = None


def _after_the_lease(settings):
    return timezone.now() + timedelta(seconds=settings.REMINDER_SENDING_LEASE_SECONDS + 1)


def test_a_crash_mid_batch_sends_one_mail_twice_and_loses_none(
    twenty_mails, dying_backend, settings
):
    dying_backend.die_after = 7
    with pytest.raises(WorkerDied):
        reminders.dispatch()
    assert len(mail.outbox) == 7
    assert ReportingReminder.objects.filter(sent_at__isnull=False).count() == 6
    # Right after the crash its batch is still leased: a second dispatcher
    # (the retry) leaves it alone rather than racing a possibly live sender.
    assert reminders.dispatch().sent == 0
    # Once the lease has run out, the rest goes out, the one in flight again.
    result = reminders.dispatch(now=_after_the_lease(settings))
    assert result.sent == 14
    ids = Counter(message.extra_headers["Message-ID"] for message in mail.outbox)
    assert len(ids) == 20
    assert sorted(ids.values()) == [1] * 19 + [2]
    assert not ReportingReminder.objects.filter(sent_at__isnull=True).exists()
    assert not ReportingReminder.objects.filter(sending_since__isnull=False).exists()


def test_message_id_names_what_whom_and_stage(twenty_mails, settings):
    settings.SITE_URL = "https://portal.example.org"
    reminders.dispatch()
    row = ReportingReminder.objects.order_by("pk").first()
    expected = f"<reminder.funding.{row.obligation_id}.{row.recipient_id}.vor-1@portal.example.org>"
    assert expected in {message.extra_headers["Message-ID"] for message in mail.outbox}
    [message] = [m for m in mail.outbox if m.extra_headers["Message-ID"] == expected]
    assert f"Message-ID: {expected}" in message.message().as_string()


def test_a_row_taken_over_by_another_dispatcher_is_not_sent_by_the_first(twenty_mails):
    taken = []

    def build(reminder):
        # While the first dispatcher renders, another one takes this row over
        # (as after a lease that ran out): the first must not send it.
        if not taken:
            ReportingReminder.objects.filter(pk=reminder.pk).update(
                sending_since=timezone.now() + timedelta(seconds=1)
            )
            taken.append(reminder.pk)
        return reminders.ReminderMessages()(reminder)

    engine.claim(ReportingReminder, reminders.due_reminders(timezone.now()))
    result = engine.deliver_pending(reminders.pending_queryset(), build)
    assert (result.sent, result.skipped) == (19, 1)
    assert len(mail.outbox) == 19
    assert ReportingReminder.objects.get(pk=taken[0]).sent_at is None


def test_a_failed_send_releases_its_lease_and_backs_off(twenty_mails, settings):
    settings.EMAIL_BACKEND = "tests.funding.mail_backends.FlakyBackend"
    from tests.funding.mail_backends import FlakyBackend

    FlakyBackend.failures_left = 3
    result = reminders.dispatch()
    assert (result.sent, result.failed) == (17, 3)
    failed = ReportingReminder.objects.filter(sent_at__isnull=True)
    assert failed.count() == 3
    assert all(row.sending_since is None and row.attempts == 1 for row in failed)
    assert reminders.dispatch(now=timezone.now() + engine.FIRST_RETRY).sent == 3
    assert len(mail.outbox) == 20


def test_mail_server_down_postpones_a_batch_with_one_update(twenty_mails, settings):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9  # nothing listens
    with CaptureQueriesContext(connection) as queries:
        result = reminders.dispatch()
    assert (result.sent, result.failed) == (0, 20)
    # One lease and one back-off for the batch, not one write per mail.
    assert sum(query["sql"].startswith("UPDATE") for query in queries) == 2
    rows = ReportingReminder.objects.all()
    assert all(r.sending_since is None and r.attempts == 1 and r.last_error for r in rows)
