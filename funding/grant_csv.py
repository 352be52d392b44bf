"""The grants CSV, each line written by PostgreSQL.

The export of every grant (150,000 at ``--scale 3``) spent about half its time
in Python — a tuple of 18 converted values per grant from the cursor (Decimal,
date), formatted and handed to the csv module — and the rest in the database:
a subquery per grant for the titles of its funded projects, each a random read
in the large project table, compiled by the JIT (a second and a half, its plan
too costly for the default thresholds), and, outside a transaction, the whole
result kept by the server for the cursor (``WITH HOLD``) before the first row.

So each line is one text from the database, written as ``exports._csv_lines``
would write it (the tests compare both): texts neutralised as
``core.spreadsheets.csv_text`` does and quoted as the csv module quotes
(a field with a comma, quote, CR or LF, in quotes, quotes doubled), amounts as
numeric writes a value with two places, dates as ISO dates, yes/no in German,
lines ending in CRLF. They are read in a transaction from a cursor that
streams (no copy kept by the server), 2,000 at a time, without the JIT. The
export of every grant takes the titles from one pass over the links
(``selectors.project_titles``, joined to the grants) instead of a subquery per
grant, which a filtered export keeps (it reads a few grants).
"""

from collections.abc import Iterator

from django.core.exceptions import EmptyResultSet
from django.db import connection, transaction
from django.db.models import QuerySet
from django.http import StreamingHttpResponse

from core.spreadsheets import csv_field_sql
from funding import exports, selectors
from funding.models import Grant

CHUNK_ROWS = 2000
_SETTINGS = "; ".join(
    f"SET LOCAL {name} = {value}"
    for name, value in {
        "DateStyle": "ISO",
        "jit": "off",
        "cursor_tuple_fraction": "1",
        "max_parallel_workers_per_gather": "0",
        "work_mem": "'64MB'",
    }.items()
)


def _text(column: str, *, neutralise: bool = True) -> str:
    return csv_field_sql(column, delimiter=",", neutralise=neutralise)


def _field(name: str) -> str:
    """The SQL of one field of a line, over the export's row ``e``."""
    column = f"e.{name}"
    if name in exports.GRANT_TEXTS:
        return _text(column)
    if name == "status":
        return _text(column, neutralise=False)
    if name in ("is_rounded", "is_example"):
        return f"CASE WHEN {column} THEN 'ja' ELSE 'nein' END"
    if name == "remaining":
        return "e.approved - e.disbursed"
    # numbers: ids, years, amounts and rates of numeric(…, 2), written with
    # their two places; dates in DateStyle ISO (csv_chunks sets it)
    return column


def _line_sql(queryset: QuerySet[Grant], user) -> tuple[str, tuple]:
    """One row per grant of ``queryset`` (``selectors.grant_export``) in the
    order of their ids, its CSV line as the only column."""
    names = [name for name in exports.GRANT_NAMES if name not in ("remaining", "projects")]
    fields = [exports.GRANT_SOURCES[name] for name in names]
    every_grant = selectors.reads_every_grant(queryset)
    if not every_grant:
        names.append("projects")
        fields.append(exports.GRANT_SOURCES["projects"])
    grants, params = queryset.values_list(*fields).order_by().query.sql_with_params()
    source = f"({grants}) AS e({', '.join(names)})"
    if every_grant:
        titles, title_params = selectors.project_titles(user).query.sql_with_params()
        source = (
            f"(SELECT e.*, t.titles AS projects FROM {source} "  # noqa: S608 - compiled SQL
            f"LEFT JOIN ({titles}) AS t(grant_id, titles) ON t.grant_id = e.id) AS e"
        )
        params += title_params
    line = ", ',', ".join(_field(name) for name in exports.GRANT_NAMES)
    sql = f"SELECT concat({line}, E'\\r\\n') FROM {source} ORDER BY e.id"  # noqa: S608
    return sql, params


def csv_chunks(queryset: QuerySet[Grant], *, user) -> Iterator[str]:
    """The header line, then the lines of the grants, a chunk at a time."""
    yield ",".join(exports.GRANT_NAMES) + "\r\n"
    try:
        sql, params = _line_sql(queryset, user)
    except EmptyResultSet:
        return
    with transaction.atomic(), connection.cursor() as settings:
        # For this transaction: dates written as ISO dates; no JIT (its
        # compilation took longer than the rows); a plan for reading every
        # row (not the first tenth), in one process (parallel workers would
        # each sum the titles anew), sorted in memory.
        settings.execute(_SETTINGS)
        with connection.chunked_cursor() as cursor:
            cursor.execute(sql, params)
            while lines := cursor.fetchmany(CHUNK_ROWS):
                yield "".join([line for (line,) in lines])


def stream_grants_csv(queryset: QuerySet[Grant], filename: str, *, user) -> StreamingHttpResponse:
    """All grants of ``queryset`` (``selectors.grant_export``) as CSV, streamed:
    a chunk of lines at a time, never the whole file in memory."""
    response = StreamingHttpResponse(
        csv_chunks(queryset, user=user), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = exports.attachment_header(filename)
    return response


def grants_csv(queryset: QuerySet[Grant], *, user) -> str:
    return "".join(csv_chunks(queryset, user=user))
