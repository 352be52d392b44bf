"""The catalogue: its filters, a page of results with facet counts, and the
similar projects (what the catalogue page, the API and the similarity hint read)."""

import functools
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import TypeVar, cast

from django.db import connection
from django.db.models import OuterRef, Subquery

from members.models import Municipality, User
from projects.cache import similar_ids
from projects.facets import (
    SEARCH,
    Facets,
    FacetValue,
    Statement,
    facets_and_page,
    facets_and_page_ahead,
    results_statement,
    scoped_facets,
    unfiltered_facets,
)
from projects.models import CatalogueEntry, Project, Topic
from projects.querysets import (
    SORT_RELEVANCE,
    CatalogueEntryQuerySet,
    ProjectQuerySet,
    ordering,
    search_query,
    search_words,
    sees_published_only,
)
from projects.search import WordsQuery
from projects.selectors.catalogue_statement import StatementsByShape
from projects.selectors.projects import published_project_count

SIMILAR_LIMIT = 5
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
    # Nachnutzungsbereit; recommended by a city that reuses it (issue 13).
    ready: bool | None = None
    recommended: bool | None = None
    state: str = ""
    sort: str = SORT_RELEVANCE


def is_ranked_search(filters: CatalogueFilters) -> bool:
    """Whether the catalogue is searched by words, and so ranked by relevance
    (``"!!!"`` has no words: nothing to rank)."""
    return bool(search_words(filters.query))


def is_unfiltered(filters: CatalogueFilters) -> bool:
    """The whole published catalogue: no words, no filter (the sort aside)."""
    return not (
        is_ranked_search(filters)
        or filters.topic
        or filters.municipality
        or filters.phase
        or filters.reusable is not None
        or filters.cost_min is not None
        or filters.cost_max is not None
        or filters.adopted is not None
        or filters.ready is not None
        or filters.recommended is not None
        or filters.state
    )


@dataclass
class CataloguePage:
    """One page of the published catalogue: the ids on it, its number and the
    facet counts of all results (``facets.total`` is their number)."""

    facets: Facets
    ids: list[int]
    number: int


def catalogue_page(*, filters: CatalogueFilters, number: int, per_page: int) -> CataloguePage:
    """The ids of page ``number`` (the last one past the end) and the facets.

    Two statements for the whole catalogue (facet counts kept by triggers, a
    page through the sort's index), one for filtered results (projects.facets):
    what a page shows of each project comes from its cached card
    (``catalogue_projects``)."""
    return catalogue_page_ahead(filters=filters, number=number, per_page=per_page)()


def catalogue_page_ahead(
    *, filters: CatalogueFilters, number: int, per_page: int
) -> Callable[[], CataloguePage]:
    """``catalogue_page`` with a filtered catalogue's statement started now
    (core.sql_ahead): the function returned waits for it, so a page can render
    the rest meanwhile. The whole catalogue's two short reads wait till then."""
    if is_unfiltered(filters):
        return lambda: _labelled(_kept_counts_page(filters, unfiltered_facets(), number, per_page))
    scope = kept_scope(filters)
    if scope is not None:
        return lambda: _labelled(_kept_counts_page(filters, scoped_facets(scope), number, per_page))
    results = catalogue_statement_by_shape(filters)
    first = facets_and_page_ahead(results, offset=(number - 1) * per_page, limit=per_page)

    def page() -> CataloguePage:
        facets, ids = first()
        shown = _page_number(number, facets.total, per_page)
        if shown != number:
            _facets, ids = facets_and_page(results, offset=(shown - 1) * per_page, limit=per_page)
        return _labelled(CataloguePage(facets, ids, shown))

    return page


def kept_scope(filters: CatalogueFilters) -> str | None:
    """The scope of the counts the database keeps (``scoped_facets``) if
    ``filters`` are one or two broad filters of different kinds — a topic, a
    phase, "reusable", "adopted" — and nothing else, no words: the first and
    second click on a facet of the whole catalogue, which count tens of
    thousands of results otherwise. Two are named in the order of
    ``_SCOPE_KINDS``, joined by a space, as the database names them
    (migration 0032)."""
    if is_ranked_search(filters) or filters.state not in ("", Project.State.PUBLISHED):
        return None
    if (
        filters.municipality is not None
        or filters.cost_min is not None
        or filters.cost_max is not None
        or filters.ready is not None
        or filters.recommended is not None
        or filters.reusable is False  # "not reusable", "not adopted": counted as results
        or filters.adopted is False
    ):
        return None
    scopes = [name for name in (kind(filters) for kind in _SCOPE_KINDS) if name]
    return " ".join(scopes) if len(scopes) in (1, 2) else None


# The broad filters whose counts are kept, each as the scope it names, in
# the order a scope of two names them.
_SCOPE_KINDS: tuple[Callable[[CatalogueFilters], str], ...] = (
    lambda filters: f"topic:{filters.topic.pk}" if filters.topic is not None else "",
    lambda filters: f"phase:{filters.phase}" if filters.phase else "",
    lambda filters: "reusable" if filters.reusable else "",
    lambda filters: "adopted" if filters.adopted else "",
)


def _kept_counts_page(
    filters: CatalogueFilters, facets: Facets, number: int, per_page: int
) -> CataloguePage:
    """A page whose counts the database keeps (``facets``: the whole
    catalogue's, or one or two broad filters'), its ids through the sort's
    index: two short statements however many results there are."""
    number = _page_number(number, facets.total, per_page)
    order = _filtered(Project.objects.published(), filters).with_adoption_count()
    order = order.sorted_by(filters.sort)
    start = (number - 1) * per_page
    ids = list(order.values_list("pk", flat=True)[start : start + per_page])
    return CataloguePage(facets, ids, number)


def _labelled(page: CataloguePage) -> CataloguePage:
    """The phases' counts with their labels in the interface's language."""
    labels = dict(Project.Phase.choices)
    page.facets.phase = [
        FacetValue(value.key, str(labels.get(value.key, value.key)), value.count)
        for value in page.facets.phase
    ]
    return page


def _page_number(number: int, total: int, per_page: int) -> int:
    """As ``Paginator.get_page``: below 1 or past the end is the last page."""
    last = max(1, -(-total // per_page))
    return last if number < 1 or number > last else number


def project_catalogue(
    *, user: User | None, filters: CatalogueFilters, published_only: bool = True
) -> ProjectQuerySet:
    """The catalogue: published projects (the page) or all the user may see (the API).

    Unfiltered, for a reader who sees published projects only, its ``count()``
    is the number the facet triggers keep (one row read): the API's pages of
    the whole catalogue then cost the same however large it is."""
    projects = Project.objects.published() if published_only else Project.objects.visible_to(user)
    projects = _filtered(projects, filters)
    searched = is_ranked_search(filters)
    projects = projects.for_list().sorted_by(filters.sort, searched=searched)
    if is_unfiltered(filters) and (published_only or sees_published_only(user)):
        projects = projects.with_kept_count(published_project_count)
    return projects


def topic_by_slug(slug: str) -> Topic | None:
    """The topic of ``slug``, or None. The catalogue validates its topic filter
    on every htmx request and each page whose form is not cached: one
    statement made once per process (``_topic_sql``), not a query the ORM
    builds each time, which took longer than the database needs to answer it."""
    fields, sql = _topic_sql()
    with connection.cursor() as cursor:
        cursor.execute(sql, [slug])
        row = cursor.fetchone()
    return None if row is None else Topic.from_db(connection.alias, fields, row)


@functools.cache
def _topic_sql() -> tuple[list[str], str]:
    meta, qn = Topic._meta, connection.ops.quote_name
    column = {field.attname: cast(str, field.column) for field in meta.concrete_fields}
    select = ", ".join(qn(name) for name in column.values())
    table, slug = qn(meta.db_table), qn(column["slug"])
    sql = f"SELECT {select} FROM {table} WHERE {slug} = %s"  # noqa: S608 - names from _meta
    return list(column), sql


def catalogue_projects(ids: list[int]) -> list[Project]:
    """The projects of these ids with everything a card shows (in no order)."""
    return list(Project.objects.filter(pk__in=ids).for_list())


def _filtered(projects: ProjectQuerySet, filters: CatalogueFilters) -> ProjectQuerySet:
    if filters.state:
        projects = projects.filter(state=filters.state)
    if filters.ready is not None:
        projects = projects.reuse_ready(filters.ready)
    if filters.recommended is not None:
        projects = projects.recommended(filters.recommended)
    return _narrowed(projects, filters, search_query(filters.query))


# Projects, or their catalogue entries: both carry these filters' columns.
Rows = TypeVar("Rows", ProjectQuerySet, CatalogueEntryQuerySet)


def _narrowed(rows: Rows, filters: CatalogueFilters, query: WordsQuery | None) -> Rows:
    """The filters projects and catalogue entries share, and the search:
    ``query`` is ``search_query(filters.query)``, or that query named."""
    if filters.topic is not None:
        rows = rows.with_topic(filters.topic)
    if filters.municipality is not None:
        rows = rows.involving(filters.municipality)
    if filters.phase:
        rows = rows.filter(phase=filters.phase)
    if filters.reusable is not None:
        rows = rows.filter(is_reusable=filters.reusable)
    if filters.cost_min is not None or filters.cost_max is not None:
        rows = rows.cost_between(filters.cost_min, filters.cost_max)
    if filters.adopted is not None:
        rows = rows.adopted(filters.adopted)
    if query is not None:
        rows = rows.matching(query)
    return rows


def _filtered_entries(
    filters: CatalogueFilters, query: WordsQuery | None
) -> CatalogueEntryQuerySet:
    """The published catalogue's results as entries (projects.models.catalogue):
    what ``_filtered`` gives of ``Project.objects.published()``, read from the
    narrow rows; the two filters the entries do not carry ask the projects.
    ``query``: the search's (``search_query``), maybe named."""
    entries = CatalogueEntry.objects.all()
    if filters.state and filters.state != Project.State.PUBLISHED:
        return entries.none()
    if filters.ready is not None:
        entries = entries.of_projects(Project.objects.reuse_ready(filters.ready))
    if filters.recommended is not None:
        entries = entries.of_projects(Project.objects.recommended(filters.recommended))
    return _narrowed(entries, filters, query)


def catalogue_statement(filters: CatalogueFilters) -> Statement:
    """The statement of the filtered results that ``catalogue_page`` counts and
    pages, built by the ORM (``catalogue_statement_by_shape`` reuses it)."""
    # The search's query is built once in the statement, for match and rank.
    query = search_query(filters.query)
    query = None if query is None else query.named(SEARCH)
    results = _filtered_entries(filters, query).with_adoption_count()
    order_by = ordering(filters.sort, searched=is_ranked_search(filters))
    return results_statement(results, order_by, query=query)


# The same, compiled once per shape of filters (projects.selectors.catalogue_statement).
catalogue_statement_by_shape = StatementsByShape(catalogue_statement)


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

    def closest() -> list[int]:
        found = (
            Project.objects.published()
            .exclude(pk=project.pk)
            .only("pk", "published_at")
            .similar_to(project.title, project.summary, limit=limit)
        )
        return [p.pk for p in found]

    pks = similar_ids(project, closest)
    if not pks:
        return []
    projects = Project.objects.published().filter(pk__in=pks)
    if for_list:
        projects = projects.for_list()
    else:
        projects = projects.select_related("lead_municipality").only(*SIMILAR_FIELDS)
    found = {p.pk: p for p in projects}
    return [found[pk] for pk in pks if pk in found]
