"""``python -m bench.attacks`` (``make attacks``).

Creates and migrates the database of ``DATABASE_URL`` and loads the demo
network; empties the Redis databases of ``REDIS_URL`` (broker) and
``REDIS_CACHE_URL`` (cache), which must be the run's own; starts gunicorn
(2 workers, the environment's production settings) and ``manage.py
runserver`` (DEBUG on); runs every attack; prints the table and writes it to
``var/attacks.md``. Exits 1 if any attack did not hold.
"""

import argparse
import io
import os
import re
import sys
import time
from contextlib import ExitStack
from pathlib import Path

import django

ROOT = Path(__file__).resolve().parent.parent.parent
LOGS = ROOT / "var" / "attacks"
SERVERS = ("gunicorn", "runserver")
# A 5xx in a line of gunicorn's access log: '"GET / HTTP/1.1" 500 '
SERVER_ERROR = re.compile(r'" 5\d\d ')


def prepare() -> None:
    from bench.__main__ import _create_database

    _create_database(os.environ["DATABASE_URL"])
    django.setup()
    from django.core.management import call_command

    call_command("migrate", "--no-input", verbosity=0)
    call_command("load_demo", "--i-know-this-is-not-production", stdout=io.StringIO())
    call_command("collectstatic", "--no-input", verbosity=0)


def empty_redis() -> None:
    import redis

    for url in {os.environ["REDIS_URL"], os.environ["REDIS_CACHE_URL"]}:
        redis.Redis.from_url(url).flushdb()


def main() -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ikone.settings")
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default="", help="comma-separated attack numbers, e.g. 1,4")
    args = parser.parse_args()
    only = {int(number) for number in args.only.split(",") if number}
    if os.environ.get("DEBUG", "false").lower() in ("1", "true", "yes", "on"):
        sys.exit("make attacks runs on production settings: DEBUG must be off")
    for name in ("DATABASE_URL", "REDIS_URL", "REDIS_CACHE_URL"):
        if not os.environ.get(name):
            sys.exit(f"{name} is not set (make attacks sets it)")
    started = time.monotonic()
    prepare()
    empty_redis()
    from bench.attacks import servers
    from bench.attacks.registry import exit_code, format_table, run_all
    from bench.attacks.target import COORDINATOR, MINISTRY, OTHER_STAFF, STAFF, Target, issue_tokens
    from members.demo import DEMO_PASSWORD

    print(f"prepared in {time.monotonic() - started:.0f} s; starting the servers", flush=True)
    with ExitStack() as stack:
        base = stack.enter_context(servers.gunicorn(LOGS / "gunicorn.log"))
        debug_base = stack.enter_context(servers.runserver(LOGS / "runserver.log"))
        target = Target(
            base=base,
            debug_base=debug_base,
            password=DEMO_PASSWORD,
            tokens=issue_tokens([STAFF, OTHER_STAFF, COORDINATOR, MINISTRY]),
            cache_url=os.environ["REDIS_CACHE_URL"],
            broker_url=os.environ["REDIS_URL"],
        )
        outcomes = run_all(target, only, report=lambda line: print(line, flush=True))
    table = format_table(outcomes)
    gunicorn_log, runserver_log = ((LOGS / f"{name}.log").read_text() for name in SERVERS)
    errors = (
        f"gunicorn: {len(SERVER_ERROR.findall(gunicorn_log))} × 5xx in its access log, "
        f"{gunicorn_log.count('Traceback')} tracebacks; "
        f"runserver: {runserver_log.count('Traceback')} tracebacks"
    )
    summary = (
        f"{sum(o.finding.held for o in outcomes)} of {len(outcomes)} held in "
        f"{time.monotonic() - started:.0f} s; server logs ({LOGS.relative_to(ROOT)}): {errors}"
    )
    print(f"\n{table}\n\n{summary}")
    (ROOT / "var" / "attacks.md").write_text(f"{table}\n\n{summary}\n")
    return exit_code(outcomes)


if __name__ == "__main__":
    sys.exit(main())
