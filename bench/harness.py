"""Measure requests through the whole Django stack and compare with raw SQL.

Each case issues real requests with Django's test client (URL resolution,
middleware, authentication, templates or serializers), times them, counts their
SQL queries once, and — for database-bound cases — re-runs exactly the SQL the
request issued through a bare cursor, so ``ratio_to_sql`` says how much the
framework adds on top of the database.
"""

import gc
import statistics
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext


@dataclass
class Target:
    p95_ms: float | None = None
    ratio: float | None = None
    queries: int | None = None
    total_s: float | None = None
    memory_mb: float | None = None


@dataclass
class Result:
    case: str
    p50_ms: float
    p95_ms: float
    queries: int
    raw_sql_ms: float | None = None
    ratio_to_sql: float | None = None
    extra: dict = field(default_factory=dict)
    target: dict = field(default_factory=dict)
    misses: list[str] = field(default_factory=list)

    def as_json(self) -> dict:
        return asdict(self)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]


def time_calls(
    call: Callable[[], object],
    repeat: int,
    warmup: int = 3,
    before: Callable[[], object] | None = None,
) -> list[float]:
    """``call`` timed ``repeat`` times; ``before`` runs untimed before each."""
    before = before or _nothing
    for _ in range(warmup):
        before()
        call()
    # What is alive now stays out of the garbage collector's way, as in a
    # gunicorn worker after it loaded the application (ikone.wsgi). Django's
    # test client leaves a few finalizers behind per request (its signal
    # connections), which would make each full collection of a long run
    # slower than a worker's.
    gc.collect()
    gc.freeze()
    timings = []
    for _ in range(repeat):
        before()
        start = time.perf_counter()
        call()
        timings.append((time.perf_counter() - start) * 1000)
    return timings


def raw_sql_call(statements: list[str]) -> Callable[[], None]:
    """A call that runs the captured statements through a bare cursor, fetching every row."""

    def run() -> None:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)
                if cursor.description is not None:
                    cursor.fetchall()

    return run


def _nothing() -> None:
    return None


def time_interleaved(
    call: Callable[[], object],
    other: Callable[[], object],
    repeat: int,
    warmup: int = 3,
    before: Callable[[], object] | None = None,
) -> tuple[list[float], list[float]]:
    """``call`` and ``other`` timed in turn, ``repeat`` times each: a slower
    moment of the machine (two cores shared with PostgreSQL and Redis) falls
    on both alike, so their ratio does not depend on when each was measured.
    ``before`` runs untimed before each ``call``."""
    before = before or _nothing
    for _ in range(warmup):
        before()
        call()
        other()
    gc.collect()
    gc.freeze()  # see time_calls
    first: list[float] = []
    second: list[float] = []
    for _ in range(repeat):
        before()
        for function, timings in ((call, first), (other, second)):
            start = time.perf_counter()
            function()
            timings.append((time.perf_counter() - start) * 1000)
    return first, second


def measure_request(
    name: str,
    client: Client,
    path: str,
    *,
    target: Target,
    repeat: int = 50,
    compare_raw_sql: bool = False,
    headers: dict | None = None,
    raw_sql_client: Client | None = None,
) -> Result:
    """``raw_sql_client``: whose request's SQL is the raw reference (for a page
    served from the cache, the SQL of rendering it for someone it is not cached for).
    A client with ``before_each`` (bench.cases.AfterChange) has it run untimed
    before each of its requests: a write's own cost is the writer's, not the page's."""
    headers = headers or {}
    before = getattr(client, "before_each", None)

    def call(client=client):
        response = client.get(path, headers=headers)
        if response.status_code != 200:
            raise RuntimeError(f"{name}: {path} answered {response.status_code}")
        if response.streaming:
            for _chunk in response.streaming_content:
                pass
        else:
            _ = response.content
        return response

    for _ in range(3):  # warm up: the queries counted are those of a warm process
        (before or _nothing)()
        call()
    # Kept as lists: the next request empties Django's log of queries.
    (before or _nothing)()
    with CaptureQueriesContext(connection) as captured:
        call()
    queries = list(captured.captured_queries)
    raw: list[float] | None = None
    if compare_raw_sql:
        reference = queries
        if raw_sql_client is not None:
            getattr(raw_sql_client, "before_each", _nothing)()
            with CaptureQueriesContext(connection) as captured_reference:
                call(raw_sql_client)
            reference = list(captured_reference.captured_queries)
        statements = [q["sql"] for q in reference if _is_read(q["sql"])]
        timings, raw = time_interleaved(call, raw_sql_call(statements), repeat, before=before)
    else:
        timings = time_calls(call, repeat, before=before)
    result = Result(
        case=name,
        p50_ms=round(statistics.median(timings), 2),
        p95_ms=round(percentile(timings, 0.95), 2),
        queries=len(queries),
    )
    if raw is not None:
        result.raw_sql_ms = round(statistics.median(raw), 2)
        result.ratio_to_sql = round(result.p50_ms / max(result.raw_sql_ms, 0.01), 2)
    check(result, target)
    return result


def _is_read(sql: str) -> bool:
    """A SELECT, also one sent together with planner settings for itself
    (``SET LOCAL ...; SET LOCAL ...; SELECT ...``, see funding.report_json)."""
    sql = sql.lstrip()
    while sql.upper().startswith("SET LOCAL "):
        sql = sql.split(";", 1)[-1].lstrip()
    # A UNION of parenthesised SELECTs starts with "(".
    words = sql.lstrip("(").split(None, 1)
    return bool(words) and words[0].upper() in {"SELECT", "WITH"}


def check(result: Result, target: Target) -> Result:
    result.target = {k: v for k, v in asdict(target).items() if v is not None}
    if target.p95_ms is not None and result.p95_ms > target.p95_ms:
        result.misses.append(f"p95 {result.p95_ms} ms > {target.p95_ms} ms")
    if target.ratio is not None and (result.ratio_to_sql or 0) > target.ratio:
        result.misses.append(f"ratio {result.ratio_to_sql} > {target.ratio}")
    if target.queries is not None and result.queries > target.queries:
        result.misses.append(f"{result.queries} queries > {target.queries}")
    return result


def format_table(results: list[Result]) -> str:
    header = (
        f"{'case':58} {'p50 ms':>8} {'p95 ms':>8} {'queries':>7} {'raw ms':>8} {'ratio':>6}"
        "  verdict"
    )
    lines = [header, "-" * len(header)]
    for r in results:
        raw = f"{r.raw_sql_ms:8.2f}" if r.raw_sql_ms is not None else f"{'–':>8}"
        ratio = f"{r.ratio_to_sql:6.2f}" if r.ratio_to_sql is not None else f"{'–':>6}"
        verdict = "ok" if not r.misses else "MISS: " + "; ".join(r.misses)
        lines.append(
            f"{r.case[:58]:58} {r.p50_ms:8.2f} {r.p95_ms:8.2f} {r.queries:7d} {raw} {ratio}"
            f"  {verdict}"
        )
    return "\n".join(lines)
