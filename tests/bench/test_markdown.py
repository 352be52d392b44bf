"""The README's Performance table is printed from var/bench.json as measured."""

from bench.markdown import table

META = {"date": "2026-11-22T07:48:53+01:00", "scale": 1.0, "machine": "x86_64"}
ROWS = [
    {
        "case": "catalogue: search",
        "p50_ms": 2.3,
        "p95_ms": 5.11,
        "queries": 0,
        "raw_sql_ms": 30.65,
        "ratio_to_sql": 0.08,
        "target": {"p95_ms": 50, "ratio": 2, "queries": 10},
        "misses": [],
        **META,
    },
    {
        "case": "  same, cold",
        "p50_ms": 88.05,
        "p95_ms": 112.3,
        "queries": 7,
        "raw_sql_ms": 31.56,
        "ratio_to_sql": 2.79,
        "target": {"p95_ms": 50},
        "misses": ["p95 112.3 ms > 50 ms"],
        **META,
    },
    {
        "case": "streamed CSV export",
        "p50_ms": 1966.41,
        "p95_ms": 2125.64,
        "queries": 3,
        "raw_sql_ms": None,
        "ratio_to_sql": None,
        "extra": {"total_s": 2.13, "memory_growth_mb": 5.5},
        "target": {"total_s": 5, "memory_mb": 50},
        "misses": [],
        **META,
    },
    {
        "case": "project form",
        "p50_ms": 27.4,
        "p95_ms": 35.26,
        "queries": 4,
        "raw_sql_ms": 0.37,
        "ratio_to_sql": 74.05,
        "target": {},
        "misses": [],
        **META,
    },
    {
        "case": "throughput: anonymous catalogue",
        "p50_ms": 36.766,
        "p95_ms": 44.584,
        "requests_per_second": 877.31,
        "requests": 13182,
        "errors": 0,
        "seconds": 15,
        **META,
    },
]


def test_rows_targets_and_verdicts():
    lines = table(ROWS).splitlines()
    assert lines[2] == (
        "| catalogue: search | 2.3 | 5.1 | 0 | 30.6 | 0.08 "
        "| p95 ≤ 50 ms, ratio ≤ 2, queries ≤ 10 | yes |"
    )
    assert lines[3] == (
        "| … same, cold | 88.0 | 112.3 | 7 | 31.6 | 2.79 | p95 ≤ 50 ms | no: p95 112.3 ms > 50 ms |"
    )
    assert lines[4].startswith("| streamed CSV export (total 2.13 s, memory +5.5 MB) | 1,966.4 |")
    assert lines[4].endswith("| – | – | total ≤ 5 s, memory ≤ 50 MB | yes |")
    assert lines[5].endswith("| – | (no target) |")
    assert lines[-1] == (
        "Throughput: anonymous catalogue, 15 s: **877 requests/s**, p50 36.8 ms, "
        "p95 44.6 ms, 0 errors in 13,182 requests."
    )
