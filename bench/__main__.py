"""``make bench``: ``python -m bench prepare|run`` (see README › Performance).

``prepare`` creates the benchmark database if needed, migrates it and fills
it with synthetic data (``bench.scale``) unless it already holds some;
``generate`` fills the database of ``DATABASE_URL`` on its own. ``run`` measures
every case, prints the table and writes ``var/bench.json``.
"""

import argparse
import json
import os
import platform
import sys
import time
from datetime import datetime
from pathlib import Path

import django


def _create_database(url: str) -> None:
    import psycopg2
    from psycopg2 import sql
    from psycopg2.extensions import parse_dsn

    params = parse_dsn(url.replace("postgres://", "postgresql://", 1))
    name = params.pop("dbname")
    connection = psycopg2.connect(**params, dbname="postgres")
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone() is None:
            cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    connection.close()


def prepare(scale: float) -> None:
    _create_database(os.environ["DATABASE_URL"])
    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    call_command("migrate", "--no-input", verbosity=0)
    call_command("collectstatic", "--no-input", verbosity=0)
    from bench.scale import generate

    if not generate(scale, if_empty=True) and pending:
        # Data generated before these migrations: tables they filled (kept
        # rows, new indexes) need the planner's statistics before a run.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")


def run(scale: float, repeat: int, throughput_seconds: int, only: str) -> int:
    from django.conf import settings
    from django.core.cache import cache

    # As a gunicorn worker starts: ikone.wsgi loads the application, then
    # freezes what is loaded out of the garbage collector's generations.
    import ikone.wsgi  # noqa: F401
    from bench import throughput
    from bench.cases import member_search, run_all
    from bench.harness import format_table

    # The bench's cache database serves every scale, whose databases number
    # their rows alike: nothing cached by a run on another database is read.
    cache.clear()
    settle_database()
    results = run_all(repeat, only)
    rows = [result.as_json() for result in results]
    print(format_table(results))
    if only and not {"throughput", "relevance"} & set(only.split(",")):
        return 0  # a partial run (--only) is for development: no JSON written
    for figures in relevance_figures():
        rows.append(figures)
        print(
            f"relevance: {figures['case']} ({figures['queries']} queries): "
            f"precision@5 {figures['precision_at_5']:.2f}, recall@10 {figures['recall_at_10']:.2f}"
        )
    path, cookie = member_search()
    for load in (
        throughput.measure(seconds=throughput_seconds),
        throughput.measure(
            path, seconds=throughput_seconds, cookie=cookie, label="catalogue search, logged in"
        ),
    ):
        rows.append(load)
        print(
            f"\n{load['case']}: {load['requests_per_second']:.0f} requests/s, "
            f"p50 {load['p50_ms']:.1f} ms, p95 {load['p95_ms']:.1f} ms, "
            f"{load['errors']} errors in {load['requests']} requests"
        )
    meta = {
        "date": datetime.now().astimezone().isoformat(timespec="seconds"),
        "scale": scale,
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}",
    }
    out = Path(settings.VAR_DIR) / "bench.json"
    out.write_text(json.dumps([{**row, **meta} for row in rows], indent=2, default=str))
    print(f"\nwritten to {out} ({meta['date']}, scale {scale})")
    missed = [r.case for r in results if r.misses]
    if missed and scale >= 1:
        print(f"{len(missed)} case(s) miss their target: {', '.join(missed)}")
    return 0


def settle_database(wait_seconds: float = 120) -> None:
    """Start the timings on a database at rest: what the previous run wrote
    (another scale's reminders and digests, a fresh generation) written out
    by one checkpoint now, not by the checkpointer and autovacuum during the
    timed requests. (The logged-in search at --scale 3 measured 49–62 ms p95
    right after a run at --scale 1, 34 ms on the database at rest.) Waits
    for autovacuum workers to finish, at most ``wait_seconds``."""
    from django.db import DatabaseError, connection

    with connection.cursor() as cursor:
        try:
            cursor.execute("CHECKPOINT")
        except DatabaseError as error:  # not a superuser nor pg_checkpoint
            print(f"no checkpoint before the run: {error}".strip())
        deadline = time.monotonic() + wait_seconds
        while time.monotonic() < deadline:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'autovacuum worker'"
            )
            if cursor.fetchone()[0] == 0:
                return
            time.sleep(1)
        print(f"autovacuum still busy after {wait_seconds:.0f} s: timings may be noisier")


def relevance_figures() -> list[dict]:
    """Precision and recall of the relevance set (bench/relevance.py): the
    vocabulary half over the synthetic catalogue, the demo half over the demo
    network, loaded for the measurement and rolled back."""
    import io

    from django.core.management import call_command
    from django.db import transaction

    from bench import relevance

    class Rollback(Exception):
        pass

    figures: list[dict] = []
    try:
        with transaction.atomic():
            call_command("load_demo", "--i-know-this-is-not-production", stdout=io.StringIO())
            figures = [f.as_json() for f in relevance.evaluate()]
            raise Rollback
    except Rollback:
        pass
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("step", choices=["prepare", "generate", "run", "markdown", "chart"])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=2019)
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument("--throughput-seconds", type=int, default=15)
    parser.add_argument(
        "--only",
        default="",
        help="comma-separated cases: search,search-member,search-cold,broad-cold,broad-two-cold,"
        "common-words-cold,reused,reused-member,"
        "reused-cold,detail,detail-cold,similar,api,summary,summary-cold,export,event,event-cold,"
        "reminders,project-form,events,funding,markdown,throughput,relevance (development; "
        "writes no JSON unless throughput or relevance is among them)",
    )
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ikone.settings")
    if args.step == "chart":  # docs/bench-scales.svg from var/bench-<scale>.json
        from bench.chart import write

        root = Path(__file__).resolve().parent.parent
        runs = sorted((root / "var").glob("bench-[0-9]*.json"))
        print(f"written to {write(runs, root / 'docs' / 'bench-scales.svg')} from {len(runs)} runs")
        return 0
    if args.step == "markdown":  # the README's table from the last run
        from bench.markdown import print_table

        print_table(Path(__file__).resolve().parent.parent / "var" / "bench.json")
        return 0
    if args.step == "prepare":
        prepare(args.scale)
        return 0
    if args.step == "generate":
        django.setup()
        from bench.scale import generate

        generate(args.scale, seed=args.seed)
        return 0
    return run(args.scale, args.repeat, args.throughput_seconds, args.only)


if __name__ == "__main__":
    sys.exit(main())
