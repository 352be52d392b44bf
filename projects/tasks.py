"""Thin Celery tasks: take an id, reload, send (see projects.notifications).

``dispatch_follow_mails`` runs from beat every few minutes (CELERY_BEAT_SCHEDULE)
and after the commit of every change followers may care about (see
``members.audit.after_logged``), so a notice goes out at once. Running it
twice, or on two workers, sends nothing twice (claims and leases).
"""

import logging

from django.utils import timezone

from core.tasks import task

logger = logging.getLogger(__name__)


def _project(project_id: int):
    from projects.models import Project

    return (
        Project.objects.select_related("lead_municipality", "submitted_by", "created_by")
        .filter(pk=project_id)
        .first()
    )


@task()
def notify_project_submitted(project_id: int) -> int:
    from projects import notifications

    project = _project(project_id)
    return notifications.send_project_submitted(project) if project else 0


@task()
def notify_project_published(project_id: int) -> int:
    from projects import notifications

    project = _project(project_id)
    return notifications.send_project_published(project) if project else 0


@task()
def notify_project_rejected(project_id: int) -> int:
    from projects import notifications

    project = _project(project_id)
    return notifications.send_project_rejected(project) if project else 0


@task()
def notify_question_asked(question_id: int) -> int:
    from projects import notifications
    from projects.models import Question

    question = (
        Question.objects.select_related("project__lead_municipality", "author")
        .filter(pk=question_id, hidden_at__isnull=True)
        .first()
    )
    return notifications.send_question_asked(question) if question else 0


@task()
def notify_question_answered(answer_id: int) -> int:
    from projects import notifications
    from projects.models import Answer

    answer = (
        Answer.objects.select_related("question__project", "question__author", "author")
        .filter(pk=answer_id, hidden_at__isnull=True)
        .first()
    )
    return notifications.send_question_answered(answer) if answer else 0


@task(name="projects.tasks.dispatch_current_reminders", ignore_result=False)
def dispatch_current_reminders() -> dict:
    """ "Noch aktuell?": mark silent projects, send the questions (beat, every few minutes)."""
    from projects import freshness

    result = freshness.dispatch()
    return {
        "marked": result.marked,
        "cleared": result.cleared,
        "due": result.claimed,
        "sent": result.sent,
        "failed": result.failed,
    }


@task(name="projects.tasks.dispatch_follow_mails", ignore_result=False)
def dispatch_follow_mails() -> dict:
    from projects import notices

    now = timezone.now()
    claimed = notices.claim_due(now)
    sent = notices.deliver(now)
    if sent.sent or sent.failed:
        logger.info("Follow notices: %d sent, %d failed", sent.sent, sent.failed)
    return {"due": claimed, "sent": sent.sent, "failed": sent.failed}


@task(name="projects.tasks.dispatch_digests", ignore_result=False)
def dispatch_digests() -> dict:
    from projects import digests

    now = timezone.now()
    claimed = digests.claim_due(now)
    sent = digests.deliver(now)
    if sent.sent or sent.failed:
        logger.info("Weekly digests: %d sent, %d failed", sent.sent, sent.failed)
    return {"due": claimed, "sent": sent.sent, "failed": sent.failed}


def dispatch_after_commit() -> None:
    """Called after a change was committed: send its notices now, not at the next beat."""
    dispatch_follow_mails.delay()
