"""Mails about moderation (built by core.mail), one message per recipient."""

from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from core import mail
from members import roles
from members.models import User
from projects.models import Answer, Project, Question


def coordinator_addresses() -> list[str]:
    coordinators = (
        User.objects.filter(is_active=True)
        .filter(Q(groups__name=roles.COORDINATION) | Q(is_superuser=True))
        .exclude(email="")
        .order_by("email")
        .values_list("email", flat=True)
        .distinct()
    )
    return list(coordinators)


def submitter_address(project: Project) -> str | None:
    person = project.submitted_by or project.created_by
    if person is None or not person.is_active or not person.email:
        return None
    return person.email


def _send(*, template: str, subject: str, project: Project, recipients: list[str]) -> int:
    if not recipients:
        return 0
    context = {
        "project": project,
        "url": f"{settings.SITE_URL}{project.get_absolute_url()}",
        "admin_url": settings.SITE_URL
        + reverse("admin:projects_project_change", args=[project.pk]),
    }
    parts = mail.render_parts(f"projects/mail/{template}", subject, context)
    return mail.send_all([mail.compose(parts, to=[address]) for address in recipients])


def send_project_submitted(project: Project) -> int:
    with mail.german():
        subject = _("Neues Projekt zur Prüfung: %(title)s") % {"title": project.title}
    return _send(
        template="submitted", subject=subject, project=project, recipients=coordinator_addresses()
    )


def send_project_published(project: Project) -> int:
    address = submitter_address(project)
    with mail.german():
        subject = _("Ihr Projekt ist veröffentlicht: %(title)s") % {"title": project.title}
    return _send(
        template="published",
        subject=subject,
        project=project,
        recipients=[address] if address else [],
    )


def send_project_rejected(project: Project) -> int:
    address = submitter_address(project)
    with mail.german():
        subject = _("Ihr Projekt wurde nicht veröffentlicht: %(title)s") % {"title": project.title}
    return _send(
        template="rejected",
        subject=subject,
        project=project,
        recipients=[address] if address else [],
    )


# --- questions and answers (issue 13) ---------------------------------------------------


def _staff_addresses(municipality_ids: set[int]) -> list[str]:
    staff = (
        User.objects.filter(is_active=True, municipality_id__in=municipality_ids)
        .filter(groups__name=roles.MUNICIPAL_STAFF)
        .exclude(email="")
        .order_by("email")
        .values_list("email", flat=True)
        .distinct()
    )
    return list(staff)


def _post_send(*, template: str, subject: str, context: dict, recipients: list[str]) -> int:
    if not recipients:
        return 0
    parts = mail.render_parts(f"projects/mail/{template}", subject, context)
    return mail.send_all([mail.compose(parts, to=[address]) for address in recipients])


def send_question_asked(question: Question) -> int:
    """To the lead city's staff (not to the asker)."""
    project = question.project
    recipients = [
        address
        for address in _staff_addresses({project.lead_municipality_id})
        if question.author is None or address != question.author.email
    ]
    with mail.german():
        subject = _("Neue Frage zu Ihrem Projekt: %(title)s") % {"title": project.title}
    context = {
        "project": project,
        "question": question,
        "url": f"{settings.SITE_URL}{project.get_absolute_url()}#frage-{question.pk}",
    }
    return _post_send(
        template="question_asked", subject=subject, context=context, recipients=recipients
    )


def send_question_answered(answer: Answer) -> int:
    """To the asker."""
    question = answer.question
    asker = question.author
    if asker is None or not asker.is_active or not asker.email or asker.pk == answer.author_id:
        return 0
    project = question.project
    with mail.german():
        subject = _("Ihre Frage wurde beantwortet: %(title)s") % {"title": project.title}
    context = {
        "project": project,
        "question": question,
        "answer": answer,
        "url": f"{settings.SITE_URL}{project.get_absolute_url()}#frage-{question.pk}",
    }
    return _post_send(
        template="question_answered", subject=subject, context=context, recipients=[asker.email]
    )
