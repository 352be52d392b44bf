"""``python -m bench markdown``: the README's Performance table from var/bench.json."""

import json
from pathlib import Path

TARGET_NAMES = {
    "p95_ms": "p95 ≤ {} ms",
    "ratio": "ratio ≤ {}",
    "queries": "queries ≤ {}",
    "total_s": "total ≤ {} s",
    "memory_mb": "memory ≤ {} MB",
    "max_ms_per_input": "each input ≤ {} ms",
}


def _number(value, digits: int = 1) -> str:
    if value is None:
        return "–"
    return f"{value:,.{digits}f}"


def _target(target: dict) -> str:
    parts = []
    for key, text in TARGET_NAMES.items():
        if key not in target:
            continue
        value = target[key]
        parts.append("batched" if value == "batched" else text.format(value))
    return ", ".join(parts) or "–"


def _case(row: dict) -> str:
    name = row["case"].strip()
    name = f"… {name}" if row["case"].startswith("  ") else name
    extra = row.get("extra") or {}
    if "memory_growth_mb" in extra:
        name += f" (total {extra['total_s']} s, memory +{extra['memory_growth_mb']} MB)"
    if "api_detail_p50_ms" in extra:
        name += (
            f" (project of 20,000 [: create {extra['create_ms']} ms, "
            f"API read {extra['api_detail_p50_ms']} ms)"
        )
    return name


def table(rows: list[dict]) -> str:
    cases = [
        row for row in rows if "requests_per_second" not in row and "precision_at_5" not in row
    ]
    lines = [
        "| case | p50 ms | p95 ms | queries | raw SQL ms | ratio | target | met |",
        "| --- | ---: | ---: | ---: | ---: | ---: | --- | --- |",
    ]
    for row in cases:
        target = row.get("target") or {}
        met = "no: " + "; ".join(row["misses"]) if row.get("misses") else "yes"
        lines.append(
            f"| {_case(row)} | {_number(row['p50_ms'])} | {_number(row['p95_ms'])} "
            f"| {row['queries']} | {_number(row['raw_sql_ms'])} "
            f"| {_number(row['ratio_to_sql'], 2)} | {_target(target)} "
            f"| {met if target else '(no target)'} |"
        )
    relevance = [row for row in rows if "precision_at_5" in row]
    if relevance:
        lines += [
            "",
            "| relevance set (bench/relevance.py) | queries | precision@5 | recall@10 |",
            "| --- | ---: | ---: | ---: |",
        ]
        for row in relevance:
            lines.append(
                f"| {row['case']} | {row['queries']} | {row['precision_at_5']:.2f} "
                f"| {row['recall_at_10']:.2f} |"
            )
    for row in rows:
        if "requests_per_second" in row:
            lines.append("")
            lines.append(
                f"{row['case'][0].upper()}{row['case'][1:]}, {row['seconds']} s: "
                f"**{row['requests_per_second']:,.0f} requests/s**, p50 {row['p50_ms']:.1f} ms, "
                f"p95 {row['p95_ms']:.1f} ms, {row['errors']} errors in "
                f"{row['requests']:,} requests."
            )
    return "\n".join(lines)


def print_table(path: Path) -> None:
    rows = json.loads(path.read_text())
    first = rows[0]
    print(f"Measured on {first['date'][:10]} at `--scale {first['scale']}` ({first['machine']}):\n")
    print(table(rows))
