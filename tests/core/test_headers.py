"""Every page and API answer carries the Content-Security-Policy; every answer
that depends on who asks is ``Cache-Control: private, no-store``.

The URL patterns are walked, not listed: a new page is checked without being
added here (patterns that need an object get one of the fixtures below).
"""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from members.models import ApiToken
from tests.events.factories import EventFactory
from tests.funding.factories import FundingProgramFactory, GrantFactory, ObligationFactory
from tests.projects.factories import ProjectFactory

pytestmark = pytest.mark.django_db

SKIPPED = ("admin/", "konto/abmelden/", "i18n/")  # the admin has its own check below; POST-only
# A script element without src runs inline, which the policy forbids; a data
# block (schema.org JSON-LD, type="application/ld+json") never runs.
INLINE_SCRIPT = re.compile(
    r"<script(?![^>]*\bsrc=)(?![^>]*\btype=\"application/ld\+json\")[^>]*>", re.IGNORECASE
)
INLINE_STYLE = re.compile(r"<style\b|\sstyle=", re.IGNORECASE)


def _routes(patterns=None, prefix: str = ""):
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern.url_patterns, route)
        elif isinstance(pattern, URLPattern):
            yield route


@pytest.fixture
def objects(speyer, speyer_staff):
    project = ProjectFactory(lead_municipality=speyer, slug="lichtmasten")
    grant = GrantFactory(program=FundingProgramFactory(), municipality=speyer)
    return {
        "slug": project.slug,
        "pk": grant.pk,
        "event": EventFactory(slug="treffen").slug,
        "obligation": ObligationFactory(grant=grant).pk,
        "municipality": speyer.slug,
    }


def _paths(objects) -> list[str]:
    """A GET path for every pattern without converters we cannot fill."""
    paths = []
    for route in _routes():
        if route.startswith(SKIPPED) or "(?P<format>" in route or route.startswith("^"):
            continue
        path = "/" + route.replace("^", "").replace("$", "").replace("\\Z", "")
        values = {
            "<slug:slug>": objects["slug"],
            "<int:pk>": str(objects["pk"]),
            "<str:fmt>": "csv",
        }
        if path.startswith(("/termine/", "/api/v1/events/")):
            values["<slug:slug>"] = objects["event"]
        if path.startswith("/kommunen/") or path.startswith("/api/v1/municipalities/"):
            values["<slug:slug>"] = objects["municipality"]
        if path.startswith("/foerderung/nachweise/"):
            values["<int:pk>"] = str(objects["obligation"])
        for converter, value in values.items():
            path = path.replace(converter, value)
        if "<" in path or "(?" in path:
            continue  # DRF's regex routes with extra groups: covered by the API's own tests
        paths.append(path)
    return sorted(set(paths))


def test_every_page_is_under_the_policy_and_personal_answers_are_private(
    client, actor_client, speyer_staff, objects
):
    staff = actor_client(speyer_staff)
    paths = _paths(objects)
    assert len(paths) > 30
    for path in paths:
        for who, browser in (("anonymous", client), ("staff", staff)):
            response = browser.get(path)
            assert response.status_code < 500, (who, path)
            policy = response.get("Content-Security-Policy", "")
            assert "default-src 'self'" in policy, (who, path)
            assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
            if who == "staff":
                assert response.get("Cache-Control") == "private, no-store", path
            if response.get("Content-Type", "").startswith("text/html"):
                html = response.content.decode()
                assert not INLINE_SCRIPT.search(html), (who, path, "inline script")
                assert not INLINE_STYLE.search(html), (who, path, "inline style")


def test_api_answers_to_a_token_are_private(client, ministry, objects):
    _token, raw = ApiToken.issue(user=ministry, days=1)
    for path in ("/api/v1/me/", "/api/v1/projects/", "/api/v1/funding/reports/summary/"):
        response = client.get(path, HTTP_AUTHORIZATION=f"Bearer {raw}")
        assert response.status_code == 200
        assert response["Cache-Control"] == "private, no-store"
        assert "default-src 'self'" in response["Content-Security-Policy"]


def test_public_answers_stay_cacheable(client, objects):
    response = client.get("/projekte/")
    assert response.status_code == 200
    assert "private" not in response.get("Cache-Control", "")


def test_login_form_with_its_csrf_token_is_private(client):
    response = client.get("/konto/anmelden/")
    assert response["Cache-Control"] == "private, no-store"


def test_the_admin_and_the_api_documentation_are_under_the_policy(actor_client, coordinator):
    admin = actor_client(coordinator)
    for path in ("/admin/", "/admin/projects/project/", "/api/docs/"):
        response = admin.get(path)
        assert response.status_code == 200, path
        assert "default-src 'self'" in response["Content-Security-Policy"]
    docs = admin.get("/api/docs/").content.decode()
    assert not INLINE_SCRIPT.search(docs) and not INLINE_STYLE.search(docs)
    script = admin.get("/api/docs/?script=")
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")
