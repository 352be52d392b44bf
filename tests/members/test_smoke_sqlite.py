"""``make run``'s embedded default, proven in a clean process.

No DATABASE_URL, no REDIS_URL, DEBUG on: the portal migrates an SQLite file
under IKONE_VAR_DIR, loads the demo network and serves the start page (with
its static files) from ``runserver``; tasks run in process, mails go to the
console.
"""

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CONFIG_VARIABLES = [
    "DATABASE_URL",
    "REDIS_URL",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "EMAIL_URL",
    "SITE_URL",
    "DJANGO_SETTINGS_MODULE",
]
START_TIMEOUT_SECONDS = 120  # a busy shared machine; not a performance assertion


@pytest.fixture
def embedded_env(tmp_path) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in CONFIG_VARIABLES}
    env.update(DEBUG="true", IKONE_VAR_DIR=str(tmp_path / "var"), PYTHONUNBUFFERED="1")
    return env


def manage(env: dict, *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - our own server
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def wait_for(url: str, server: subprocess.Popen) -> tuple[int, str]:
    deadline = time.monotonic() + START_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"runserver ended early:\n{server.stdout.read()}")
        try:
            return fetch(url)
        except OSError:
            time.sleep(0.5)
    pytest.fail("runserver did not answer")


def test_make_run_default_serves_the_demo_network_on_sqlite(embedded_env, tmp_path):
    manage(embedded_env, "migrate", "--no-input")
    database = tmp_path / "var" / "ikone.sqlite3"
    assert database.exists()

    output = manage(embedded_env, "load_demo")
    assert "speyer@demo.ikone-rlp.de  /  demo-ikone-2019" in output

    config = json.loads(
        manage(
            embedded_env,
            "shell",
            "--no-imports",
            "-c",
            "import json; from django.conf import settings as s; from ikone.celery import app; "
            "print(json.dumps({'db': s.DATABASES['default']['ENGINE'], "
            "'eager': app.conf.task_always_eager, 'mail': s.EMAIL_BACKEND, "
            "'cache': s.CACHES['default']['BACKEND']}))",
        )
    )
    assert config == {
        "db": "django.db.backends.sqlite3",
        "eager": True,
        "mail": "django.core.mail.backends.console.EmailBackend",
        "cache": "django.core.cache.backends.locmem.LocMemCache",
    }

    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=ROOT,
        env=embedded_env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        status, page = wait_for(f"http://127.0.0.1:{port}/", server)
        assert status == 200
        assert "Das Netzwerk in Zahlen" in page
        assert "Mitgliedskommunen" in page
        assert '<span class="ikone-figure__value kern-heading-large">10</span>' in page

        status, members = fetch(f"http://127.0.0.1:{port}/kommunen/?q=Speyer")
        assert status == 200 and "/kommunen/speyer/" in members

        for stylesheet in ("/static/css/ikone.css", "/static/vendor/kern/kern.min.css"):
            assert fetch(f"http://127.0.0.1:{port}{stylesheet}")[0] == 200, stylesheet

        status, health = fetch(f"http://127.0.0.1:{port}/healthz")
        assert status == 200
        assert json.loads(health) == {"status": "ok", "checks": {"database": "ok"}}
    finally:
        server.terminate()
        server.wait(timeout=30)
        server.stdout.close()
