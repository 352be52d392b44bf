"""Moderation of projects: submit, publish, reject, archive (each with its mail)."""

from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import Conflict
from core.text import validate_multi_line
from members.audit import diff, log_action
from members.models import User
from projects import permissions, tasks
from projects.cache import catalogue_changed
from projects.models import Project
from projects.services._common import deny


def _transition(project: Project, *, actor: User, action: str, **values) -> Project:
    before = {name: getattr(project, name) for name in values}
    for name, value in values.items():
        setattr(project, name, value)
    project.save(update_fields=[*values, "updated_at"])
    log_action(actor=actor, obj=project, action=action, changes=diff(project, before, [*values]))
    catalogue_changed(project_id=project.pk, fields=values)
    return project


def _lock_for_transition(
    project: Project,
    *,
    allowed: Callable[[Project], bool],
    denied: str,
    states: tuple[str, ...],
    wrong_state: str,
) -> Project:
    """The project under its row lock, if it is ``allowed`` to move and in one of ``states``."""
    project = Project.objects.select_for_update().get(pk=project.pk)
    if not allowed(project):
        raise deny(denied)
    if project.state not in states:
        raise Conflict(wrong_state, code="invalid_state")
    return project


def _check_complete(project: Project) -> None:
    """What a draft may leave open but the catalogue needs (issue 16.2). The
    project's state, not the request, is at fault: a conflict (409 in the API)."""
    if not project.phase:
        raise Conflict(
            {"phase": _("Bitte geben Sie die Phase an, bevor Sie das Projekt einreichen.")},
            code="incomplete",
        )


@transaction.atomic
def project_submit(*, project: Project, actor: User) -> Project:
    """Draft or rejected → submitted; the coordinators are told by mail."""
    project = _lock_for_transition(
        project,
        allowed=lambda locked: permissions.can_submit_project(actor, locked),
        denied=_("Sie dürfen dieses Projekt nicht einreichen."),
        states=(Project.State.DRAFT, Project.State.REJECTED),
        wrong_state=_(
            "Nur Entwürfe und abgelehnte Projekte können zur Prüfung eingereicht werden."
        ),
    )
    _check_complete(project)
    _transition(
        project,
        actor=actor,
        action="project.submit",
        state=Project.State.SUBMITTED,
        submitted_at=timezone.now(),
        submitted_by=actor,
    )
    transaction.on_commit(lambda: tasks.notify_project_submitted.delay(project.pk))
    return project


@transaction.atomic
def project_publish(*, project: Project, actor: User) -> Project:
    """Submitted → published (coordinators); the submitter is told by mail."""
    project = _lock_for_transition(
        project,
        allowed=lambda locked: permissions.can_moderate_projects(actor),
        denied=_("Nur die Koordination kann Projekte veröffentlichen."),
        states=(Project.State.SUBMITTED,),
        wrong_state=_("Nur zur Prüfung eingereichte Projekte können veröffentlicht werden."),
    )
    _transition(
        project,
        actor=actor,
        action="project.publish",
        state=Project.State.PUBLISHED,
        published_at=project.published_at or timezone.now(),
        rejection_reason="",
    )
    transaction.on_commit(lambda: tasks.notify_project_published.delay(project.pk))
    return project


@transaction.atomic
def project_reject(*, project: Project, actor: User, reason: str) -> Project:
    """Submitted → rejected with a reason (coordinators); the submitter is told by mail."""
    project = _lock_for_transition(
        project,
        allowed=lambda locked: permissions.can_moderate_projects(actor),
        denied=_("Nur die Koordination kann Projekte ablehnen."),
        states=(Project.State.SUBMITTED,),
        wrong_state=_("Nur zur Prüfung eingereichte Projekte können abgelehnt werden."),
    )
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Bitte geben Sie einen Grund für die Ablehnung an.")})
    try:
        validate_multi_line(reason)
    except ValidationError as error:
        raise ValidationError({"reason": error.messages}) from None
    _transition(
        project,
        actor=actor,
        action="project.reject",
        state=Project.State.REJECTED,
        rejection_reason=reason,
    )
    transaction.on_commit(lambda: tasks.notify_project_rejected.delay(project.pk))
    return project


@transaction.atomic
def project_archive(*, project: Project, actor: User) -> Project:
    """Published → archived (coordinators): no longer public, kept for the record."""
    project = _lock_for_transition(
        project,
        allowed=lambda locked: permissions.can_moderate_projects(actor),
        denied=_("Nur die Koordination kann Projekte archivieren."),
        states=(Project.State.PUBLISHED,),
        wrong_state=_("Nur veröffentlichte Projekte können archiviert werden."),
    )
    return _transition(project, actor=actor, action="project.archive", state=Project.State.ARCHIVED)
