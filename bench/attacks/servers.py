"""The servers attacked: gunicorn as production runs it (2 workers, DEBUG off),
and ``manage.py runserver`` with DEBUG on, as ``make run`` serves the demo."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(url: str, process: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited ({process.returncode}) before {url} answered")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - loopback
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"no answer on {url}")


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
