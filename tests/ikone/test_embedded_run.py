"""``make run`` without services: the demo on the embedded SQLite database.

The suite runs on PostgreSQL; this checks, in a separate process, that a
newcomer's first command gives a portal whose pages all answer — for every
demo account — on the embedded default the README promises.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

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
    client = Client()
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
    folder = tmp_path_factory.mktemp("embedded")
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE"}
    }
    env.update(DEBUG="true", DATABASE_URL=f"sqlite:///{folder / 'ikone.sqlite3'}")

    def manage(*args: str) -> str:
        result = subprocess.run(  # noqa: S603 - our own manage.py
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert result.returncode == 0, result.stderr[-3000:]
        return result.stdout

    manage("migrate", "--no-input", "-v0")
    manage("load_demo")
    output = manage("shell", "-c", VISIT)
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
