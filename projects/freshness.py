""" "Noch aktuell?": ask the lead city about published projects nobody changed
or confirmed for the "ask" interval, exactly once per period of silence.

``dispatch`` claims one ``CurrentReminder`` per project, person of the lead
city and stage (the day of the last change or confirmation: a project
confirmed today is asked again one interval later) and sends them through
``core.reminders``. The mail has a signed one-click confirmation
(``projects.views.freshness``: GET shows, POST confirms, no login) and the
edit link. ``mark`` is the daily "möglicherweise veraltet" marking.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core import mail, reminders
from members import roles
from members.models import User
from projects.models import CurrentReminder, FreshnessInterval, Project
from projects.services.freshness import interval_months, months_before, projects_mark_outdated

SALT = "projects.current.confirm"
TOKEN_MAX_AGE = timedelta(days=90)


def confirm_token(*, project_id: int, user_id: int) -> str:
    return signing.dumps({"p": project_id, "u": user_id}, salt=SALT, compress=False)


def read_confirm_token(token: str) -> tuple[int, int]:
    """(project id, user id); ``signing.BadSignature`` (or ``SignatureExpired``) otherwise."""
    payload = signing.loads(token, salt=SALT, max_age=TOKEN_MAX_AGE)
    try:
        return int(payload["p"]), int(payload["u"])
    except (KeyError, TypeError, ValueError):
        raise signing.BadSignature("malformed") from None


def _sign_of_life(project: Project) -> datetime:
    confirmed = project.current_confirmed_at
    return max(project.updated_at, confirmed) if confirmed else project.updated_at


def due_reminders(now: datetime) -> list[CurrentReminder]:
    """Three queries whatever the number of projects and people."""
    limit = months_before(now, interval_months()[FreshnessInterval.Kind.ASK])
    silent = list(
        Project.objects.filter(state=Project.State.PUBLISHED, updated_at__lt=limit)
        .filter(Q(current_confirmed_at__isnull=True) | Q(current_confirmed_at__lt=limit))
        .only("pk", "lead_municipality_id", "updated_at", "current_confirmed_at")
    )
    if not silent:
        return []
    cities = {project.lead_municipality_id for project in silent}
    staff: dict[int, list[int]] = {}
    for pk, city in User.objects.filter(
        is_active=True, groups__name=roles.MUNICIPAL_STAFF, municipality_id__in=cities
    ).values_list("pk", "municipality_id"):
        staff.setdefault(city, []).append(pk)
    due = []
    for project in silent:
        stage = f"seit-{timezone.localdate(_sign_of_life(project)).isoformat()}"
        for user_id in sorted(staff.get(project.lead_municipality_id, [])):
            due.append(
                CurrentReminder(
                    project_id=project.pk,
                    recipient_id=user_id,
                    stage=stage,
                    created_at=now,
                    next_attempt_at=now,
                )
            )
    return due


def deliverable(now: datetime) -> QuerySet[CurrentReminder]:
    """Still relevant: the project is published and nobody confirmed or changed it since."""
    return CurrentReminder.objects.filter(
        project__state=Project.State.PUBLISHED, recipient__is_active=True
    ).select_related("project", "project__lead_municipality", "recipient")


def build_message(reminder: CurrentReminder) -> EmailMultiAlternatives | None:
    project = reminder.project
    if f"seit-{timezone.localdate(_sign_of_life(project)).isoformat()}" != reminder.stage:
        return None  # changed or confirmed since it was claimed
    token = confirm_token(project_id=project.pk, user_id=reminder.recipient_id)
    with mail.german():
        subject = _("Noch aktuell? %(title)s") % {"title": project.title}
    return mail.build(
        "projects/mail/still_current",
        subject=subject,
        context={
            "recipient": reminder.recipient,
            "project": project,
            "since": timezone.localtime(_sign_of_life(project)),
            "project_url": settings.SITE_URL + project.get_absolute_url(),
            "confirm_url": settings.SITE_URL
            + reverse("projects:project-confirm-current", kwargs={"token": token}),
            "edit_url": settings.SITE_URL
            + reverse("projects:project-edit", kwargs={"slug": project.slug}),
        },
        to=[reminder.recipient.email],
    )


@dataclass
class DispatchResult:
    marked: int
    cleared: int
    claimed: int
    sent: int
    failed: int


def dispatch(now: datetime | None = None) -> DispatchResult:
    """Mark "möglicherweise veraltet", claim what is due, send what is pending."""
    now = now or timezone.now()
    marked, cleared = projects_mark_outdated(now=now)
    due = due_reminders(now)
    reminders.claim(CurrentReminder, due)
    delivered = reminders.deliver_pending(deliverable(now), build_message, now=now)
    return DispatchResult(marked, cleared, len(due), delivered.sent, delivered.failed)
