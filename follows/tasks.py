"""Celery tasks of follows: thin wrappers around ``follows.notices`` and ``follows.digests``.

``dispatch_follow_mails`` runs from beat every few minutes (CELERY_BEAT_SCHEDULE)
and after the commit of every change followers may care about (see
``members.audit.after_logged``), so a notice goes out at once. Running it
twice, or on two workers, sends nothing twice (claims and leases).
"""

import logging

from django.utils import timezone

from core.tasks import task
from follows import digests, notices

logger = logging.getLogger(__name__)


@task(name="follows.tasks.dispatch_follow_mails", ignore_result=False)
def dispatch_follow_mails() -> dict:
    now = timezone.now()
    claimed = notices.claim_due(now)
    sent = notices.deliver(now)
    if sent.sent or sent.failed:
        logger.info("Follow notices: %d sent, %d failed", sent.sent, sent.failed)
    return {"due": claimed, "sent": sent.sent, "failed": sent.failed}


@task(name="follows.tasks.dispatch_digests", ignore_result=False)
def dispatch_digests() -> dict:
    now = timezone.now()
    claimed = digests.claim_due(now)
    sent = digests.deliver(now)
    if sent.sent or sent.failed:
        logger.info("Weekly digests: %d sent, %d failed", sent.sent, sent.failed)
    return {"due": claimed, "sent": sent.sent, "failed": sent.failed}


def dispatch_after_commit() -> None:
    """Called after a change was committed: send its notices now, not at the next beat."""
    dispatch_follow_mails.delay()
