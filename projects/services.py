"""Every write to projects, adoptions and documents: rules, history, side effects.

Pages, API and admin call these functions; each checks who may do it
(PermissionDenied → 403), whether it may be done now (ValidationError with a
German message → form error or 400), writes in one transaction with its
history entry, and queues mails after commit.
"""

import re
from collections.abc import Iterable
from pathlib import PurePath

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from ikone.uploads import check_document
from members.audit import diff, log_action
from members.models import Municipality, User
from projects import permissions, tasks
from projects.markup import validate_no_html
from projects.models import Adoption, Participation, Project, ProjectDocument, Topic

PROJECT_FIELDS = (
    "title",
    "summary",
    "description",
    "phase",
    "start_date",
    "end_date",
    "investment_cost",
    "running_cost_per_year",
    "effort_person_days",
    "is_reusable",
    "licence",
    "technologies",
    "website",
    "contact_name",
    "contact_email",
    "contact_phone",
)
ADOPTION_FIELDS = ("status", "started_on", "completed_on", "note")

_UMLAUTS = str.maketrans(
    {"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss"}
)
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
# Paths under /projekte/ that are not projects.
RESERVED_SLUGS = {"neu", "aehnliche"}

Status = Adoption.Status
# Adoptions move forward; a cancelled one can start again, one in operation can end.
ADOPTION_TRANSITIONS = {
    Status.INTERESTED: {Status.REVIEW, Status.IMPLEMENTING, Status.OPERATING, Status.CANCELLED},
    Status.REVIEW: {Status.IMPLEMENTING, Status.OPERATING, Status.CANCELLED},
    Status.IMPLEMENTING: {Status.OPERATING, Status.CANCELLED},
    Status.OPERATING: {Status.CANCELLED},
    Status.CANCELLED: {Status.INTERESTED},
}


def _deny(message: str) -> PermissionDenied:
    return PermissionDenied(message)


def unique_slug(title: str, *, exclude_pk: int | None = None) -> str:
    base = slugify(title.translate(_UMLAUTS))[:200].strip("-") or "projekt"
    taken = RESERVED_SLUGS | set(
        Project.objects.filter(slug__startswith=base)
        .exclude(pk=exclude_pk)
        .values_list("slug", flat=True)
    )
    slug, number = base, 2
    while slug in taken:
        slug = f"{base}-{number}"
        number += 1
    return slug


def _check_fields(fields: dict, allowed: Iterable[str]) -> None:
    unknown = set(fields) - set(allowed)
    if unknown:
        raise TypeError(f"Unknown fields: {sorted(unknown)}")


def check_partners(lead: Municipality, partners: Iterable[Municipality] | None) -> None:
    if partners is not None and any(partner.pk == lead.pk for partner in partners):
        raise ValidationError(
            {"partners": _("Die federführende Kommune kann nicht zugleich Partnerin sein.")}
        )


def _set_partners(project: Project, partners: Iterable[Municipality]) -> dict:
    wanted = {partner.pk: partner for partner in partners}
    current = set(project.participations.values_list("municipality_id", flat=True))
    removed = current - set(wanted)
    added = set(wanted) - current
    if removed:
        project.participations.filter(municipality_id__in=removed).delete()
    Participation.objects.bulk_create(
        Participation(project=project, municipality=wanted[pk]) for pk in sorted(added)
    )
    if not (added or removed):
        return {}
    return {"partners": [sorted(current), sorted(wanted)]}


def _set_topics(project: Project, topics: Iterable[Topic]) -> dict:
    wanted = {topic.pk for topic in topics}
    current = set(project.topics.values_list("pk", flat=True))
    if wanted == current:
        return {}
    project.topics.set(sorted(wanted))
    return {"topics": [sorted(current), sorted(wanted)]}


@transaction.atomic
def project_create(
    *,
    actor: User,
    lead_municipality: Municipality,
    topics: Iterable[Topic] = (),
    partners: Iterable[Municipality] = (),
    **fields,
) -> Project:
    """A new draft; staff may only create projects led by their own city."""
    if not permissions.can_create_project(actor, lead_municipality):
        raise _deny(_("Sie dürfen nur Projekte Ihrer eigenen Kommune anlegen."))
    _check_fields(fields, PROJECT_FIELDS)
    partners = list(partners)
    project = Project(
        lead_municipality=lead_municipality,
        created_by=actor,
        state=Project.State.DRAFT,
        **fields,
    )
    project.slug = unique_slug(project.title)
    project.full_clean()
    check_partners(lead_municipality, partners)
    project.save()
    _set_topics(project, topics)
    _set_partners(project, partners)
    log_action(
        actor=actor,
        obj=project,
        action="project.create",
        changes={"lead_municipality": lead_municipality, "state": project.state},
    )
    return project


@transaction.atomic
def project_update(
    *,
    project: Project,
    actor: User,
    topics: Iterable[Topic] | None = None,
    partners: Iterable[Municipality] | None = None,
    lead_municipality: Municipality | None = None,
    **fields,
) -> Project:
    """Change a project's content; only coordinators may change the lead city."""
    project = Project.objects.select_for_update().get(pk=project.pk)
    if not permissions.can_edit_project(actor, project):
        raise _deny(_("Sie dürfen dieses Projekt nicht bearbeiten."))
    _check_fields(fields, PROJECT_FIELDS)
    changing_lead = (
        lead_municipality is not None and lead_municipality.pk != project.lead_municipality_id
    )
    if changing_lead and not permissions.can_moderate_projects(actor):
        raise _deny(_("Nur die Koordination kann die federführende Kommune ändern."))
    names = [*fields, *(["lead_municipality"] if changing_lead else [])]
    before = {name: getattr(project, name) for name in names}
    for name, value in fields.items():
        setattr(project, name, value)
    if changing_lead:
        project.lead_municipality = lead_municipality
    project.full_clean()
    partners = list(partners) if partners is not None else None
    check_partners(project.lead_municipality, partners)
    project.save()
    changes = diff(project, before, names)
    if topics is not None:
        changes.update(_set_topics(project, topics))
    if partners is not None:
        changes.update(_set_partners(project, partners))
    if changes:
        log_action(actor=actor, obj=project, action="project.update", changes=changes)
    return project


def _transition(project: Project, *, actor: User, action: str, **values) -> Project:
    before = {name: getattr(project, name) for name in values}
    for name, value in values.items():
        setattr(project, name, value)
    project.save(update_fields=[*values, "updated_at"])
    log_action(actor=actor, obj=project, action=action, changes=diff(project, before, [*values]))
    return project


@transaction.atomic
def project_submit(*, project: Project, actor: User) -> Project:
    """Draft or rejected → submitted; the coordinators are told by mail."""
    project = Project.objects.select_for_update().get(pk=project.pk)
    if not permissions.can_submit_project(actor, project):
        raise _deny(_("Sie dürfen dieses Projekt nicht einreichen."))
    if project.state not in (Project.State.DRAFT, Project.State.REJECTED):
        raise ValidationError(
            _("Nur Entwürfe und abgelehnte Projekte können zur Prüfung eingereicht werden."),
            code="invalid_state",
        )
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
    project = Project.objects.select_for_update().get(pk=project.pk)
    if not permissions.can_moderate_projects(actor):
        raise _deny(_("Nur die Koordination kann Projekte veröffentlichen."))
    if project.state != Project.State.SUBMITTED:
        raise ValidationError(
            _("Nur zur Prüfung eingereichte Projekte können veröffentlicht werden."),
            code="invalid_state",
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
    project = Project.objects.select_for_update().get(pk=project.pk)
    if not permissions.can_moderate_projects(actor):
        raise _deny(_("Nur die Koordination kann Projekte ablehnen."))
    if project.state != Project.State.SUBMITTED:
        raise ValidationError(
            _("Nur zur Prüfung eingereichte Projekte können abgelehnt werden."),
            code="invalid_state",
        )
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Bitte geben Sie einen Grund für die Ablehnung an.")})
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
    project = Project.objects.select_for_update().get(pk=project.pk)
    if not permissions.can_moderate_projects(actor):
        raise _deny(_("Nur die Koordination kann Projekte archivieren."))
    if project.state != Project.State.PUBLISHED:
        raise ValidationError(
            _("Nur veröffentlichte Projekte können archiviert werden."), code="invalid_state"
        )
    return _transition(project, actor=actor, action="project.archive", state=Project.State.ARCHIVED)


# --- adoptions (Nachnutzung) ----------------------------------------------

DUPLICATE_ADOPTION = _("Diese Kommune hat die Nachnutzung dieses Projekts bereits erklärt.")


def check_adoption_allowed(*, project: Project, municipality: Municipality) -> None:
    """The rules for a new adoption, also used by the admin's inline form."""
    if project.state != Project.State.PUBLISHED:
        raise ValidationError(
            {"project": _("Nachnutzen lässt sich nur ein veröffentlichtes Projekt.")}
        )
    if municipality.pk == project.lead_municipality_id:
        raise ValidationError(
            {
                "municipality": _(
                    "Die federführende Kommune kann ihr eigenes Projekt nicht nachnutzen."
                )
            }
        )
    if Adoption.objects.filter(project=project, municipality=municipality).exists():
        raise ValidationError(DUPLICATE_ADOPTION, code="duplicate")


def check_adoption_transition(old: str, new: str) -> None:
    if new != old and new not in ADOPTION_TRANSITIONS[old]:
        raise ValidationError(
            {
                "status": _("Vom Stand „%(old)s“ geht es nicht zu „%(new)s“.")
                % {"old": Status(old).label, "new": Status(new).label}
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
    municipality: Municipality,
    actor: User,
    status: str = Status.INTERESTED,
    started_on=None,
    completed_on=None,
    note: str = "",
) -> Adoption:
    """ "Wir nutzen das nach": one adoption per project and municipality."""
    if not permissions.can_declare_adoption(actor, municipality):
        raise _deny(_("Sie können eine Nachnutzung nur für Ihre eigene Kommune erklären."))
    check_adoption_allowed(project=project, municipality=municipality)
    adoption = Adoption(
        project=project,
        municipality=municipality,
        status=status,
        started_on=started_on,
        completed_on=completed_on,
        note=note,
        created_by=actor,
    )
    _fill_adoption_dates(adoption)
    adoption.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            adoption.save()
    except IntegrityError:
        # Two declarations at the same moment: the unique constraint decides.
        raise ValidationError(DUPLICATE_ADOPTION, code="duplicate") from None
    log_action(
        actor=actor,
        obj=adoption,
        action="adoption.create",
        changes={"project": project, "municipality": municipality, "status": status},
    )
    return adoption


@transaction.atomic
def adoption_update(*, adoption: Adoption, actor: User, **fields) -> Adoption:
    """Move an adoption along (interessiert → … → im Betrieb | abgebrochen), edit dates and note."""
    _check_fields(fields, ADOPTION_FIELDS)
    adoption = Adoption.objects.select_for_update().select_related("project").get(pk=adoption.pk)
    if not permissions.can_change_adoption(actor, adoption):
        raise _deny(_("Sie können nur die Nachnutzungen Ihrer eigenen Kommune ändern."))
    check_adoption_transition(adoption.status, fields.get("status", adoption.status))
    before = {name: getattr(adoption, name) for name in ADOPTION_FIELDS}
    for name, value in fields.items():
        setattr(adoption, name, value)
    _fill_adoption_dates(adoption)
    adoption.full_clean(validate_constraints=False)
    adoption.save()
    changes = diff(adoption, before, list(ADOPTION_FIELDS))
    if changes:
        log_action(actor=actor, obj=adoption, action="adoption.update", changes=changes)
    return adoption


# --- documents ---------------------------------------------------------------


def _clean_file_name(name: str) -> str:
    return _CONTROL.sub("", PurePath(name or "").name)[:255] or "dokument"


@transaction.atomic
def document_add(
    *, project: Project, actor: User, title: str, file: UploadedFile
) -> ProjectDocument:
    """Attach a document, checked by content (PDF/ODT/DOCX/PNG/JPEG, ≤ 10 MB)."""
    if not permissions.can_edit_project(actor, project):
        raise _deny(_("Sie dürfen diesem Projekt keine Dokumente hinzufügen."))
    try:
        checked = check_document(file)
    except ValidationError as error:
        raise ValidationError({"file": error.messages}) from None
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": _("Bitte geben Sie einen Titel an.")})
    try:
        validate_no_html(title)
    except ValidationError as error:
        raise ValidationError({"title": error.messages}) from None
    original_name = _clean_file_name(file.name)
    # The stored name is random (see document_upload_path); its suffix follows
    # the recognised type, not what the uploader called the file.
    file.name = f"dokument{checked.extension}"
    document = ProjectDocument(
        project=project,
        title=title[:200],
        file=file,
        original_name=original_name,
        content_type=checked.content_type,
        size=checked.size,
        uploaded_by=actor,
    )
    document.save()
    log_action(
        actor=actor,
        obj=project,
        action="document.add",
        changes={"document": title, "file": original_name, "size": checked.size},
    )
    return document


@transaction.atomic
def document_delete(*, document: ProjectDocument, actor: User) -> None:
    project = document.project
    if not permissions.can_edit_project(actor, project):
        raise _deny(_("Sie dürfen die Dokumente dieses Projekts nicht löschen."))
    storage, name = document.file.storage, document.file.name
    document.delete()
    log_action(
        actor=actor,
        obj=project,
        action="document.delete",
        changes={"document": document.title, "file": document.original_name},
    )
    transaction.on_commit(lambda: storage.delete(name))
