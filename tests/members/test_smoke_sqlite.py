"""``make run``'s embedded default, proven in a clean process.

No DATABASE_URL, no REDIS_URL, DEBUG on: the portal migrates an SQLite file
under IKONE_VAR_DIR, loads the demo network and serves the start page (with
its static files) from ``runserver``; tasks run in process, mails go to the
console. Every page answers for every demo account there, not only on
PostgreSQL, where the rest of the suite runs.
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


def embedded_environment(var_dir: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in CONFIG_VARIABLES}
    env.update(DEBUG="true", IKONE_VAR_DIR=str(var_dir), PYTHONUNBUFFERED="1")
    return env


@pytest.fixture
def embedded_env(tmp_path) -> dict:
    return embedded_environment(tmp_path / "var")


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


VISIT = r"""
import json
from django.test import Client
from events.models import Event
from funding.models import Grant
from members.models import Municipality, User
from projects.models import Project

project = Project.objects.published().order_by("pk").first()
pages = [
    "/", "/projekte/", "/projekte/?q=Lichtmasten&sort=reused", project.get_absolute_url(),
    "/kommunen/", f"/kommunen/{Municipality.objects.order_by('pk').first().slug}/",
    "/termine/", Event.objects.order_by("pk").first().get_absolute_url(),
    "/foerderung/", "/api/v1/projects/", "/api/v1/funding/reports/summary/?group_by=municipality",
    "/api/v1/funding/reports/summary/?group_by=year", "/konto/",
]
answers = {}
demo = User.objects.filter(email__endswith="@demo.ikone-rlp.de").values_list("email", flat=True)
for email in [None, *demo]:
    client = Client(HTTP_HOST="127.0.0.1")  # an allowed host of the embedded default
    if email:
        client.force_login(User.objects.get(email=email))
    for path in pages:
        status = client.get(path).status_code
        answers[f"{email or 'anonymous'} {path}"] = status
grant = Grant.objects.order_by("pk").first()
client.force_login(User.objects.get(email="koordination@demo.ikone-rlp.de"))
answers["koordination grant"] = client.get(grant.get_absolute_url()).status_code
answers["koordination admin"] = client.get("/admin/funding/grant/").status_code
print("ANSWERS" + json.dumps(answers))
"""


@pytest.fixture(scope="module")
def answers(tmp_path_factory) -> dict[str, int]:
    """Status of each page for anonymous visitors and each demo account."""
    env = embedded_environment(tmp_path_factory.mktemp("embedded") / "var")
    manage(env, "migrate", "--no-input", "-v0")
    manage(env, "load_demo")
    output = manage(env, "shell", "-c", VISIT)
    return json.loads(output.split("ANSWERS", 1)[1])


def test_every_page_answers_for_every_demo_account(answers):
    # 401/403 where a role may not read (funding for visitors), never an error.
    failing = {page: status for page, status in answers.items() if status >= 500 or status == 404}
    assert not failing
    assert len(answers) > 50
    assert sum(status == 200 for status in answers.values()) > 50


def test_the_funding_reports_work_without_postgresql(answers):
    assert answers["ministerium@demo.ikone-rlp.de /foerderung/"] == 200
    assert (
        answers[
            "ministerium@demo.ikone-rlp.de /api/v1/funding/reports/summary/?group_by=municipality"
        ]
        == 200
    )
