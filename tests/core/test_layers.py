"""The layers point one way in templates too (Python imports: import-linter in CI).

core knows no app; members no other app; projects neither funding nor events;
funding and events not each other. A template belongs to the app of its folder
(``templates/<app>/…``, ``templates/admin/<app>/…``; the shared layout,
pages and includes to core) and may
load the template tags and include or extend the templates of its own app and
of the apps below it only. An app adds its part to another app's page through
``core.registry``.
"""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "templates"
# The apps each app may use, itself included.
ALLOWED = {
    "core": {"core"},
    "members": {"core", "members"},
    "projects": {"core", "members", "projects"},
    "funding": {"core", "members", "projects", "funding"},
    "events": {"core", "members", "projects", "events"},
}
TAG_LIBRARIES = {
    "core_tags": "core",
    "projects_tags": "projects",
    "funding_tags": "funding",
    "events_tags": "events",
}
APP_FOLDERS = set(ALLOWED) - {"core"}
LOAD = re.compile(r"{%\s*load\s+([^%]+?)\s*%}")
TEMPLATE_REFERENCE = re.compile(r"""{%\s*(?:include|extends)\s+["']([a-z_]+)/""")


def _owner(template: Path) -> str:
    parts = template.relative_to(TEMPLATES).parts
    folder = parts[1] if parts[0] == "admin" else parts[0]  # admin/<app>/…
    return folder if folder in APP_FOLDERS else "core"


def _uses(template: Path) -> set[str]:
    text = template.read_text()
    apps = set()
    for libraries in LOAD.findall(text):
        for library in libraries.split():
            if library in TAG_LIBRARIES:
                apps.add(TAG_LIBRARIES[library])
    for folder in TEMPLATE_REFERENCE.findall(text):
        if folder in APP_FOLDERS:
            apps.add(folder)
    return apps


TEMPLATE_FILES = sorted(TEMPLATES.rglob("*.html")) + sorted(TEMPLATES.rglob("*.txt"))


@pytest.mark.parametrize("template", TEMPLATE_FILES, ids=lambda t: str(t.relative_to(TEMPLATES)))
def test_a_template_uses_its_own_app_and_the_apps_below_only(template):
    owner = _owner(template)
    assert _uses(template) <= ALLOWED[owner], (
        f"{template.relative_to(ROOT)} ({owner}) uses {sorted(_uses(template) - ALLOWED[owner])}"
    )


def test_the_check_sees_the_tags_and_templates_of_other_apps(tmp_path):
    template = tmp_path / "t.html"
    template.write_text('{% load i18n events_tags %}{% include "projects/partials/x.html" %}')
    assert _uses(template) == {"events", "projects"}
