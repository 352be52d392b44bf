"""Thin Celery tasks: take an id, reload, send (see projects.notifications)."""

from core.tasks import task


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
