"""Mails about moderation (built by core.mail), one message per recipient."""

from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from core import mail
from members import roles
from members.models import User
from projects.models import Project


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
