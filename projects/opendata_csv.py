"""The catalogue CSV (``/opendata/projekte.csv``), each line written by PostgreSQL.

Written row by row in Python (``projects.opendata.project_rows`` through
``core.downloads.csv_chunks``), the CSV of every published project took about
40 µs a project — 10.6 s for the 270,000 of ``--scale 3``: a tuple of 22
values per project from the cursor (Decimal, date and datetime objects made
and formatted again, each moment converted to Berlin time), the csv module,
and in the database two subqueries per project for its topics and partners.

So, as for the grants (funding.grant_csv), each line is one text from the
database, written as the csv module writes ``project_rows``' row (the tests
compare both): texts neutralised and quoted by ``core.spreadsheets.csv_field_sql``,
amounts with their two places, dates and moments as ``isoformat`` writes them
(moments in Berlin time), ``True``/``False``, the page's URL; topic and
partner names joined in one pass over the links, not a subquery per project.
The lines are read in a transaction from a cursor that streams (no copy kept
by the server), 2,000 at a time, without the JIT.
"""

from collections.abc import Iterator
from typing import Any

from django.db import connection, transaction

from core.downloads import CSV_DELIMITER, csv_header
from core.opendata.exports import CHUNK, url_maker
from core.spreadsheets import csv_field_sql
from members.models import Municipality
from projects.models import Participation, Project, Topic

DELIMITER = CSV_DELIMITER
# For the transaction that reads the lines, each set back afterwards (see
# csv_chunks). Moments are written in Berlin time (core.opendata.exports.BERLIN):
# to_char in the session's zone is about twenty times faster than AT TIME ZONE
# with a zone's name per value. No sort: every input can be read in id order
# (the projects' key, the links' indexes), and sorting the written lines took
# 140 MB on disk at --scale 3. No JIT (its compilation took longer than the
# rows), a plan for reading every row, in one process.
_SETTINGS = {
    "TimeZone": "Europe/Berlin",
    "enable_sort": "off",
    "jit": "off",
    "cursor_tuple_fraction": "1",
    "max_parallel_workers_per_gather": "0",
    "work_mem": "64MB",
}


def _configure(cursor: Any, settings: dict[str, str]) -> dict[str, str]:
    """Set these settings for the current transaction; return what they were."""
    names = list(settings)
    cursor.execute(
        "SELECT " + ", ".join(["current_setting(%s)"] * len(names)),  # noqa: S608 - placeholders
        names,
    )
    previous = dict(zip(names, cursor.fetchone(), strict=True))
    cursor.execute(
        "SELECT " + ", ".join(["set_config(%s, %s, true)"] * len(names)),  # noqa: S608
        [value for name in names for value in (name, settings[name])],
    )
    return previous


def _moment(column: str) -> str:
    """A ``timestamptz`` as ``datetime.astimezone(BERLIN).isoformat()`` writes
    it (the session's zone is Berlin's, ``_SETTINGS``): microseconds only when
    there are any, the offset as +HH:MM."""
    return f"replace(to_char({column}, 'YYYY-MM-DD\"T\"HH24:MI:SS.USTZH:TZM'), '.000000', '')"


def _text(column: str) -> str:
    return csv_field_sql(column, delimiter=DELIMITER)


def _plain(column: str) -> str:
    """A text not neutralised (a code, a phase, the URL), quoted if need be."""
    return csv_field_sql(column, delimiter=DELIMITER, neutralise=False)


# The SQL of each column of projects.opendata.PROJECT_COLUMNS, over the project
# ``p``, its lead city ``m`` and the joined names ``t`` (topics) and ``c`` (partners).
FIELDS = {
    "slug": _text("p.slug"),
    "title": _text("p.title"),
    "summary": _text("p.summary"),
    "topic_names": _text("t.names"),
    "lead_municipality__name": _text("m.name"),
    "lead_municipality__ags": _plain("m.ags"),
    "partner_names": _text("c.names"),
    "phase": _plain("p.phase"),
    "start_date": "to_char(p.start_date, 'YYYY-MM-DD')",
    "end_date": "to_char(p.end_date, 'YYYY-MM-DD')",
    # numeric(12, 2) is written with its two places, as text() writes it
    "investment_cost": "p.investment_cost",
    "running_cost_per_year": "p.running_cost_per_year",
    "effort_person_days": "p.effort_person_days",
    "is_reusable": "CASE WHEN p.is_reusable THEN 'True' ELSE 'False' END",
    "licence": _text("p.licence"),
    "technologies": _text("p.technologies"),
    "website": _text("p.website"),
    "repository_url": _text("p.repository_url"),
    "reuse_count": "p.reuse_count",
    "published_at": _moment("p.published_at"),
    "updated_at": _moment("p.updated_at"),
}


def _names(link_table: str, link_column: str, named_table: str) -> str:
    """Per project, the names it links to, by name, joined by " | " (as
    ``project_rows`` joins the ``ArraySubquery`` ordered by name): one pass
    over all links, those of unpublished projects too (fewer than the
    published ones, and cheaper than a second pass over the projects)."""
    return (
        f"SELECT l.project_id, string_agg(n.name, ' | ' ORDER BY n.name) "  # noqa: S608 - tables
        f"FROM {link_table} l JOIN {named_table} n ON n.id = l.{link_column} "
        "GROUP BY l.project_id"
    )


def line_sql(columns: list[str]) -> tuple[str, list[str]]:
    """One row per published project in the order of their ids, its CSV line
    (the ``columns`` of PROJECT_COLUMNS and the URL) as the only column."""
    url_prefix, url_suffix = url_maker("projects:project-detail")("\x00").split("\x00")
    fields = [FIELDS[column] for column in columns]
    fields.append(_plain("(site.prefix || p.slug || site.suffix)"))
    separator = f", '{DELIMITER}', "
    topics = _names(Project.topics.through._meta.db_table, "topic_id", Topic._meta.db_table)
    partners = _names(Participation._meta.db_table, "municipality_id", Municipality._meta.db_table)
    sql = (
        f"SELECT concat({separator.join(fields)}, E'\\r\\n') "  # noqa: S608 - compiled above
        f"FROM {Project._meta.db_table} p "
        f"JOIN {Municipality._meta.db_table} m ON m.id = p.lead_municipality_id "
        "CROSS JOIN (SELECT %s::text, %s::text) AS site(prefix, suffix) "
        f"LEFT JOIN ({topics}) AS t(project_id, names) ON t.project_id = p.id "
        f"LEFT JOIN ({partners}) AS c(project_id, names) ON c.project_id = p.id "
        "WHERE p.state = 'published' ORDER BY p.id"
    )
    return sql, [url_prefix, url_suffix]


def csv_chunks(header: list[str], columns: list[str]) -> Iterator[bytes]:
    """The header line (after a BOM), then the lines of the published projects,
    a chunk at a time."""
    yield csv_header(header)
    sql, params = line_sql(columns)
    with transaction.atomic(), connection.cursor() as settings:
        previous = _configure(settings, _SETTINGS)
        with connection.chunked_cursor() as cursor:
            cursor.execute(sql, params)
            while lines := cursor.fetchmany(CHUNK):
                yield "".join([line for (line,) in lines]).encode()
        # Set back for the rest of an enclosing transaction (tests): psycopg2
        # reads every moment in the zone Django gave the connection. A failure
        # or an abandoned download rolls the settings back by itself.
        _configure(settings, previous)
