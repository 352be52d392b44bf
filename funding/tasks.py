"""Celery tasks of the funding app (thin: the work is in funding.reminders)."""

import math

from django.utils import timezone

from core.tasks import task
from funding import reminders


@task()
def dispatch_reporting_reminders() -> dict:
    """Beat task (every 5 minutes): send the reporting reminders that are due.

    Mails that failed stay claimed and unsent with a back-off; a retry of this
    task is scheduled for the earliest of them, so they go out without
    waiting for the next beat.
    """
    result = reminders.dispatch()
    if result.failed and result.earliest_retry is not None:
        wait = (result.earliest_retry - timezone.now()).total_seconds()
        dispatch_reporting_reminders.apply_async(countdown=max(1, math.ceil(wait)))
    return {"claimed": result.claimed, "sent": result.sent, "failed": result.failed}
