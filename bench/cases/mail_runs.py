"""The benchmark cases that send mail in bulk: one reminder dispatcher run
and one weekly digest run, each set up and run inside a transaction that is
rolled back afterwards (locmem mail)."""

import time
from datetime import timedelta

from django.core import mail
from django.db import connection, transaction
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from bench.harness import Result
from funding import reminders as funding_reminders
from funding.models import ReportingObligation
from members.models import User
from projects.models import Project

DUE_REMINDERS = 10_000


class Rollback(Exception):
    """Raised to undo what a case set up."""


def _mail_run_result(
    *,
    case: str,
    elapsed: float,
    captured: CaptureQueriesContext,
    sent: int,
    max_reads: int,
    **counts: int,
) -> Result:
    """The result of one mail run that took ``elapsed`` seconds for the
    statements ``captured``, and its two checks every run shares: at most 60 s
    in all, at most ``max_reads`` reads. ``counts`` come first in its extra
    figures."""
    statements = [query["sql"].split(None, 1)[0] for query in captured]
    result = Result(
        case=case,
        p50_ms=round(elapsed * 1000, 2),
        p95_ms=round(elapsed * 1000, 2),
        queries=len(statements),
        extra={
            **counts,
            "sent": sent,
            "mails": len(mail.outbox),
            "total_s": round(elapsed, 2),
            "reads": statements.count("SELECT"),
            "updates": statements.count("UPDATE"),
        },
    )
    result.target = {"total_s": 60, "queries": "reads batched, 2 writes per mail"}
    if result.extra["total_s"] > 60:
        result.misses.append(f"{result.extra['total_s']} s > 60 s")
    if result.extra["reads"] > max_reads:
        result.misses.append(f"{result.extra['reads']} reads for {sent} mails")
    return result


@override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend")
def reminder_dispatch() -> Result:
    """10,000 due reporting reminders, claimed and mailed in one dispatcher run.

    Set up and run inside a transaction that is rolled back afterwards."""
    mail.outbox = []
    today = timezone.localdate()
    now = timezone.now()
    result = None
    try:
        with transaction.atomic():
            open_ones = ReportingObligation.objects.filter(
                status=ReportingObligation.Status.OPEN
            ).order_by("pk")
            # Nothing else due: move every open obligation far away, then make
            # enough of them due in 7 days to reach 10,000 reminders.
            open_ones.update(due_date=today + timedelta(days=400))
            chosen = 0
            step = 20
            while len(funding_reminders.due_reminders(now)) < DUE_REMINDERS:
                ids = list(open_ones.values_list("pk", flat=True)[chosen : chosen + step])
                if not ids:
                    break
                ReportingObligation.objects.filter(pk__in=ids).update(
                    due_date=today + timedelta(days=7)
                )
                chosen += len(ids)
            due = len(funding_reminders.due_reminders(now))
            start = time.perf_counter()
            with CaptureQueriesContext(connection) as captured:
                outcome = funding_reminders.dispatch(now)
            elapsed = time.perf_counter() - start
            # Reads are batched: they grow with the number of batches, not of
            # reminders.
            result = _mail_run_result(
                case=f"reminder dispatcher, {due:,} due reminders (locmem mail)",
                elapsed=elapsed,
                captured=captured,
                sent=outcome.sent,
                max_reads=outcome.sent // 20,
            )
            raise Rollback
    except Rollback:
        pass
    # Writes are per mail by design (lease renewal, "sent" mark: a crash
    # re-sends at most the one mail in flight), plus one lease per batch.
    sent = result.extra["sent"]
    if result.extra["updates"] > 2 * sent + sent // 20:
        result.misses.append(f"{result.extra['updates']} updates for {sent} mails")
    return result


DIGEST_PEOPLE = 10_000
DIGEST_CHANGED_PROJECTS = 200


@override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend")
def digest_dispatch() -> Result:
    """One weekly digest run: up to 10,000 people (all active people at small
    scales) with 5 weekly follows each (a topic, a city, three projects) and
    half of them with the network digest, over a week in which 200 projects
    were published. Claimed and mailed by one run (locmem mail); set up and
    run inside a transaction that is rolled back afterwards."""
    from django.contrib.contenttypes.models import ContentType

    from members.models import AuditEntry
    from projects import digests
    from projects.models import Delivery, Follow, Subscriber, Topic

    mail.outbox = []
    now = timezone.now()
    week = digests.last_complete_week(now)
    result = None
    try:
        with transaction.atomic():
            Follow.objects.all().delete()
            Subscriber.objects.all().delete()
            people = list(
                User.objects.filter(is_active=True).order_by("pk").values_list("pk", flat=True)
            )[:DIGEST_PEOPLE]
            projects = list(
                Project.objects.published()
                .order_by("pk")
                .values_list("pk", "lead_municipality_id")[:DIGEST_CHANGED_PROJECTS]
            )
            project_type = ContentType.objects.get_for_model(Project)
            AuditEntry.objects.bulk_create(
                AuditEntry(
                    content_type=project_type,
                    object_id=str(pk),
                    object_repr="bench",
                    action="project.publish",
                    created_at=week.start + timedelta(hours=1 + n % 100),
                )
                for n, (pk, _city) in enumerate(projects)
            )
            topics = list(Topic.objects.values_list("pk", flat=True))
            follows, subscribers = [], []
            since = now - timedelta(days=60)
            for n, person in enumerate(people):
                chosen = {projects[(n + k * 37) % len(projects)] for k in range(3)}
                follows.append(Follow(user_id=person, topic_id=topics[n % len(topics)]))
                follows.append(
                    Follow(user_id=person, municipality_id=projects[n % len(projects)][1])
                )
                follows += [Follow(user_id=person, project_id=pk) for pk, _city in chosen]
                if n % 2 == 0:
                    subscribers.append(Subscriber(user_id=person, network_digest=True))
            for follow in follows:
                follow.delivery, follow.created_at = Delivery.WEEKLY, since
            Follow.objects.bulk_create(follows, batch_size=5000, ignore_conflicts=True)
            Subscriber.objects.bulk_create(subscribers, batch_size=5000)
            start = time.perf_counter()
            with CaptureQueriesContext(connection) as captured:
                claimed = digests.claim_due(now)
                delivered = digests.deliver(now)
            elapsed = time.perf_counter() - start
            # Reads grow with the number of batches (500 mails), not of people.
            result = _mail_run_result(
                case=f"weekly digest run, {len(people):,} people × 5 follows (locmem mail)",
                elapsed=elapsed,
                captured=captured,
                sent=delivered.sent,
                max_reads=20 + delivered.sent // 100,
                claimed=claimed,
            )
            raise Rollback
    except Rollback:
        pass
    sent = result.extra["sent"]
    if sent < len(people):
        result.misses.append(f"{sent} digests for {len(people)} people")
    if result.extra["updates"] > 2 * sent + sent // 100:
        result.misses.append(f"{result.extra['updates']} updates for {sent} mails")
    return result
