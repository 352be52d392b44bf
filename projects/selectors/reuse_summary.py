"""What reuse saved per project, municipality or topic, as the JSON document of
``/api/v1/reuse/summary/``, written by PostgreSQL in the statement that sums it
(issue 13; the programme's grouping needs grants and is ``funding.reuse``).

The sums read the experience reports alone: each report carries the avoided
figures and copies of what decides whether and where it counts, kept by the
database (``ExperienceReport.counted`` and below, migration 0021). A report by
city has a row per municipality (11,000 in Germany); building them in Python
took longer than summing them, so the database writes the document as the
funding summary does (``funding.selectors.funding_summary_json``). By city,
for readers who see published projects only (the ministry), not even the
reports are summed: the database keeps each city's sums
(``MunicipalitySavings``, migration 0024).

Rows: one per group, ordered by label (case-insensitive: lower-cased, then
by code point, as Python's ``str.casefold`` sorts; bytewise, which is cheaper
than the collation's comparisons) and key, and the
total (the whole network: every counted report once — a project with two
topics is in two topics' rows, but once in the total). Amounts are strings
with two places; the row keys are those of ``funding.reuse.row_data``.
"""

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


# By city for readers who see published projects only: the sums the database
# keeps per city (``MunicipalitySavings``), not summed from every report.
_KEPT_BY_CITY = """
    SELECT municipality_id, reports, investment, effort_days, contributed,
           contributed_investment
    FROM projects_municipalitysavings WHERE reports > 0 OR contributed > 0
"""


# The columns of a row as the API names them; json_agg writes each row of
# them as an object (faster than json_build_object per row).
_ROW_COLUMNS = """
    {key} AS key, {label} AS label, {ags} AS ags, {reports} AS reports,
    ({investment})::numeric(16, 2)::text AS avoided_investment,
    {effort} AS avoided_effort_days,
    {contributed} AS contributed,
    ({contributed_investment})::numeric(16, 2)::text AS contributed_investment,
    NULL::integer AS funded_projects, NULL::integer AS times_reused,
    NULL::text AS approved, NULL::text AS avoided_per_funding_euro
"""


def reuse_summary_json(
    user: User | None, group_by: str, *, generated_at: str, total_label: str
) -> str:
    """The summary for ``user`` (only projects they may see count) as JSON text."""
    if group_by not in GROUP_BY:
        raise ValueError(f"group_by must be one of {GROUP_BY}")
    try:
        reports_sql, params = (
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
        reports_sql, params = (
            "SELECT NULL::bigint, NULL::bigint, NULL::bigint, 0::numeric, 0 WHERE false",
            (),
        )
    grouped, label_table, label_column = _GROUPED[group_by]
    kept = group_by == "municipality" and sees_published_only(user)
    if kept:
        grouped = _KEPT_BY_CITY
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
    # The total: every counted report once (each has one adopting city).
    total = _ROW_COLUMNS.format(
        key="'total'::text",
        label="%s::text",
        ags="NULL::text",
        reports="coalesce(sum(k.reports), 0)" if kept else "count(*)",
        investment=f"coalesce(sum({'k.investment' if kept else 'r.avoided_investment'}), 0)",
        effort=f"coalesce(sum({'k.effort_days' if kept else 'r.avoided_effort_days'}), 0)",
        contributed="NULL::bigint",
        contributed_investment="NULL::numeric",
    )
    totalled = "projects_municipalitysavings k" if kept else "r"
    # The counted reports the reader may see, unless the kept sums stand for them.
    counted = (
        ""
        if kept
        else f"""WITH r (project_id, adopter_municipality_id, project_lead_municipality_id,
                avoided_investment, avoided_effort_days) AS MATERIALIZED ({reports_sql})"""
    )
    if kept:
        params = ()
    document = f"""
        {counted}
        SELECT json_build_object(
            'group_by', %s::text,
            'generated_at', %s::text,
            'rows', (
                SELECT coalesce(
                    json_agg(g ORDER BY lower(g.label) COLLATE "C", g.key COLLATE "C"),
                    '[]'::json
                )
                FROM (
                    SELECT {row}
                    FROM ({grouped}) AS s (id, reports, investment, effort, contributed,
                                           contributed_investment)
                    JOIN {label_table} l ON l.id = s.id
                ) g
            ),
            'total', (SELECT row_to_json(t) FROM (SELECT {total} FROM {totalled}) t)
        )::text
    """  # noqa: S608 - names from constants; values are parameters
    with connection.cursor() as cursor:
        cursor.execute(document, [*params, group_by, generated_at, total_label])
        return cursor.fetchone()[0]
