"""Mails about moderation: German, plain text plus HTML, one message per recipient."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

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


def _send(*, template: str, subject: str, context: dict, recipients: list[str]) -> int:
    if not recipients:
        return 0
    text = render_to_string(f"projects/mail/{template}.txt", context)
    html = render_to_string(f"projects/mail/{template}.html", context)
    messages = []
    for address in recipients:
        message = EmailMultiAlternatives(subject=subject, body=text, to=[address])
        message.attach_alternative(html, "text/html")
        messages.append(message)
    return get_connection().send_messages(messages) or 0


def _context(project: Project) -> dict:
    return {
        "project": project,
        "url": f"{settings.SITE_URL}{project.get_absolute_url()}",
        "admin_url": settings.SITE_URL
        + reverse("admin:projects_project_change", args=[project.pk]),
        "site_url": settings.SITE_URL,
    }


def send_project_submitted(project: Project) -> int:
    with translation.override("de"):
        return _send(
            template="submitted",
            subject=_("Neues Projekt zur Prüfung: %(title)s") % {"title": project.title},
            context=_context(project),
            recipients=coordinator_addresses(),
        )


def send_project_published(project: Project) -> int:
    address = submitter_address(project)
    with translation.override("de"):
        return _send(
            template="published",
            subject=_("Ihr Projekt ist veröffentlicht: %(title)s") % {"title": project.title},
            context=_context(project),
            recipients=[address] if address else [],
        )


def send_project_rejected(project: Project) -> int:
    address = submitter_address(project)
    with translation.override("de"):
        return _send(
            template="rejected",
            subject=_("Ihr Projekt wurde nicht veröffentlicht: %(title)s")
            % {"title": project.title},
            context=_context(project),
            recipients=[address] if address else [],
        )
