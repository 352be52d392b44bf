"""Facet counts of the catalogue: how many results each filter value would give.

One statement either way. The unfiltered catalogue reads the counts the
triggers keep (``projects.models.FacetCount``), so its cost does not grow
with the catalogue. A filtered one groups its own results, read from the
narrow catalogue entries (``projects.models.CatalogueEntry``: topics and
cities as arrays in the row): the filters narrow them first (a search
matches a few hundred of 100,000 projects, some thousands of 300,000).
The counts are those of the current results ("drill-down"), so a value of a
filter that is not set counts exactly what choosing it would show; the page
offers counts only for filters not set (templates/projects/partials/facets.html).
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import F, QuerySet
from django.utils.translation import get_language

from core.sql_ahead import Rows, fetch_ahead
from projects.search import WordsQuery

# How many municipalities the facet lists (those with the most results). The
# largest counts are taken first, with their ties, and only those cities are
# read by key and ordered by name: not every city of the country joined and
# sorted (33,000 at --scale 3).
TOP_MUNICIPALITIES = 8


@dataclass(frozen=True)
class FacetValue:
    key: str  # the filter's value in the URL: phase, topic or municipality slug
    label: str
    count: int


@dataclass
class Facets:
    total: int = 0
    reusable: int = 0
    adopted: int = 0
    phase: list[FacetValue] = field(default_factory=list)
    topic: list[FacetValue] = field(default_factory=list)
    municipality: list[FacetValue] = field(default_factory=list)
    page: list[tuple[str, int]] = field(default_factory=list)  # (id, position), from one query


# Counts the database keeps: of the whole catalogue (projects_facetcount) or
# within one broad filter (projects_scopedfacetcount, ``within`` its scope).
_KEPT_SQL = """
    SELECT facet, value, '', count FROM {table}
    WHERE {within}facet IN ('all', 'reusable', 'adopted', 'phase') AND count > 0
    UNION ALL
    SELECT 'topic', t.slug, {topic_label}, c.count
    FROM {table} c JOIN projects_topic t ON t.id::text = c.value
    WHERE {within}c.facet = 'topic' AND c.count > 0
    UNION ALL
    (SELECT 'municipality', m.slug, m.name, top.count
     FROM (SELECT value, count FROM {table}
           WHERE {within}facet = 'municipality' AND count > 0
           ORDER BY count DESC FETCH FIRST %s ROWS WITH TIES) AS top
     JOIN members_municipality m ON m.id = top.value::bigint
     ORDER BY top.count DESC, m.name LIMIT %s)
"""

# The name of a search's query in the statement (WordsQuery.named): built
# once for the match and the rank, not once for each (each subquery is).
SEARCH = "search_query"

_FILTERED_SQL = """
    WITH {results}
    SELECT 'page', id::text, '', position FROM first_pages WHERE position > %s
    UNION ALL
    SELECT 'group', phase, is_reusable::int::text || (reuse_count > 0)::int::text, count(*)
    FROM results GROUP BY phase, is_reusable, reuse_count > 0
    UNION ALL
    SELECT 'topic', t.slug, {topic_label}, topics.n
    FROM (SELECT topic, count(*) AS n
          FROM (SELECT unnest(topic_ids) AS topic FROM results) AS each_topic
          GROUP BY topic) AS topics
    JOIN projects_topic t ON t.id = topics.topic
    UNION ALL
    (SELECT 'municipality', m.slug, m.name, involved.n
     FROM (
         SELECT city, count(*) AS n
         FROM (SELECT unnest(city_ids) AS city FROM results) AS each_city
         GROUP BY city
         ORDER BY n DESC FETCH FIRST %s ROWS WITH TIES
     ) AS involved JOIN members_municipality m ON m.id = involved.city
     ORDER BY involved.n DESC, m.name LIMIT %s)
"""  # noqa: S608 - the results' SQL comes from the ORM, values are parameters
# The page's ids are the first rows in the sort's order, found by a top-N
# sort that keeps only offset + limit rows, not a window numbering every
# result (a sort of all 14,000 results of "nachnutzbar" in "Betrieb" at
# --scale 1 took 30 ms). Totals, "reusable", "adopted" and the phases are one
# grouped pass ("group": the phase, and whether reusable and adopted as 1 or
# 0): _facets_of adds them up. The arrays are unnested in the select list
# (one ProjectSet node), not joined laterally (a function scan set up again
# for each result): the topic and city counts of 1,410 results at --scale 3
# took 1.5 and 2.9 ms, now 0.7 and 2.0.


# A topic's name in the interface's language (Topic.display_name, in SQL); the
# catalogue's cache keys hold the language.
_TOPIC_LABEL = "CASE WHEN %s AND t.name_en <> '' THEN t.name_en ELSE t.name END"


def _english() -> bool:
    return (get_language() or "de") != "de"


def unfiltered_facets() -> Facets:
    """The whole published catalogue's counts, kept by triggers on the projects."""
    sql = _KEPT_SQL.format(table="projects_facetcount", within="", topic_label=_TOPIC_LABEL)
    return _facets(sql, [_english(), TOP_MUNICIPALITIES, TOP_MUNICIPALITIES])


def scoped_facets(scope: str) -> Facets:
    """The counts within the catalogue of one broad filter (``topic:<id>``,
    ``phase:<phase>``, ``reusable``, ``adopted``) or two of them
    (``phase:betrieb reusable``), kept by triggers on the catalogue entries
    (projects.models.ScopedFacetCount)."""
    sql = _KEPT_SQL.format(
        table="projects_scopedfacetcount", within="scope = %s AND ", topic_label=_TOPIC_LABEL
    )
    params = [scope, _english(), scope, scope, TOP_MUNICIPALITIES, TOP_MUNICIPALITIES]
    return _facets(sql, params)


# The results' WITH queries and their parameters (``results_statement``).
Statement = tuple[str, list]


def results_statement(
    results: QuerySet, order_by: Sequence[str], *, query: WordsQuery | None = None
) -> Statement:
    """What ``facets_and_page`` counts and pages: ``results`` (catalogue
    entries with every filter applied, projects.models.catalogue) with the
    columns the counts and ``order_by`` read, and ``first_pages``, the ids of
    the first of them in that order with their ``position`` (how many: the
    statement's last placeholder, which the caller fills). ``query``: the
    search's, named ``SEARCH``, if ``results`` match and rank by it (built
    once for both). Raises ``EmptyResultSet`` for results that are none by
    their filters."""
    sorted_by = [field.removeprefix("-") for field in order_by]
    columns = [name for name in dict.fromkeys(sorted_by) if name != "pk"]
    shape = (
        results.order_by()
        .values("phase", "is_reusable", "reuse_count", "topic_ids", "city_ids", *columns)
        .annotate(id=F("pk"))
    )
    sql, params = shape.query.sql_with_params()
    search, search_params = "", []
    if query is not None:
        if query.name != SEARCH:
            raise ValueError(f"the search's query must be named {SEARCH!r}")
        search, search_params = query.definition()
        search += ", "
    order = _order_sql(order_by)
    # Quoted column names of the fields the catalogue sorts by; the number is a parameter.
    first_pages = _FIRST_PAGES_SQL.format(order=order)
    return f"{search}results AS MATERIALIZED ({sql}), {first_pages}", [*search_params, *params]


_FIRST_PAGES_SQL = (
    "first_pages AS (SELECT id, row_number() OVER (ORDER BY {order}) AS position"
    " FROM (SELECT * FROM results ORDER BY {order} LIMIT %s) AS first_rows)"
)


def _order_sql(order_by: Sequence[str]) -> str:
    """``order_by``'s fields as an ORDER BY of the results' columns."""
    quote = connection.ops.quote_name
    return ", ".join(
        quote("id" if field.removeprefix("-") == "pk" else field.removeprefix("-"))
        + (" DESC" if field.startswith("-") else " ASC")
        for field in order_by
    )


def facets_and_page(
    results: Statement | None, *, offset: int, limit: int
) -> tuple[Facets, list[int]]:
    """Counts over ``results`` (``results_statement``; None: nothing) and the
    project ids of one page of them in their order, in one statement: the
    filters (a search) are applied once for both."""
    return facets_and_page_ahead(results, offset=offset, limit=limit)()


def facets_and_page_ahead(
    results: Statement | None, *, offset: int, limit: int
) -> Callable[[], tuple[Facets, list[int]]]:
    """``facets_and_page`` with its statement started now, run ahead
    (core.sql_ahead): the function returned waits for it."""
    if results is None:
        return lambda: (Facets(), [])
    sql, params = results
    rows = fetch_ahead(
        _FILTERED_SQL.format(results=sql, topic_label=_TOPIC_LABEL),
        [*params, offset + limit, offset, _english(), TOP_MUNICIPALITIES, TOP_MUNICIPALITIES],
    )

    def facets_and_ids() -> tuple[Facets, list[int]]:
        facets = _facets_of(rows())
        return facets, [int(key) for key, _position in sorted(facets.page, key=lambda p: p[1])]

    return facets_and_ids


def _facets(sql: str, params: list) -> Facets:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return _facets_of(cursor.fetchall())


def _facets_of(rows: Rows) -> Facets:
    facets = Facets()
    for facet, key, label, count in rows:
        if facet == "page":
            facets.page.append((key, count))
        elif facet == "group":  # a phase's results, "reusable" and "adopted" as 1 or 0
            _add_group(facets, key, label, count)
        elif facet == "all":
            facets.total = count
        elif facet in ("reusable", "adopted"):
            setattr(facets, facet, count)
        elif count and key:  # a phase left blank is no filter value
            getattr(facets, facet).append(FacetValue(key, label, count))
    facets.phase.sort(key=lambda value: -value.count)
    facets.topic.sort(key=lambda value: (-value.count, value.label))
    facets.municipality.sort(key=lambda value: (-value.count, value.label))
    return facets


def _add_group(facets: Facets, phase: str, flags: str, count: int) -> None:
    facets.total += count
    facets.reusable += count if flags[0] == "1" else 0
    facets.adopted += count if flags[1] == "1" else 0
    if phase:  # a phase left blank is no filter value
        for index, value in enumerate(facets.phase):
            if value.key == phase:
                facets.phase[index] = FacetValue(phase, "", value.count + count)
                break
        else:
            facets.phase.append(FacetValue(phase, "", count))
