"""Writes of "Noch aktuell?": confirm a project as current, mark the silent
ones "möglicherweise veraltet", keep the intervals."""

from datetime import datetime

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core import cache
from core.errors import Conflict
from members.audit import diff, log_action, snapshot
from members.models import User
from projects import permissions
from projects.cache import CATALOGUE, catalogue_changed, project_topic
from projects.models import FreshnessInterval, Project
from projects.services._common import deny

DEFAULT_MONTHS = {FreshnessInterval.Kind.ASK: 12, FreshnessInterval.Kind.OUTDATED: 18}
INTERVAL_FIELDS = ["kind", "months"]


def interval_months() -> dict[str, int]:
    """{"ask": 12, "outdated": 18} as the coordinators keep them (defaults if missing)."""
    stored = dict(FreshnessInterval.objects.values_list("kind", "months"))
    return {kind: stored.get(kind, months) for kind, months in DEFAULT_MONTHS.items()}


def months_before(now: datetime, months: int) -> datetime:
    """The same moment ``months`` calendar months earlier (end of month clamped)."""
    month_index = now.year * 12 + now.month - 1 - months
    year, month = divmod(month_index, 12)
    month += 1
    for day in (now.day, 30, 29, 28):
        try:
            return now.replace(year=year, month=month, day=day)
        except ValueError:
            continue
    raise AssertionError("unreachable")  # pragma: no cover


@transaction.atomic
def project_confirm_current(*, project: Project, actor: User) -> Project:
    """The lead city says the published entry is still current (no change)."""
    project = Project.objects.select_for_update().get(pk=project.pk)
    if not permissions.can_edit_project(actor, project):
        raise deny(_("Nur die federführende Kommune und die Koordination bestätigen das Projekt."))
    if project.state != Project.State.PUBLISHED:
        raise Conflict(_("Nur veröffentlichte Projekte werden als aktuell bestätigt."))
    was_outdated = project.possibly_outdated
    now = timezone.now()
    Project.objects.filter(pk=project.pk).update(current_confirmed_at=now, possibly_outdated=False)
    project.current_confirmed_at, project.possibly_outdated = now, False
    log_action(
        actor=actor,
        obj=project,
        action="project.confirm_current",
        changes={"possibly_outdated": [was_outdated, False]} if was_outdated else {},
    )
    catalogue_changed(project_id=project.pk)
    return project


@transaction.atomic
def projects_mark_outdated(*, now: datetime | None = None) -> tuple[int, int]:
    """Set "möglicherweise veraltet" on published projects silent for the
    interval, clear it where a change or confirmation came since. Raises the
    catalogue's version and each changed project's (their cards and pages).
    Returns (marked, cleared). Two statements whatever the number of projects."""
    now = now or timezone.now()
    limit = months_before(now, interval_months()[FreshnessInterval.Kind.OUTDATED])
    silent = (
        Q(state=Project.State.PUBLISHED)
        & Q(updated_at__lt=limit)
        & (Q(current_confirmed_at__isnull=True) | Q(current_confirmed_at__lt=limit))
    )
    # update() leaves updated_at alone (auto_now applies to save() only).
    marked = list(
        Project.objects.filter(silent, possibly_outdated=False).values_list("pk", flat=True)
    )
    Project.objects.filter(pk__in=marked).update(possibly_outdated=True)
    cleared = list(
        Project.objects.filter(possibly_outdated=True).exclude(silent).values_list("pk", flat=True)
    )
    Project.objects.filter(pk__in=cleared).update(possibly_outdated=False)
    if marked or cleared:
        cache.changed(CATALOGUE, *(project_topic(pk) for pk in [*marked, *cleared]))
    return len(marked), len(cleared)


@transaction.atomic
def freshness_interval_save(
    *, interval: FreshnessInterval, actor: User | None
) -> FreshnessInterval:
    created = interval.pk is None
    before = (
        {} if created else snapshot(FreshnessInterval.objects.get(pk=interval.pk), INTERVAL_FIELDS)
    )
    interval.full_clean()
    interval.save()
    if (changes := diff(interval, before, INTERVAL_FIELDS)) or created:
        action = "freshnessinterval.create" if created else "freshnessinterval.update"
        log_action(actor=actor, obj=interval, action=action, changes=changes)
    return interval


@transaction.atomic
def freshness_interval_delete(*, interval: FreshnessInterval, actor: User | None) -> None:
    log_action(
        actor=actor,
        obj=interval,
        action="freshnessinterval.delete",
        changes=diff(interval, {}, INTERVAL_FIELDS),
    )
    interval.delete()
