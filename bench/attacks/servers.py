"""The servers attacked: gunicorn as production runs it (2 workers, DEBUG off),
and ``manage.py runserver`` with DEBUG on, as ``make run`` serves the demo."""

import os
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

from bench.local import free_port, wait_until_up

ROOT = Path(__file__).resolve().parent.parent.parent


@contextmanager
def running(command: list[str], port: int, env: dict[str, str], log: Path):
    """Start ``command`` (listening on ``port``), yield its base URL, stop it."""
    log.parent.mkdir(parents=True, exist_ok=True)
    env = {**env, "PYTHONUNBUFFERED": "1"}  # the log is whole when the server is stopped
    with log.open("w") as output:
        process = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
            command, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT
        )
        try:
            wait_until_up(f"http://127.0.0.1:{port}/healthz", process)
            yield f"http://127.0.0.1:{port}"
        finally:
            process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def gunicorn(log: Path):
    """Production shape (Dockerfile, docker-compose.yml), with 2 workers and
    gunicorn's default 30 s worker timeout."""
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "ikone.wsgi:application",
        f"--bind=127.0.0.1:{port}",
        "--workers=2",
        "--timeout=30",
        "--access-logfile=-",
        "--forwarded-allow-ips=*",
    ]
    return running(command, port, os.environ.copy(), log)


def runserver(log: Path):
    """``make run``'s server: Django's development server (the WSGI reference
    server underneath) with DEBUG on."""
    port = free_port()
    command = [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"]
    return running(command, port, {**os.environ, "DEBUG": "true"}, log)
