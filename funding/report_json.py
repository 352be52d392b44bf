"""The summary report as the API sends it: JSON text written by PostgreSQL in
the statement that sums it (``funding_summary_json``).

A report by city has a row per municipality (33,000 at ``--scale 3``). What
its first computation after a change costs, measured there (README ›
Performance): summing 150,000 grants into cities, sorting the cities by name
(each comparison a call of the C library's collation) and writing every row
with ``json_build_object`` — which looks up the output function of each of its
14 arguments on every call — took about equal parts of 200 ms, and the sorts
spilled to disk in the default work memory. So:

- the whole report by city is read from ``MunicipalityTotal``, the sums and
  row starts the database keeps per city (migration 0008): no grant is read,
  and the rows are ordered by the city's stored place among the names;
- a filtered report by city sums the filtered grants and takes each city's
  place and row start from there;
- a row is one ``concat()`` of texts (its labels escaped by ``to_json``),
  amounts written by ``numeric``'s own output: a sum of numeric(14, 2) values
  has two places, so it reads "60750.00"; the totals are cast to two places
  (a sum of no rows is 0);
- the statement gets the work memory to sort its rows in memory.
"""

import json
from typing import Any

import psycopg2.extensions
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from funding.models import Grant, MunicipalityTotal
from funding.selectors import (
    GROUP_BY,
    SORTED_GROUPING,
    grouped_sql,
    reads_every_grant,
    summary_sql,
)

# The rest of a row after its start: grants and the amounts as JSON strings.
_AMOUNTS = """',"grants":', s.grants, ',"approved":"', s.approved, '","disbursed":"', s.disbursed,
    '","remaining":"', s.approved - s.disbursed, '"}'"""
# Per group_by (but the city's, which is stored): a row's start and the rows'
# order, as SQL over the summed rows s(key, label, ags, grants, approved, disbursed).
_HEAD = """'{"key":', coalesce(to_json(s.key::text)::text, 'null'),
    ',"label":', to_json(%s::text), ',"ags":null'"""
_LABEL = {
    "program": "s.label",
    "year": "coalesce(s.key::text, %(unknown_year)s)",
    "status": "%(status_labels)s::jsonb ->> s.key::text",
}
_ORDER = {
    "program": "s.label",
    "year": "s.key",  # NULL (year unknown) last
    "status": "array_position(%(statuses)s::text[], s.key::text)",
}
_NO_ROWS = """(SELECT NULL AS key, NULL AS label, NULL::text AS head, 0 AS position,
    0 AS grants, 0.00 AS approved, 0.00 AS disbursed WHERE false) AS s"""
# Enough to sort a report by city with its rows' text in memory (6 MB at --scale 3).
_WORK_MEM = "64MB"


def _city_rows(queryset: QuerySet[Grant]) -> tuple[str, tuple, bool]:
    """Rows s(head, position, grants, approved, disbursed) of the report by
    city, their parameters and whether they sum grants."""
    totals = MunicipalityTotal._meta.db_table
    if reads_every_grant(queryset):
        return f"(SELECT * FROM {totals} WHERE grants > 0) s", (), False  # noqa: S608 - a name
    grouped, params = grouped_sql(queryset, "municipality")
    return (
        f"""(SELECT c.head, c.position, g.grants, g.approved, g.disbursed
            FROM ({grouped}) g JOIN {totals} c ON c.municipality_id = g.group_key) s""",  # noqa: S608
        params,
        True,
    )


def funding_summary_json(queryset: QuerySet[Grant], group_by: str, generated_at: str) -> bytes:
    """The summary report as the API writes it (``SummarySerializer``), as UTF-8
    bytes: the same rows, labels, order and two-place amounts as
    ``selectors.funding_summary``; the tests compare both."""
    if group_by not in GROUP_BY:
        raise ValueError(f"group_by must be one of {GROUP_BY}")
    names: dict[str, Any] = {
        "unknown_year": _("Jahr unbekannt"),
        "status_labels": json.dumps({value: str(label) for value, label in Grant.Status.choices}),
        "statuses": list(Grant.Status.values),
    }
    if group_by == "municipality":
        head, order, row_params = "s.head", "s.position", list[Any]()
    else:
        label, order = _LABEL[group_by], _ORDER[group_by]
        row_params = [names[n] for n in names if f"%({n})s" in label]
        row_params += [names[n] for n in names if f"%({n})s" in order]
        head = _HEAD % (label % dict.fromkeys(names, "%s"))
        order %= dict.fromkeys(names, "%s")
    sums_grants = True
    try:
        if group_by == "municipality":
            rows, params, sums_grants = _city_rows(queryset)
        else:
            sql, params = summary_sql(queryset, group_by)
            rows = f"({sql}) AS s(key, label, ags, grants, approved, disbursed)"
    except EmptyResultSet:  # queryset.none(): the same document, without rows
        rows, params, sums_grants = _NO_ROWS, (), False
    total = "coalesce(sum(s.{0}), 0)::numeric(16, 2)"
    document = f"""
        SELECT concat(
            '{{"group_by":', to_json(%s::text), ',"generated_at":', to_json(%s::text),
            ',"rows":[', string_agg(concat({head}, {_AMOUNTS}), ',' ORDER BY {order}),
            '],"total":{{"key":"total","label":', to_json(%s::text),
            ',"ags":null,"grants":', coalesce(sum(s.grants), 0),
            ',"approved":"', {total.format("approved")},
            '","disbursed":"', {total.format("disbursed")},
            '","remaining":"', coalesce(sum(s.approved) - sum(s.disbursed), 0)::numeric(16, 2),
            '"}}}}')
        FROM {rows}
    """  # noqa: S608 - names from constants; values are parameters
    settings = f"SET LOCAL work_mem = '{_WORK_MEM}'; "
    if group_by in SORTED_GROUPING and sums_grants:
        settings += "SET LOCAL enable_hashagg = off; "  # see selectors._summary_rows
    with connection.cursor() as cursor:
        # The text as the server sent it (UTF-8), not decoded into a str that
        # would be encoded again to be cached and sent: 5 MB by city at --scale 3.
        psycopg2.extensions.register_type(psycopg2.extensions.BYTES, cursor.cursor)
        cursor.execute(
            settings + document,
            [group_by, generated_at, *row_params, str(_("Summe")), *params],
        )
        return bytes(cursor.fetchone()[0])
