"""Benchmark cases of issue 14: the open downloads streamed at national scale
(total time and memory growth) and one project's publiccode.yml."""

import statistics
import time
import tracemalloc

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from bench.harness import Result, Target, check, measure_request, percentile

TOTAL_S = 10
MEMORY_MB = 50


def streamed_download(
    client: Client,
    path: str,
    case: str,
    repeat: int = 3,
    *,
    headers: dict | None = None,
    total_s: float = TOTAL_S,
) -> Result:
    """A whole download consumed chunk by chunk: total time over ``repeat``
    runs (target ``total_s``), then one run under tracemalloc for the peak
    memory it added (target MEMORY_MB)."""

    def consume() -> int:
        response = client.get(path, headers=headers or {})
        if response.status_code != 200 or not response.streaming:
            raise RuntimeError(f"{path} answered {response.status_code}, not a stream")
        return sum(len(chunk) for chunk in response.streaming_content)

    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        size = consume()
        timings.append((time.perf_counter() - start) * 1000)
    tracemalloc.start()
    with CaptureQueriesContext(connection) as captured:
        consume()
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    result = Result(
        case=case,
        p50_ms=round(statistics.median(timings), 2),
        p95_ms=round(percentile(timings, 0.95), 2),
        queries=len(captured.captured_queries),
        extra={
            "total_s": round(max(timings) / 1000, 2),
            "memory_growth_mb": round(peak / 2**20, 1),
            "bytes": size,
        },
    )
    check(result, Target())
    if result.extra["total_s"] > total_s:
        result.misses.append(f"total {result.extra['total_s']} s > {total_s} s")
    if result.extra["memory_growth_mb"] > MEMORY_MB:
        result.misses.append(f"memory {result.extra['memory_growth_mb']} MB > {MEMORY_MB} MB")
    result.target = {"total_s": total_s, "memory_mb": MEMORY_MB}
    return result


def cases(anonymous: Client, repeat: int, project_slug: str) -> dict:
    return {
        "opendata-csv": lambda: streamed_download(
            anonymous,
            "/opendata/projekte.csv",
            "open data: catalogue CSV of all published projects",
        ),
        "opendata-dcat": lambda: streamed_download(
            anonymous, "/opendata/catalog.ttl", "open data: DCAT-AP catalogue (Turtle)"
        ),
        "publiccode": lambda: measure_request(
            "publiccode.yml of one project",
            anonymous,
            f"/projekte/{project_slug}/publiccode.yml",
            target=Target(p95_ms=20),
            repeat=repeat,
            compare_raw_sql=False,
        ),
    }
