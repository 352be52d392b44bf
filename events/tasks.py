"""Celery tasks for meetings: thin wrappers around ``events.notifications``.

``dispatch_event_reminders`` runs from beat every few minutes (see
CELERY_BEAT_SCHEDULE); ``deliver_event_mails`` runs right after a
registration, a move up from the waiting list or a cancellation commits.
Running either twice, or on two workers at once, sends nothing twice: rows
are claimed under a unique constraint and sent under ``SKIP LOCKED``.
"""

import logging
import math

from django.utils import timezone

from core.reminders import DeliveryResult
from core.tasks import task
from events import notifications

logger = logging.getLogger(__name__)


def _schedule_retry(result: DeliveryResult) -> None:
    """Failed mails wait for their back-off; come back when the first is due."""
    if result.failed and result.earliest_retry is not None:
        delay = (result.earliest_retry - timezone.now()).total_seconds()
        deliver_event_mails.apply_async(countdown=max(1, math.ceil(delay)))


def _summary(result: DeliveryResult, **extra) -> dict:
    return {"sent": result.sent, "failed": result.failed, **extra}


@task(name="events.tasks.dispatch_event_reminders", ignore_result=False)
def dispatch_event_reminders() -> dict:
    now = timezone.now()
    claimed = notifications.claim_due_reminders(now)
    result = notifications.deliver(now)
    _schedule_retry(result)
    if result.sent or result.failed:
        logger.info("Event mails: %d sent, %d failed", result.sent, result.failed)
    return _summary(result, due=claimed)


@task(name="events.tasks.deliver_event_mails", ignore_result=False)
def deliver_event_mails() -> dict:
    result = notifications.deliver()
    _schedule_retry(result)
    return _summary(result)
