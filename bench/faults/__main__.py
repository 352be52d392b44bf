"""``make faults``: dispatch due reminders, inject a fault mid-run, recover, count.

    python -m bench.faults [--obligations 2000] [--kinds funding,events] [--faults …]

Uses the database of ``DATABASE_URL`` (recreated and filled: ``ikone_faults`` in
``make faults``), starts its own Redis on a free port (append-only file, so a
restart keeps the queue, as in docker-compose), a tiny SMTP receiver on
loopback and real Celery workers (prefork, concurrency 2). Time is compressed:
beat is played by this process every ``BEAT_SECONDS``; a sending lease lasts
``FAULTS_LEASE_SECONDS`` (one mail takes milliseconds on loopback); back-offs
of failed mails are fast-forwarded at each beat ("time passes"); the mail
server is down for ``FAULTS_SMTP_DOWN_SECONDS`` instead of 15 minutes. A
worker that died is started again at the next beat, as ``restart:
unless-stopped`` does in docker-compose.

Exits 1 when any fault loses a mail or sends more than one duplicate per
injected crash (``bench.faults.verdict``); the table goes to stdout and
``var/faults/<kind>.md``.
"""

import argparse
import os
import sys
import time
from collections.abc import Callable

from bench.faults.processes import VAR, Redis, Sink, Worker, log, wait_for
from bench.local import free_port

FAULT_TIMEOUT_SECONDS = 900.0


def _env_float(name: str, default: float) -> float:
    return float(os.environ.get(name, default))


BEAT_SECONDS = _env_float("FAULTS_BEAT_SECONDS", 3)
LEASE_SECONDS = int(_env_float("FAULTS_LEASE_SECONDS", 10))
REDIS_DOWN_SECONDS = _env_float("FAULTS_REDIS_DOWN_SECONDS", 20)
SMTP_DOWN_SECONDS = _env_float("FAULTS_SMTP_DOWN_SECONDS", 15)

FAULTS = {
    "two-workers": "two workers, two dispatches at once",
    "smtp-down-start": "mail server down from the start, back later",
    "smtp-killed": f"mail server killed mid-batch, down {SMTP_DOWN_SECONDS:g} s",
    "redis-stopped": f"Redis stopped for {REDIS_DOWN_SECONDS:g} s mid-dispatch",
    "kill-worker": "`kill -9` of the whole worker mid-dispatch",
    "kill-pool": "`kill -9` of the busy pool process only",
    "pg-terminate": "the worker's PostgreSQL connections terminated mid-dispatch",
}
# Crashes each fault injects: each may cost one duplicate (the mail in flight).
CRASHES = {
    "two-workers": 0,
    "smtp-down-start": 0,
    "smtp-killed": 1,
    "redis-stopped": 1,
    "kill-worker": 1,
    "kill-pool": 1,
    "pg-terminate": 1,
}
TASKS = {
    "funding": "funding.tasks.dispatch_reporting_reminders",
    "events": "events.tasks.dispatch_event_reminders",
}


class Suite:
    def __init__(self, obligations: int) -> None:
        self.obligations = obligations
        self.redis = Redis(free_port())
        self.smtp_port = free_port()
        self.env = {
            **os.environ,
            "REDIS_URL": f"redis://127.0.0.1:{self.redis.port}/0",
            "REDIS_CACHE_URL": f"redis://127.0.0.1:{self.redis.port}/1",
            "EMAIL_URL": f"smtp://127.0.0.1:{self.smtp_port}",
            "REMINDER_SENDING_LEASE_SECONDS": str(LEASE_SECONDS),
            "LOG_LEVEL": "WARNING",
        }
        os.environ.update(self.env)

    # --- set-up ---------------------------------------------------------------
    def prepare(self) -> None:
        from bench.__main__ import _create_database

        _recreate_database(os.environ["DATABASE_URL"], _create_database)
        import django

        django.setup()
        from django.core.management import call_command

        call_command("migrate", "--no-input", verbosity=0)
        from bench.faults.data import fill

        fill(self.obligations)
        VAR.mkdir(parents=True, exist_ok=True)
        self.redis.start()

    def model(self, kind: str):
        if kind == "funding":
            from funding.models import ReportingReminder

            return ReportingReminder
        from events.models import EventReminder

        return EventReminder

    def dispatch(self, kind: str) -> None:
        from ikone.celery import app

        app.send_task(TASKS[kind])

    # --- one fault ------------------------------------------------------------
    def run(self, kind: str, fault: str):
        from django.db import connection
        from django.utils import timezone

        from bench.faults import verdict
        from bench.faults.data import due_keys

        model = self.model(kind)
        model.objects.all().delete()
        self.redis.flush()
        sink = Sink(self.smtp_port, VAR / f"sink-{kind}-{fault}.log")
        sink.path.unlink(missing_ok=True)
        workers = [Worker(f"w{index}", self.env) for index in (1, 2)]
        active = workers if fault == "two-workers" else workers[:1]
        due = due_keys(kind)
        third = max(1, len(due) // 3)
        log(f"{kind} / {fault}: {len(due):,} due")
        if fault != "smtp-down-start":
            sink.start()
        for worker in active:
            worker.start()
        started = time.monotonic()
        note = ""
        try:
            for _ in active:  # two workers: two dispatches at once
                self.dispatch(kind)
            if fault == "smtp-down-start":
                wait_for(
                    lambda: (
                        model.objects.count() == len(due)
                        and not model.objects.filter(attempts=0).exists()
                    ),
                    FAULT_TIMEOUT_SECONDS,
                    "every mail tried once",
                    poll=0.5,
                )
                time.sleep(1)
                sink.start()
            else:
                wait_for(lambda: sink.count() >= third, FAULT_TIMEOUT_SECONDS, "a third sent")
                if fault == "smtp-killed":
                    sink.kill()
                    time.sleep(SMTP_DOWN_SECONDS)
                    sink.start()
                elif fault == "redis-stopped":
                    self.redis.stop()
                    time.sleep(REDIS_DOWN_SECONDS)
                    self.redis.start()
                elif fault == "kill-worker":
                    active[0].kill_all()
                elif fault == "kill-pool":
                    active[0].kill_busy_pool_process()
                elif fault == "pg-terminate":
                    with connection.cursor() as cursor:
                        cursor.execute(
                            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
                        )
                        note = f"{cursor.fetchone()[0]} connection(s) terminated"
            # Recovery: beat every few seconds, time fast-forwarded for back-offs,
            # dead workers started again (restart: unless-stopped).
            deadline = time.monotonic() + FAULT_TIMEOUT_SECONDS
            while True:
                unsent = model.objects.filter(sent_at__isnull=True)
                if model.objects.count() >= len(due) and not unsent.exists():
                    break
                if time.monotonic() > deadline:
                    note += f"; gave up with {unsent.count()} unsent"
                    break
                unsent.filter(next_attempt_at__gt=timezone.now()).update(
                    next_attempt_at=timezone.now()
                )
                for worker in active:
                    if not worker.alive:
                        worker.restarts += 1
                        worker.start()
                self.dispatch(kind)
                time.sleep(BEAT_SECONDS)
            time.sleep(1)  # anything still in flight arrives now
        finally:
            for worker in workers:
                worker.stop()
            sink.kill()
            connection.close()
        elapsed = time.monotonic() - started
        accepted = sink.accepted()
        restarts = sum(worker.restarts for worker in workers)
        notes = [part for part in (note.strip("; "), f"{elapsed:.0f} s") if part]
        if restarts:
            notes.append(f"worker restarted {restarts}×")
        row = verdict.count(
            FAULTS[fault],
            due,
            (f"{about}.{to}" for _id, to, about, _ics in accepted),
            crashes=CRASHES[fault],
            without_ics=sum(ics != "1" for *_rest, ics in accepted) if kind == "events" else 0,
            note=", ".join(notes),
        )
        log(f"{kind} / {fault}: {row.verdict} ({row.sent:,} sent, {row.twice} twice)")
        return row


def _recreate_database(url: str, create: Callable[[str], None]) -> None:
    import psycopg2
    from psycopg2 import sql
    from psycopg2.extensions import parse_dsn

    params = parse_dsn(url.replace("postgres://", "postgresql://", 1))
    name = params.pop("dbname")
    connection = psycopg2.connect(**params, dbname="postgres")
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
    connection.close()
    create(url)


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.faults")
    parser.add_argument(
        "--obligations", type=int, default=int(os.environ.get("FAULTS_OBLIGATIONS", 2000))
    )
    parser.add_argument("--kinds", default="funding,events")
    parser.add_argument("--faults", default=",".join(FAULTS))
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ikone.settings")
    suite = Suite(args.obligations)
    suite.prepare()
    from bench.faults import verdict

    titles = {
        "funding": f"Reporting reminders, {args.obligations:,} obligations due tomorrow",
        "events": "Meeting reminders (.ics attached)",
    }
    ok = True
    try:
        for kind in args.kinds.split(","):
            rows = [suite.run(kind, fault) for fault in args.faults.split(",")]
            table = verdict.format_table(titles[kind], rows)
            print(table + "\n", flush=True)
            (VAR / f"{kind}.md").write_text(table + "\n")
            ok = ok and verdict.all_ok(rows)
    finally:
        suite.redis.stop()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
