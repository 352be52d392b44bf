"""Reads shared by pages and API: each list states its joins and prefetches once."""

from dataclasses import dataclass
from decimal import Decimal

from django.core.cache import cache
from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum

from members.models import Municipality, User
from projects.models import Adoption, Participation, Project, ProjectDocument, Topic
from projects.querysets import SORT_RELEVANCE, ProjectQuerySet, search_words

SIMILAR_LIMIT = 5
SIMILAR_CACHE_SECONDS = 10 * 60
SECTION_LIMIT = 20
# What a list of similar projects shows of each.
SIMILAR_FIELDS = ("title", "slug", "phase", "published_at", "lead_municipality__name")


@dataclass(frozen=True)
class CatalogueFilters:
    """The catalogue's filters, the same for the page (``?q=``) and the API (``?search=``)."""

    query: str = ""
    topic: Topic | None = None
    municipality: Municipality | None = None
    phase: str = ""
    reusable: bool | None = None
    cost_min: Decimal | None = None
    cost_max: Decimal | None = None
    adopted: bool | None = None
    state: str = ""
    sort: str = SORT_RELEVANCE


def is_ranked_search(filters: CatalogueFilters) -> bool:
    """Whether the catalogue is searched by words, and so ranked by relevance
    (``"!!!"`` has no words: nothing to rank)."""
    return bool(search_words(filters.query))


def project_catalogue(
    *, user: User | None, filters: CatalogueFilters, published_only: bool = True
) -> ProjectQuerySet:
    """The catalogue: published projects (the page) or all the user may see (the API)."""
    projects = Project.objects.published() if published_only else Project.objects.visible_to(user)
    if filters.state:
        projects = projects.filter(state=filters.state)
    if filters.topic is not None:
        projects = projects.with_topic(filters.topic)
    if filters.municipality is not None:
        projects = projects.involving(filters.municipality)
    if filters.phase:
        projects = projects.filter(phase=filters.phase)
    if filters.reusable is not None:
        projects = projects.filter(is_reusable=filters.reusable)
    if filters.cost_min is not None or filters.cost_max is not None:
        projects = projects.cost_between(filters.cost_min, filters.cost_max)
    if filters.adopted is not None:
        projects = projects.adopted(filters.adopted)
    searched = is_ranked_search(filters)
    if searched:
        projects = projects.search(filters.query)
    return projects.for_list().sorted_by(filters.sort, searched=searched)


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
    )


def project_adoptions(project: Project) -> QuerySet[Adoption]:
    return _adoptions_shown().filter(project=project)


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


def similar_projects(
    *,
    title: str,
    summary: str = "",
    user: User | None = None,
    exclude_slug: str = "",
    limit: int = SIMILAR_LIMIT,
) -> list[Project]:
    """Projects that resemble the title (and summary) being typed: the "similar
    projects already exist" hint.

    Published projects, the ones a city can reuse; with a ``user``, everything
    that user may see. Without one it needs nothing of the request's user (no
    role lookup), so the hint costs one query. Each project comes with what the
    hint shows: title, link, phase and ``lead_name``, the lead city's name, looked
    up for the few projects shown (a join would read every city for hundreds of
    candidates).
    """
    projects = Project.objects.published() if user is None else Project.objects.visible_to(user)
    if exclude_slug:
        projects = projects.exclude(slug=exclude_slug)
    lead = Municipality.objects.filter(pk=OuterRef("lead_municipality_id")).order_by()
    projects = projects.only("title", "slug", "phase", "published_at", "lead_municipality")
    projects = projects.annotate(lead_name=Subquery(lead.values("name")[:1]))
    return list(projects.similar_to(title, summary, limit=limit))


def similar_to_project(
    *, project: Project, limit: int = SIMILAR_LIMIT, for_list: bool = False
) -> list[Project]:
    """Published projects like this one, for its page (title, link, lead city) and,
    with ``for_list``, the API (everything a list item shows).

    Which ones is cached for a while: a project's neighbours change slowly and
    the search reads many rows. The projects themselves are read fresh, so one
    that was unpublished since drops out at once.
    """
    key = f"projects:similar:{project.pk}:{project.updated_at.timestamp():.0f}"
    pks = cache.get(key)
    if pks is None:
        closest = (
            Project.objects.published()
            .exclude(pk=project.pk)
            .only("pk", "published_at")
            .similar_to(project.title, project.summary, limit=limit)
        )
        pks = [p.pk for p in closest]
        cache.set(key, pks, SIMILAR_CACHE_SECONDS)
    if not pks:
        return []
    projects = Project.objects.published().filter(pk__in=pks)
    if for_list:
        projects = projects.for_list()
    else:
        projects = projects.select_related("lead_municipality").only(*SIMILAR_FIELDS)
    found = {p.pk: p for p in projects}
    return [found[pk] for pk in pks if pk in found]


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
        .select_related("project__lead_municipality", "municipality")
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


def published_project_count() -> int:
    return Project.objects.published().count()


def active_adoption_count() -> int:
    """Adoptions (not cancelled) of published projects."""
    total = Project.objects.published().aggregate(total=Sum("reuse_count"))["total"]
    return total or 0
