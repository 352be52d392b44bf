"""Writes of projects: create, update and the moderation transitions."""

from collections.abc import Iterable
from functools import partial

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from members.audit import diff, log_action
from members.models import Municipality, User
from projects import permissions
from projects.cache import catalogue_changed
from projects.markup import render_markdown
from projects.models import Participation, Project, Topic
from projects.services._common import check_fields, deny, own_city

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
    "repository_url",
    "contact_name",
    "contact_email",
    "contact_phone",
    "is_example",
)

_UMLAUTS = str.maketrans(
    {"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss"}
)
# Paths under /projekte/ that are not projects.
RESERVED_SLUGS = {"neu", "aehnliche", "feed"}


def unique_slug(title: str, *, exclude_pk: int | None = None) -> str:
    base = slugify(title.translate(_UMLAUTS))[:200].strip("-") or "projekt"
    others = Project.objects.filter(slug__startswith=base)
    if exclude_pk is not None:
        others = others.exclude(pk=exclude_pk)
    taken = RESERVED_SLUGS | set(others.values_list("slug", flat=True))
    slug, number = base, 2
    while slug in taken:
        slug = f"{base}-{number}"
        number += 1
    return slug


SLUG_ATTEMPTS = 5


def _save_with_a_free_slug(project: Project) -> None:
    """Insert a new project; when another took its slug meanwhile (two cities
    submit the same title at once), take the next free one.

    The insert of the second waits on the slug's unique index until the first
    commits, fails, and its savepoint is rolled back; the next slug is chosen
    knowing the first's.
    """
    for attempt in range(SLUG_ATTEMPTS):
        try:
            with transaction.atomic():
                project.save()
            return
        except IntegrityError as error:
            if "slug" not in str(error) or attempt == SLUG_ATTEMPTS - 1:
                raise
            project.slug = unique_slug(project.title)


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
    lead_municipality: Municipality | None = None,
    topics: Iterable[Topic] = (),
    partners: Iterable[Municipality] = (),
    **fields,
) -> Project:
    """A new draft; staff may only create projects led by their own city, which
    leads when none is named."""
    if lead_municipality is None:
        lead_municipality = own_city(actor, field="lead_municipality")
    if not permissions.can_create_project(actor, lead_municipality):
        raise deny(_("Sie dürfen nur Projekte Ihrer eigenen Kommune anlegen."))
    check_fields(fields, PROJECT_FIELDS)
    _check_example_flag(actor, fields)
    partners = list(partners)
    project = Project(
        lead_municipality=lead_municipality,
        created_by=actor,
        state=Project.State.DRAFT,
        **fields,
    )
    project.slug = unique_slug(project.title)
    project.full_clean(exclude=["slug"])  # a slug taken meanwhile is replaced on saving
    check_partners(lead_municipality, partners)
    project.description_html = render_markdown(project.description)
    _save_with_a_free_slug(project)
    _set_topics(project, topics)
    _set_partners(project, partners)
    log_action(
        actor=actor,
        obj=project,
        action="project.create",
        changes={"lead_municipality": lead_municipality, "state": project.state},
    )
    catalogue_changed(texts=True, project_id=project.pk)
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
        raise deny(_("Sie dürfen dieses Projekt nicht bearbeiten."))
    check_fields(fields, PROJECT_FIELDS)
    _check_example_flag(actor, fields)
    changing_lead = (
        lead_municipality is not None and lead_municipality.pk != project.lead_municipality_id
    )
    if changing_lead and not permissions.can_moderate_projects(actor):
        raise deny(_("Nur die Koordination kann die federführende Kommune ändern."))
    names = [*fields, *(["lead_municipality"] if changing_lead else [])]
    before = {name: getattr(project, name) for name in names}
    for name, value in fields.items():
        setattr(project, name, value)
    if changing_lead and lead_municipality is not None:
        project.lead_municipality = lead_municipality
    project.full_clean()
    partners = list(partners) if partners is not None else None
    check_partners(project.lead_municipality, partners)
    if "description" in fields and project.description != before["description"]:
        project.description_html = render_markdown(project.description)
    # A change is a sign of life: no longer "möglicherweise veraltet" (projects.freshness).
    project.possibly_outdated = False
    project.save()
    changes = diff(project, before, names)
    if topics is not None:
        changes.update(_set_topics(project, topics))
    if partners is not None:
        changes.update(_set_partners(project, partners))
    if changes:
        log_action(actor=actor, obj=project, action="project.update", changes=changes)
    # updated_at changed anyway
    catalogue_changed(project_id=project.pk, fields=changes)
    return project


def _check_example_flag(actor: User, fields: dict) -> None:
    if "is_example" in fields and not permissions.can_moderate_projects(actor):
        raise deny(_("Nur die Koordination kennzeichnet Beispieldatensätze."))


@transaction.atomic
def project_delete(*, project: Project, actor: User) -> None:
    """Delete a project entered by mistake (coordinators); its partners, adoptions
    and documents go with it, the files once the deletion has committed."""
    if not permissions.can_moderate_projects(actor):
        raise deny(_("Nur die Koordination kann Projekte löschen."))
    project = Project.objects.select_for_update().get(pk=project.pk)
    files = [(document.file.storage, document.file.name) for document in project.documents.all()]
    log_action(
        actor=actor,
        obj=project,
        action="project.delete",
        changes={"title": project.title, "lead_municipality": project.lead_municipality},
    )
    project_id = project.pk
    project.delete()
    for storage, name in files:
        if name:
            transaction.on_commit(partial(storage.delete, name))
    catalogue_changed(texts=True, project_id=project_id)
