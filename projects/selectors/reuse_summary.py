"""What reuse saved per project, municipality or topic, as the JSON document of
``/api/v1/reuse/summary/``, written by PostgreSQL in the statement that sums it
(issue 13; the programme's grouping needs grants and is ``funding.reuse``).

The sums read the experience reports alone: each report carries the avoided
figures and copies of what decides whether and where it counts, kept by the
database (``ExperienceReport.counted`` and below, migration 0021). A report by
city has a row per municipality (11,000 in Germany); building them in Python
took longer than summing them, so the database writes the document as the
funding summary does (``funding.report_json``). By city, for readers who see
published projects only (the ministry), not even the reports are summed:
the database keeps each city's sums (``MunicipalitySavings``, migration 0024)
and its row of this document as JSON text with its place in the rows' order
(migration 0026), so the document is the kept rows joined in that order —
writing and sorting 33,000 rows afresh took ~200 ms at ``--scale 3``.

Rows: one per group, ordered by label (case-insensitive: lower-cased, then
by code point, as Python's ``str.casefold`` sorts; bytewise, which is cheaper
than the collation's comparisons) and key, and the
total (the whole network: every counted report once — a project with two
topics is in two topics' rows, but once in the total). Amounts are strings
with two places; the row keys are those of ``funding.reuse.row_data``.
"""

import psycopg2.extensions
from django.core.exceptions import EmptyResultSet
from django.db import connection

from members.models import User
from projects.querysets import sees_published_only
from projects.selectors.reuse import counted_reports

GROUP_BY = ("project", "municipality", "topic")

_AMOUNT = "::numeric(16, 2)::text"

# Per grouping: the grouped rows from the counted reports ``r``, as
# (group_id, reports, investment, effort, contributed, contributed_investment),
# and the table whose slug and name label them.
_GROUPED = {
    "project": (
        """SELECT r.project_id, count(*), sum(r.avoided_investment),
                  sum(r.avoided_effort_days), NULL::bigint, NULL::numeric
           FROM r GROUP BY r.project_id""",
        "projects_project",
        "title",
    ),
    "topic": (
        """SELECT pt.topic_id, count(*), sum(r.avoided_investment),
                  sum(r.avoided_effort_days), NULL::bigint, NULL::numeric
           FROM r JOIN projects_project_topics pt ON pt.project_id = r.project_id
           GROUP BY pt.topic_id""",
        "projects_topic",
        "name",
    ),
    # A city's own reuse (reports it wrote, what they avoided) beside what
    # its projects saved others (reports on the projects it leads).
    "municipality": (
        """SELECT coalesce(u.id, c.id), coalesce(u.n, 0), coalesce(u.investment, 0),
                  coalesce(u.effort, 0), coalesce(c.n, 0), coalesce(c.investment, 0)
           FROM (SELECT r.adopter_municipality_id AS id, count(*) AS n,
                        sum(r.avoided_investment) AS investment,
                        sum(r.avoided_effort_days) AS effort
                 FROM r GROUP BY 1) u
           FULL JOIN (SELECT r.project_lead_municipality_id AS id, count(*) AS n,
                             sum(r.avoided_investment) AS investment
                      FROM r GROUP BY 1) c ON c.id = u.id""",
        "members_municipality",
        "name",
    ),
}


# Where the document's rows and the total's sums come from: per source the
# SQL of one row d(rows, reports, investment, effort), the rows as JSON
# objects joined as json_agg joins them (NULL for none), and whether it reads
# the counted reports ``r`` (then its rows are _GROUPED's, filled in as
# {grouped}, {row} and {label_table}).
_SOURCES = {
    # The counted reports the reader may see, grouped as _GROUPED says; the
    # total counts each report once.
    "reports": (
        """SELECT (SELECT string_agg(row_to_json(g)::text, E', \\n '
                                       ORDER BY lower(g.label) COLLATE "C", g.key COLLATE "C")
                    FROM (SELECT {row}
                          FROM ({grouped}) AS s (id, reports, investment, effort,
                                                 contributed, contributed_investment)
                          JOIN {label_table} l ON l.id = s.id) g),
                   count(*), sum(r.avoided_investment), sum(r.avoided_effort_days)
            FROM r""",
        True,
    ),
    # By city for readers who see published projects only: each city's row
    # as the database keeps it (``MunicipalitySavings``), in its kept place
    # among the names (the order above); the total is the sum of the cities'
    # own reuse.
    "kept": (
        """SELECT string_agg(k.row_json, E', \\n ' ORDER BY k.position),
                  sum(k.reports), sum(k.investment), sum(k.effort_days)
           FROM projects_municipalitysavings k
           WHERE k.reports > 0 OR k.contributed > 0""",
        False,
    ),
}


# The columns of a row as the API names them; row_to_json writes each row of
# them as an object (faster than json_build_object per row). The kept rows
# are written alike (``projects.models.savings.ROW_JSON``).
_ROW_COLUMNS = """
    {key} AS key, {label} AS label, {ags} AS ags, {reports} AS reports,
    ({investment})::numeric(16, 2)::text AS avoided_investment,
    {effort} AS avoided_effort_days,
    {contributed} AS contributed,
    ({contributed_investment})::numeric(16, 2)::text AS contributed_investment,
    NULL::integer AS funded_projects, NULL::integer AS times_reused,
    NULL::text AS approved, NULL::text AS avoided_per_funding_euro
"""

# Enough to sort the rows by city with their text in memory (10 MB at --scale 3;
# in the default 4 MB the sort spilled to disk).
_WORK_MEM = "64MB"

# The total row: the network, every counted report once (each has one
# adopting city), from the source's sums d.
_TOTAL = _ROW_COLUMNS.format(
    key="'total'::text",
    label="%s::text",
    ags="NULL::text",
    reports="coalesce(d.reports, 0)",
    investment="coalesce(d.investment, 0)",
    effort="coalesce(d.effort, 0)",
    contributed="NULL::bigint",
    contributed_investment="NULL::numeric",
)


def reads_kept_rows(user: User | None, group_by: str) -> bool:
    """Whether the document for ``user`` is the kept rows joined (by city, for
    readers who see published projects only), not summed from the reports."""
    return group_by == "municipality" and sees_published_only(user)


def reuse_summary_json(
    user: User | None, group_by: str, *, generated_at: str, total_label: str
) -> bytes:
    """The summary for ``user`` (only projects they may see count) as JSON
    text in UTF-8 bytes."""
    if group_by not in GROUP_BY:
        raise ValueError(f"group_by must be one of {GROUP_BY}")
    source = "kept" if reads_kept_rows(user, group_by) else "reports"
    source_sql, reads_reports = _SOURCES[source]
    counted, params = "", ()
    if reads_reports:
        reports_sql, params = _counted_reports_sql(user)
        counted = f"""WITH r (project_id, adopter_municipality_id, project_lead_municipality_id,
            avoided_investment, avoided_effort_days) AS MATERIALIZED ({reports_sql})"""
        grouped, label_table, label_column = _GROUPED[group_by]
        row = _ROW_COLUMNS.format(
            key="l.slug::text",
            label=f"l.{label_column}::text",
            ags="nullif(l.ags, '')" if group_by == "municipality" else "NULL::text",
            reports="s.reports",
            investment="s.investment",
            effort="s.effort",
            contributed="s.contributed",
            contributed_investment="s.contributed_investment",
        )
        source_sql = source_sql.format(row=row, grouped=grouped, label_table=label_table)
    # As json_build_object writes an object (' : ' and ', ') and json_agg an
    # array: the document the API has always sent. Its parts are joined here,
    # not by the database: at --scale 3 the rows by city are 9 MB, and each
    # copy of them in the statement cost as much as the sort of the rows.
    statement = f"""
        {counted}
        SELECT concat('{{"group_by" : ', to_json(%s::text),
                      ', "generated_at" : ', to_json(%s::text), ', "rows" : ['),
               d.rows,
               concat('], "total" : ', (SELECT row_to_json(t) FROM (SELECT {_TOTAL}) t), '}}')
        FROM ({source_sql}) AS d (rows, reports, investment, effort)
    """  # noqa: S608 - names from constants; values are parameters
    with connection.cursor() as cursor:
        # The text as the server sent it (UTF-8), not decoded into a str that
        # would be encoded again to be cached and sent.
        psycopg2.extensions.register_type(psycopg2.extensions.BYTES, cursor.cursor)
        # One query string, so one transaction for SET LOCAL and the statement.
        cursor.execute(
            f"SET LOCAL work_mem = '{_WORK_MEM}'; {statement}",
            [*params, group_by, generated_at, total_label],
        )
        start, rows, end = cursor.fetchone()
        return b"".join((start, rows or b"", end))


def _counted_reports_sql(user: User | None) -> tuple[str, tuple]:
    """The counted reports ``user`` may see, as SQL and its parameters."""
    try:
        return (
            counted_reports(user)
            .order_by()
            .values(
                "project_id",
                "adopter_municipality_id",
                "project_lead_municipality_id",
                "avoided_investment",
                "avoided_effort_days",
            )
            .query.sql_with_params()
        )
    except EmptyResultSet:  # nothing the reader may see: the same document, no rows
        return "SELECT NULL::bigint, NULL::bigint, NULL::bigint, 0::numeric, 0 WHERE false", ()
