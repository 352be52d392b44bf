"""Writes of adoptions (Nachnutzung): declare one, move it along."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.errors import Conflict
from members.audit import diff, log_action
from members.models import Municipality, User
from projects import lineage, permissions
from projects.cache import reuse_changed
from projects.models import Adoption, Project
from projects.services._common import check_fields, deny, own_city

ADOPTION_FIELDS = (
    "status",
    "started_on",
    "completed_on",
    "note",
    "is_example",
    "resulting_project",
)
Status = Adoption.Status
# Adoptions move forward; a cancelled one can start again, one in operation can end.
ADOPTION_TRANSITIONS = {
    Status.INTERESTED: {Status.REVIEW, Status.IMPLEMENTING, Status.OPERATING, Status.CANCELLED},
    Status.REVIEW: {Status.IMPLEMENTING, Status.OPERATING, Status.CANCELLED},
    Status.IMPLEMENTING: {Status.OPERATING, Status.CANCELLED},
    Status.OPERATING: {Status.CANCELLED},
    Status.CANCELLED: {Status.INTERESTED},
}


DUPLICATE_ADOPTION = gettext_lazy(
    "Diese Kommune hat die Nachnutzung dieses Projekts bereits erklärt."
)


def check_adoption_allowed(*, project: Project, municipality: Municipality) -> None:
    """The rules for a new adoption, also used by the admin's inline form."""
    if project.state != Project.State.PUBLISHED:
        raise Conflict({"project": _("Nachnutzen lässt sich nur ein veröffentlichtes Projekt.")})
    if municipality.pk == project.lead_municipality_id:
        raise Conflict(
            {
                "municipality": _(
                    "Die federführende Kommune kann ihr eigenes Projekt nicht nachnutzen."
                )
            }
        )
    if Adoption.objects.filter(project=project, municipality=municipality).exists():
        raise Conflict(DUPLICATE_ADOPTION, code="duplicate")


def check_adoption_transition(old: str, new: str) -> None:
    if new != old and new not in ADOPTION_TRANSITIONS[Status(old)]:
        raise Conflict(
            {
                "status": _("Vom Stand „%(old)s“ geht es nicht zu „%(new)s“.")
                % {"old": Status(old).label, "new": Status(new).label}
            }
        )


# One lineage write at a time: two adoptions naming each other's projects at
# the same moment would each see no cycle.
_LINEAGE_LOCK = 130013


def check_resulting_project(adoption: Adoption) -> None:
    """The project that came out of an adoption is the adopting city's own,
    not the adopted one, and closes no circle in the lineage."""
    resulting = adoption.resulting_project
    if resulting is None:
        return
    if resulting.lead_municipality_id != adoption.municipality_id:
        raise ValidationError(
            {
                "resulting_project": _(
                    "Das entstandene Projekt muss eines der nachnutzenden Kommune sein."
                )
            }
        )
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_LINEAGE_LOCK])
    if lineage.would_cycle(project_id=adoption.project_id, resulting_project_id=resulting.pk):
        raise ValidationError(
            {
                "resulting_project": _(
                    "„%(resulting)s“ ist selbst eine Vorlage von „%(project)s“: Die "
                    "Herkunftslinie darf keinen Kreis bilden."
                )
                % {"resulting": resulting.title, "project": adoption.project.title}
            }
        )


def _fill_adoption_dates(adoption: Adoption) -> None:
    today = timezone.localdate()
    if adoption.status in (Status.IMPLEMENTING, Status.OPERATING) and not adoption.started_on:
        adoption.started_on = today
    if adoption.status in (Status.OPERATING, Status.CANCELLED) and not adoption.completed_on:
        adoption.completed_on = max(today, adoption.started_on or today)


@transaction.atomic
def adoption_create(
    *,
    project: Project,
    actor: User,
    municipality: Municipality | None = None,
    status: str = Status.INTERESTED,
    started_on=None,
    completed_on=None,
    note: str = "",
    is_example: bool = False,
    resulting_project: Project | None = None,
) -> Adoption:
    """ "Wir nutzen das nach": one adoption per project and municipality (the
    actor's own city when none is named)."""
    if municipality is None:
        municipality = own_city(actor, field="municipality")
    if not permissions.can_declare_adoption(actor, municipality):
        raise deny(_("Sie können eine Nachnutzung nur für Ihre eigene Kommune erklären."))
    if is_example and not permissions.can_moderate_projects(actor):
        raise deny(_("Nur die Koordination kennzeichnet Beispieldatensätze."))
    check_adoption_allowed(project=project, municipality=municipality)
    adoption = Adoption(
        project=project,
        municipality=municipality,
        status=status,
        started_on=started_on,
        completed_on=completed_on,
        note=note,
        is_example=is_example,
        resulting_project=resulting_project,
        created_by=actor,
    )
    _fill_adoption_dates(adoption)
    adoption.full_clean()
    check_resulting_project(adoption)
    try:
        with transaction.atomic():
            adoption.save()
    except IntegrityError:
        # Two declarations at the same moment: the unique constraint decides.
        raise Conflict(DUPLICATE_ADOPTION, code="duplicate") from None
    log_action(
        actor=actor,
        obj=adoption,
        action="adoption.create",
        changes={"project": project, "municipality": municipality, "status": status},
    )
    reuse_changed(project.pk)
    return adoption


@transaction.atomic
def adoption_update(*, adoption: Adoption, actor: User, **fields) -> Adoption:
    """Move an adoption along (interessiert → … → im Betrieb | abgebrochen), edit dates and note."""
    check_fields(fields, ADOPTION_FIELDS)
    adoption = Adoption.objects.select_for_update().select_related("project").get(pk=adoption.pk)
    if not permissions.can_change_adoption(actor, adoption):
        raise deny(_("Sie können nur die Nachnutzungen Ihrer eigenen Kommune ändern."))
    if "is_example" in fields and not permissions.can_moderate_projects(actor):
        raise deny(_("Nur die Koordination kennzeichnet Beispieldatensätze."))
    check_adoption_transition(adoption.status, fields.get("status", adoption.status))
    before = {name: getattr(adoption, name) for name in ADOPTION_FIELDS}
    for name, value in fields.items():
        setattr(adoption, name, value)
    _fill_adoption_dates(adoption)
    adoption.full_clean()
    if "resulting_project" in fields:
        check_resulting_project(adoption)
    adoption.save()
    changes = diff(adoption, before, list(ADOPTION_FIELDS))
    if changes:
        log_action(actor=actor, obj=adoption, action="adoption.update", changes=changes)
        reuse_changed(adoption.project_id)
    return adoption


@transaction.atomic
def adoption_delete(*, adoption: Adoption, actor: User) -> None:
    """Remove an adoption declared by mistake (coordinators; cities end theirs
    with "abgebrochen", which keeps the record)."""
    if not permissions.can_moderate_projects(actor):
        raise deny(_("Nur die Koordination kann Nachnutzungen löschen."))
    adoption = Adoption.objects.select_for_update().select_related("project").get(pk=adoption.pk)
    log_action(
        actor=actor,
        obj=adoption.project,
        action="adoption.delete",
        changes={"municipality": adoption.municipality, "status": adoption.status},
    )
    adoption.delete()
    reuse_changed(adoption.project_id)
