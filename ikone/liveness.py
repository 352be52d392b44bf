"""Liveness checks for the worker and beat containers (docker-compose healthcheck).

``python -m ikone.liveness worker`` exits 0 when this host's Celery worker
answers a ping over the broker (a worker whose consumer died, or that cannot
reach Redis, does not); ``python -m ikone.liveness beat`` exits 0 when beat
has written its schedule file recently (beat stores every run there, and the
dispatchers run every ``REMINDER_DISPATCH_INTERVAL``). Anything else exits 1.
"""

import argparse
import glob
import os
import socket
import sys
import time
from collections.abc import Sequence

PING_TIMEOUT_SECONDS = 10.0


def worker_alive(node: str, timeout: float = PING_TIMEOUT_SECONDS) -> bool:
    from ikone.celery import app

    try:
        replies = app.control.ping(destination=[node], timeout=timeout)
    except Exception:  # noqa: BLE001 - no broker means no live worker
        return False
    return any(node in reply for reply in replies)


def beat_alive(schedule: str, max_age_seconds: float) -> bool:
    # The shelve behind the schedule may add a suffix (.db, .dat …).
    modified = [os.path.getmtime(path) for path in glob.glob(glob.escape(schedule) + "*")]
    return bool(modified) and time.time() - max(modified) <= max_age_seconds


def main(argv: Sequence[str] | None = None) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ikone.settings")
    import django
    from django.conf import settings

    django.setup()
    parser = argparse.ArgumentParser(prog="python -m ikone.liveness")
    commands = parser.add_subparsers(dest="process", required=True)
    worker = commands.add_parser("worker", help="this host's worker answers a ping")
    worker.add_argument("--node", default=f"celery@{socket.gethostname()}")
    worker.add_argument("--timeout", type=float, default=PING_TIMEOUT_SECONDS)
    beat = commands.add_parser("beat", help="beat has written its schedule recently")
    beat.add_argument("--schedule", default=settings.CELERY_BEAT_SCHEDULE_FILENAME)
    beat.add_argument(
        "--max-age", type=float, default=settings.REMINDER_STALE_AFTER.total_seconds()
    )
    args = parser.parse_args(argv)
    if args.process == "worker":
        alive = worker_alive(args.node, args.timeout)
    else:
        alive = beat_alive(args.schedule, args.max_age)
    print("alive" if alive else "not alive")  # the healthcheck log shows it
    return 0 if alive else 1


if __name__ == "__main__":
    sys.exit(main())
