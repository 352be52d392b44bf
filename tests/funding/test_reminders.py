"""Reporting reminders: due stages from the offsets in the database, exactly once,
batched, retried after a failed send, never for submitted obligations.

The tests marked with ``celery_worker`` run the beat task on a real Celery
worker over the real Redis broker (and are transactional)."""

import threading
import time
from datetime import UTC, datetime, timedelta

import pytest
from django.core import mail
from django.db import OperationalError, connection, connections
from django.test.signals import template_rendered
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core import reminders as shared_reminders
from funding import reminders, services
from funding.models import ReminderOffset, ReportingObligation, ReportingReminder
from funding.reminders import Schedule, due_stage
from funding.tasks import dispatch_reporting_reminders
from tests.funding.factories import GrantFactory, ObligationFactory, default_offsets
from tests.funding.mail_backends import FlakyBackend
from tests.members.factories import StaffFactory

DEFAULT = Schedule(before=(1, 7, 30), overdue_every=7)


@pytest.fixture
def offsets(db):
    default_offsets()


def _in_days(days: int):
    return timezone.localdate() + timedelta(days=days)


@pytest.fixture
def due_in_seven(speyer_grant, offsets):
    return ObligationFactory(grant=speyer_grant, due_date=_in_days(7))


@pytest.fixture
def people(speyer_staff, landau_staff, coordinator, ministry):
    """Staff of both cities, a coordinator and the ministry: the first and the
    coordinator are the recipients of Speyer's reminders."""
    return {speyer_staff.email, coordinator.email}


def _recipients() -> set[str]:
    return {address for message in mail.outbox for address in message.to}


@pytest.mark.parametrize(
    ("days_until_due", "stage"),
    [
        (45, None),
        (31, None),
        (30, "vor-30"),
        (12, "vor-30"),
        (7, "vor-7"),
        (2, "vor-7"),
        (1, "vor-1"),
        (0, "vor-1"),
        (-1, "ueberfaellig-1"),
        (-7, "ueberfaellig-1"),
        (-8, "ueberfaellig-2"),
        (-15, "ueberfaellig-3"),
    ],
)
def test_due_stage(days_until_due, stage):
    today = datetime(2026, 3, 1, tzinfo=UTC).date()
    assert due_stage(today + timedelta(days=days_until_due), today, DEFAULT) == stage


def test_no_overdue_offset_means_no_overdue_reminders():
    today = datetime(2026, 3, 1, tzinfo=UTC).date()
    schedule = Schedule(before=(7,), overdue_every=None)
    assert due_stage(today - timedelta(days=3), today, schedule) is None


@pytest.mark.django_db
def test_defaults_are_seeded_by_the_data_migration():
    # Another (transactional) test may have flushed the table; the migration's
    # own function restores exactly the defaults.
    from importlib import import_module

    from django.apps import apps

    ReminderOffset.objects.all().delete()
    import_module("funding.migrations.0002_seed_reminder_offsets").seed(apps, None)
    assert set(ReminderOffset.objects.values_list("kind", "days")) == {
        ("vor_faelligkeit", 30),
        ("vor_faelligkeit", 7),
        ("vor_faelligkeit", 1),
        ("ueberfaellig", 7),
    }


@pytest.mark.django_db
class TestDispatch:
    def test_sends_to_city_staff_and_coordinators_once(self, due_in_seven, people, mailoutbox):
        result = reminders.dispatch()
        assert result.sent == 2
        assert _recipients() == people
        assert reminders.dispatch().sent == 0
        assert len(mailoutbox) == 2
        assert set(ReportingReminder.objects.values_list("stage", flat=True)) == {"vor-7"}

    def test_mail_is_german_text_and_html(self, due_in_seven, speyer_staff, mailoutbox):
        reminders.dispatch()
        [message] = mailoutbox
        day = due_in_seven.due_date.strftime("%d.%m.%Y")
        assert message.subject == f"Erinnerung: Verwendungsnachweis für Speyer ist am {day} fällig"
        assert "in 7 Tagen" in message.body
        assert f"/foerderung/nachweise/{due_in_seven.pk}/einreichen/" in message.body
        html, mimetype = message.alternatives[0]
        assert mimetype == "text/html"
        assert '<html lang="de">' in html

    def test_overdue_mail(self, speyer_grant, offsets, speyer_staff, mailoutbox):
        ObligationFactory(grant=speyer_grant, due_date=_in_days(-3))
        reminders.dispatch()
        [message] = mailoutbox
        assert message.subject.startswith("Überfällig:")
        assert "seit 3 Tagen überfällig" in message.body

    def test_nothing_for_submitted_obligations(self, due_in_seven, people, coordinator, mailoutbox):
        services.obligation_submit(obligation=due_in_seven, actor=coordinator)
        assert reminders.dispatch().sent == 0
        assert mailoutbox == []
        assert not ReportingReminder.objects.exists()

    def test_claimed_but_unsent_reminders_die_with_the_submission(
        self, due_in_seven, people, coordinator, mailoutbox
    ):
        shared_reminders.claim(ReportingReminder, reminders.due_reminders(timezone.now()))
        assert ReportingReminder.objects.filter(sent_at__isnull=True).count() == 2
        services.obligation_submit(obligation=due_in_seven, actor=coordinator)
        assert reminders.dispatch().sent == 0
        assert mailoutbox == []

    def test_offsets_are_data(self, speyer_grant, offsets, people, mailoutbox):
        ReminderOffset.objects.filter(kind=ReminderOffset.Kind.BEFORE, days=30).delete()
        ObligationFactory(grant=speyer_grant, due_date=_in_days(14))
        assert reminders.dispatch().sent == 0
        ReminderOffset.objects.create(kind=ReminderOffset.Kind.BEFORE, days=14)
        assert reminders.dispatch().sent == 2
        ReminderOffset.objects.update(is_active=False)
        ObligationFactory(grant=speyer_grant, due_date=_in_days(-20))
        assert reminders.dispatch().sent == 0

    def test_downtime_sends_the_latest_stage_once(self, speyer_grant, offsets, people, mailoutbox):
        obligation = ObligationFactory(grant=speyer_grant, due_date=_in_days(40))
        start = timezone.now()
        # Beat ran at day 9 (stage vor-30), then was down over the vor-7 boundary.
        reminders.dispatch(now=start + timedelta(days=31))
        reminders.dispatch(now=start + timedelta(days=35))
        assert reminders.dispatch(now=start + timedelta(days=35)).sent == 0
        stages = sorted(obligation.reminders.values_list("stage", flat=True))
        assert stages == ["vor-30", "vor-30", "vor-7", "vor-7"]
        assert len(mailoutbox) == 4

    def test_inactive_people_get_nothing(self, due_in_seven, speyer_staff, coordinator, mailoutbox):
        speyer_staff.is_active = False
        speyer_staff.save()
        reminders.dispatch()
        assert _recipients() == {coordinator.email}

    def test_reads_do_not_grow_with_reminders(self, program, speyer, offsets, coordinator):
        """Reading and rendering is batched; only the small per-mail writes grow."""
        StaffFactory.create_batch(2, municipality=speyer)

        def run(obligations: int) -> tuple[int, int]:
            ReportingReminder.objects.all().delete()
            ReportingObligation.objects.all().delete()
            for _ in range(obligations):
                ObligationFactory(
                    grant=GrantFactory(program=program, municipality=speyer), due_date=_in_days(1)
                )
            mail.outbox = []
            with CaptureQueriesContext(connection) as queries:
                result = reminders.dispatch()
            assert result.sent == obligations * 3
            selects = sum(query["sql"].startswith("SELECT") for query in queries)
            updates = sum(query["sql"].startswith("UPDATE") for query in queries)
            return selects, updates

        (few_selects, few_updates), (many_selects, many_updates) = run(3), run(40)
        assert few_selects == many_selects
        assert (few_updates, many_updates) == (1 + 2 * 9, 1 + 2 * 120)

    def test_query_count_is_pinned(self, program, speyer, offsets, coordinator):
        """Schedule, due obligations, recipients, one claim insert, then per
        batch: lock and read (everything a mail shows, select_related) and
        lease; per mail: renew its lease, mark it sent (each committed on its
        own, so a crash re-sends at most the one mail in flight)."""
        StaffFactory.create_batch(2, municipality=speyer)
        for _ in range(40):
            ObligationFactory(
                grant=GrantFactory(program=program, municipality=speyer), due_date=_in_days(1)
            )
        with CaptureQueriesContext(connection) as queries:
            assert reminders.dispatch().sent == 120
        statements = [query["sql"].split(None, 1)[0] for query in queries]
        assert statements.count("INSERT") == 1
        assert statements.count("UPDATE") == 1 + 2 * 120
        # 3 reads to find what is due, 1 per batch to deliver and the empty last one.
        assert statements.count("SELECT") == 3 + 2

    def test_deliveries_are_batched(
        self, program, speyer, offsets, coordinator, mailoutbox, monkeypatch
    ):
        monkeypatch.setattr(reminders, "DELIVERY_BATCH_SIZE", 25)
        StaffFactory.create_batch(2, municipality=speyer)
        for _ in range(20):
            ObligationFactory(
                grant=GrantFactory(program=program, municipality=speyer), due_date=_in_days(1)
            )
        with CaptureQueriesContext(connection) as queries:
            assert reminders.dispatch().sent == 60
        leases = [
            query
            for query in queries
            if query["sql"].startswith("UPDATE")
            and '"sending_since" =' in query["sql"]
            and "IN (" in query["sql"]
        ]
        assert len(leases) == 3  # 25 + 25 + 10 leased together
        assert len(mailoutbox) == 60

    def test_mail_part_about_the_obligation_is_rendered_once(
        self, due_in_seven, speyer_staff, coordinator, mailoutbox
    ):
        """Each person gets their own greeting; what the mail says about the
        obligation is rendered once per obligation, not once per person."""
        speyer_staff.first_name, speyer_staff.last_name = "Anna <b>", "O'Neill & Co"
        speyer_staff.save()
        coordinator.first_name = coordinator.last_name = ""
        coordinator.save()
        other = ObligationFactory(grant=due_in_seven.grant, due_date=_in_days(-2))
        rendered = []

        def count(sender, template, **kwargs):
            rendered.append(template.name)

        template_rendered.connect(count)
        try:
            reminders.dispatch()
        finally:
            template_rendered.disconnect(count)
        assert len(mailoutbox) == 4
        assert sorted(rendered) == sorted(
            ["funding/mail/reporting_reminder.txt", "funding/mail/reporting_reminder.html"] * 2
            + ["funding/mail/reporting_reminder_greeting.txt"] * 2
            + ["funding/mail/reporting_reminder_greeting.html"] * 2
        )
        by_person = {}
        for message in mailoutbox:
            by_person.setdefault(message.to[0], []).append(message)
        staff_mails, coordinator_mails = by_person[speyer_staff.email], by_person[coordinator.email]
        for message in staff_mails:
            html, _mimetype = message.alternatives[0]
            assert message.body.startswith("Guten Tag Anna <b> O'Neill & Co,\n\nder ")
            assert "<p>Guten Tag Anna &lt;b&gt; O&#x27;Neill &amp; Co,</p>" in html
        for message in coordinator_mails:
            html, _mimetype = message.alternatives[0]
            assert message.body.startswith(f"Guten Tag {coordinator.email},\n\nder ")
            assert f"<p>Guten Tag {coordinator.email},</p>" in html
        # Apart from the greeting, both people read the same about each obligation.
        for obligation in (due_in_seven, other):
            link = f"/foerderung/nachweise/{obligation.pk}/einreichen/"
            [mine] = [m for m in staff_mails if link in m.body]
            [theirs] = [m for m in coordinator_mails if link in m.body]
            assert mine.subject == theirs.subject
            assert mine.body.split("\n", 1)[1] == theirs.body.split("\n", 1)[1]
        assert sum("seit 2 Tagen überfällig" in m.body for m in mailoutbox) == 2

    def test_transient_error_is_retried_by_celery(
        self, due_in_seven, people, mailoutbox, monkeypatch
    ):
        original = reminders.dispatch
        calls = []

        def flaky_dispatch(*args, **kwargs):
            calls.append(1)
            if len(calls) == 1:
                raise OperationalError("server closed the connection unexpectedly")
            return original(*args, **kwargs)

        monkeypatch.setattr(reminders, "dispatch", flaky_dispatch)
        dispatch_reporting_reminders.apply(throw=False)
        assert len(calls) == 2  # the first run failed and Celery ran it again
        assert _recipients() == people
        assert len(mailoutbox) == 2


def _wait_for(condition, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError("condition not reached in time")


class TestWithCeleryWorker:
    def test_due_reminders_sent_once(self, celery_worker, due_in_seven, people, mailoutbox):
        first = dispatch_reporting_reminders.delay().get(timeout=60)
        second = dispatch_reporting_reminders.delay().get(timeout=60)
        assert first["sent"] == 2
        assert second["sent"] == 0
        assert _recipients() == people
        assert len(mailoutbox) == 2

    def test_dispatch_twice_and_concurrently_still_once(
        self, celery_worker, speyer_grant, offsets, people, mailoutbox
    ):
        for days in (1, 5, 20):
            ObligationFactory(grant=speyer_grant, due_date=_in_days(days))
        start = threading.Barrier(4)
        errors = []

        def run_dispatcher():
            try:
                start.wait()
                reminders.dispatch()
            except Exception as exc:  # noqa: BLE001 - reported below
                errors.append(exc)
            finally:
                connections.close_all()

        threads = [threading.Thread(target=run_dispatcher) for _ in range(3)]
        for thread in threads:
            thread.start()
        start.wait()
        results = [dispatch_reporting_reminders.delay() for _ in range(2)]
        for thread in threads:
            thread.join(timeout=60)
        for result in results:
            result.get(timeout=60)
        assert errors == []
        assert len(mailoutbox) == 3 * 2
        sent = [(m.to[0], m.subject) for m in mailoutbox]
        assert len(set(sent)) == len(sent)
        assert ReportingReminder.objects.filter(sent_at__isnull=False).count() == 6

    def test_failing_mail_backend_is_retried_then_delivered_once(
        self, celery_worker, due_in_seven, people, mailoutbox, settings, monkeypatch
    ):
        settings.EMAIL_BACKEND = "tests.funding.mail_backends.FlakyBackend"
        monkeypatch.setattr(shared_reminders, "FIRST_RETRY", timedelta(seconds=1))
        FlakyBackend.failures_left = 2  # both mails of the first run fail
        first = dispatch_reporting_reminders.delay().get(timeout=60)
        assert first == {"claimed": 2, "sent": 0, "failed": 2}
        assert mailoutbox == []
        pending = ReportingReminder.objects.filter(sent_at__isnull=True)
        assert pending.count() == 2
        assert "Verbindung zum Mailserver verloren" in pending.first().last_error
        # No beat here: the task scheduled its own retry for the failed mails.
        _wait_for(lambda: len(mailoutbox) == 2)
        time.sleep(2)  # a second delivery would show up now
        assert len(mailoutbox) == 2
        assert _recipients() == people
        assert list(ReportingReminder.objects.values_list("attempts", flat=True)) == [2, 2]
        assert not ReportingReminder.objects.filter(sent_at__isnull=True).exists()

    def test_nothing_sent_for_submitted_obligations(
        self, celery_worker, due_in_seven, people, coordinator, mailoutbox
    ):
        services.obligation_submit(obligation=due_in_seven, actor=coordinator)
        result = dispatch_reporting_reminders.delay().get(timeout=60)
        assert result["sent"] == 0
        assert mailoutbox == []
