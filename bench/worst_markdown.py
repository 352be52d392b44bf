"""The ``markdown`` case: descriptions built to make a Markdown parser slow.

Issue 11 found that a description of 9,000 ``[`` took 26 s to save and 8–9 s
for every API read (Python-Markdown, rendered per read). Here each input of
``WORST_INPUTS`` — those of the issue and other known pathological patterns,
all within the 20,000 characters a description may have — is checked and
rendered as a save does (``validate_safe_markdown`` + ``render_markdown``,
nothing cached), and the issue's attack is replayed: a project with 20,000
``[`` created through the service, then read through the API (inside a
transaction that is rolled back). tests/bench/test_worst_markdown.py holds
the output of every input.
"""

import statistics
import time

from django.db import transaction
from django.test import Client

from bench.harness import Result, percentile
from members import roles
from members.models import Municipality, User
from projects import services
from projects.markup import _parse, render_markdown, validate_safe_markdown

WORST_INPUTS = {
    "9,000 [": "[" * 9_000,
    "20,000 [": "[" * 20_000,
    "10,000 ![": "![" * 10_000,
    "nested emphasis ***…a…***": "*" * 9_999 + "a" + "*" * 9_999,
    "alternating *_": "*_" * 10_000,
    "unclosed emphasis *a **a": "*a **a " * 2_857,
    "nested link labels [[…a…]]": "[" * 9_999 + "a" + "]" * 9_999,
    "unclosed links [](": "[](" * 6_666,
    "link reference chain": "".join(f"[r{i}]: /u{i}\n" for i in range(700))
    + "".join(f"[r{i}][r{i + 1}]" for i in range(699)),
    "growing backtick runs": "".join("`" * i + "a" for i in range(1, 190)),
    "nested block quotes": ">" * 20_000,
    "nested lists": "".join("  " * i + "- a\n" for i in range(125)),
    "unclosed HTML attributes": "<div>\n" + "<a x='" * 3_300,
    "tags without end <a": "<a " * 6_666,
    "table of 3,000 columns": "|a" * 3_000 + "\n" + "|-" * 3_000 + "\n" + "|\n" * 3_990,
}
TARGET_MS = 2_000  # per input, a save: far below gunicorn's 30 s timeout


def _save_work(text: str) -> float:
    """Milliseconds for what a save does with the text: check, then render."""
    _parse.cache_clear()
    start = time.perf_counter()
    validate_safe_markdown(text)
    render_markdown(text)
    return (time.perf_counter() - start) * 1000


class _Rollback(Exception):
    pass


def _replay_attack(repeat: int) -> dict:
    """Create a project of 20,000 ``[`` and read it through the API."""
    coordinator = User.objects.filter(groups__name=roles.COORDINATION, is_active=True).first()
    lead = Municipality.objects.order_by("pk").first()
    if coordinator is None or lead is None:
        return {}
    client = Client()
    timings: dict = {}
    try:
        with transaction.atomic():
            _parse.cache_clear()
            start = time.perf_counter()
            project = services.project_create(
                actor=coordinator,
                lead_municipality=lead,
                title="Benchmark: 20.000 eckige Klammern",
                summary="Beschreibung aus 20.000 [",
                phase="idee",
                description="[" * 20_000,
            )
            timings["create_ms"] = round((time.perf_counter() - start) * 1000, 1)
            # Published, so an anonymous reader gets it (drafts answer 404).
            type(project).objects.filter(pk=project.pk).update(state="published")
            reads = []
            for _ in range(max(repeat, 3)):
                start = time.perf_counter()
                response = client.get(f"/api/v1/projects/{project.slug}/")
                reads.append((time.perf_counter() - start) * 1000)
                if response.status_code != 200:
                    raise RuntimeError(f"API detail answered {response.status_code}")
            timings["api_detail_p50_ms"] = round(statistics.median(reads), 1)
            raise _Rollback
    except _Rollback:
        pass
    return timings


def markdown_case(repeat: int) -> Result:
    rounds = max(1, min(repeat, 5))  # the slow inputs take a second each
    per_input = {
        name: round(statistics.median(_save_work(text) for _ in range(rounds)), 1)
        for name, text in WORST_INPUTS.items()
    }
    timings = list(per_input.values())
    result = Result(
        case=f"markdown: check + render {len(WORST_INPUTS)} worst inputs (≤ 20,000 chars)",
        p50_ms=round(statistics.median(timings), 2),
        p95_ms=round(percentile(timings, 0.95), 2),
        queries=0,
        extra={"per_input_ms": per_input, **_replay_attack(rounds)},
    )
    result.target = {"max_ms_per_input": TARGET_MS}
    slowest = max(timings)
    if slowest > TARGET_MS:
        result.misses.append(f"slowest input {slowest} ms > {TARGET_MS} ms")
    return result
