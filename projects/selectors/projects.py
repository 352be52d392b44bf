"""Reads of a project's page, a municipality's projects and lists: each states
its joins and prefetches once."""

from django.db.models import Count, Prefetch, Q, QuerySet
from django.db.models.expressions import RawSQL

from members.models import Municipality, User
from projects.models import Adoption, FacetCount, Participation, Project, ProjectDocument, Topic
from projects.querysets import ProjectQuerySet

SECTION_LIMIT = 20
# How pages and the API show a municipality that takes part in a project.
MUNICIPALITY_REF = ("municipality__name", "municipality__slug", "municipality__ags")


def _adoptions_shown() -> QuerySet[Adoption]:
    """Adoptions with what pages and the API show of the adopting city."""
    return (
        Adoption.objects.select_related("municipality")
        .only(
            "project",
            "municipality",
            "status",
            "started_on",
            "completed_on",
            "note",
            "is_example",
            *MUNICIPALITY_REF,
        )
        .order_by("municipality__name")
    )


def project_detail_queryset(user: User | None) -> ProjectQuerySet:
    """One project with everything its API detail shows.

    Partners and adopting cities come with what is shown of them (name, link,
    AGS), not their whole record: a project reused by fifty cities reads fifty.
    """
    partners = (
        Participation.objects.select_related("municipality")
        .only("project", "municipality", "role", *MUNICIPALITY_REF)
        .order_by("municipality__name")
    )
    return project_page_queryset(user).prefetch_related(
        Prefetch("topics", queryset=Topic.objects.order_by("name")),
        Prefetch("participations", queryset=partners),
        Prefetch("documents", queryset=ProjectDocument.objects.order_by("title", "pk")),
        Prefetch("adoptions", queryset=_adoptions_shown()),
    )


def project_page_queryset(user: User | None) -> ProjectQuerySet:
    """One project for its page: its row and its lead city. What the page lists
    of it comes from the lazy querysets below, read only when the page's cached
    parts are out of date (projects.cache)."""
    return (
        Project.objects.visible_to(user)
        .select_related("lead_municipality")
        .defer("search_vector")
        .with_adoption_count()
        .with_readiness()
        .with_report_counts()
        .with_reuse_page_facts()
    )


def project_adoptions(project: Project) -> QuerySet[Adoption]:
    return _adoptions_shown().filter(project=project)


def project_adoption_rows(project: Project) -> list[tuple[int, str]]:
    """``(id, row version)`` of the project's adoptions in the page's order:
    one small query. The version is PostgreSQL's ``xmin``, new with every
    write of the row (see ``project_report_rows``)."""
    rows = project_adoptions(project).values_list("pk", RawSQL("projects_adoption.xmin::text", ()))
    return list(rows)


def adoptions_by_id(ids: list[int]) -> dict[int, Adoption]:
    return {adoption.pk: adoption for adoption in _adoptions_shown().filter(pk__in=ids)}


def project_partners(project: Project) -> QuerySet[Municipality]:
    return (
        Municipality.objects.filter(participations__project=project)
        .only("name", "slug")
        .order_by("name")
    )


def project_topics(project: Project) -> QuerySet[Topic]:
    return project.topics.order_by("name")


def project_documents(project: Project) -> QuerySet[ProjectDocument]:
    return project.documents.order_by("title", "pk")


def municipality_sections(*, municipality: Municipality, user: User | None) -> dict:
    """The projects a municipality leads, partners in and reuses (for its page).

    Each list shows the newest SECTION_LIMIT entries and says how many there are.
    """
    visible = Project.objects.visible_to(user).for_list().order_by("-published_at", "-pk")
    led = visible.filter(lead_municipality=municipality)
    partnered = visible.filter(
        pk__in=Participation.objects.filter(municipality=municipality).values("project")
    )
    adoptions = (
        Adoption.objects.visible_to(user)
        .filter(municipality=municipality)
        .select_related("project__lead_municipality")
        .order_by("-updated_at", "-pk")
    )
    return {
        "led": list(led[:SECTION_LIMIT]),
        "led_total": led.count(),
        "partnered": list(partnered[:SECTION_LIMIT]),
        "partnered_total": partnered.count(),
        "adoptions": list(adoptions[:SECTION_LIMIT]),
        "adoptions_total": adoptions.count(),
    }


def adoption_list(*, user: User | None) -> QuerySet[Adoption]:
    return (
        Adoption.objects.visible_to(user)
        .select_related("project__lead_municipality", "municipality", "resulting_project")
        .order_by("-updated_at", "-pk")
    )


def moderation_queue() -> ProjectQuerySet:
    return (
        Project.objects.filter(state=Project.State.SUBMITTED)
        .for_list()
        .order_by("submitted_at", "pk")
    )


def projects_of_municipality(municipality: Municipality) -> ProjectQuerySet:
    """All states, for the staff's own overview."""
    return (
        Project.objects.filter(lead_municipality=municipality)
        .for_list()
        .order_by("-updated_at", "-pk")
    )


def topic_list() -> QuerySet[Topic]:
    return Topic.objects.annotate(
        project_count=Count("projects", filter=Q(projects__state=Project.State.PUBLISHED))
    ).order_by("name")


def newest_published_projects() -> ProjectQuerySet:
    """Published projects, the latest published first (the start page); as in
    the catalogue, those possibly outdated last — which is also the order of
    the index ``project_state_published`` (a few rows read, not every
    published project sorted)."""
    return (
        Project.objects.published()
        .select_related("lead_municipality")
        .only("pk", "title", "slug", "summary", "published_at", "lead_municipality__name")
        .order_by("possibly_outdated", "-published_at", "-pk")
    )


def _kept_total(facet: str) -> int:
    """A total the database keeps beside the catalogue's facet counts
    (``FacetCount``, migrations 0010 and 0022): one row read, not a count."""
    kept = FacetCount.objects.filter(facet=facet, value="").values_list("count", flat=True)
    return kept.first() or 0


def published_project_count() -> int:
    return _kept_total("all")


def active_adoption_count() -> int:
    """Adoptions (not cancelled) of published projects."""
    return _kept_total("reuses")
