"""The OpenAPI schema generates without warnings; /api/docs/ runs on our own static files."""

import re

import pytest
from django.contrib.staticfiles import finders
from drf_spectacular.drainage import GENERATOR_STATS
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.validation import validate_schema

pytestmark = pytest.mark.django_db


@pytest.fixture
def schema():
    GENERATOR_STATS.reset()
    with GENERATOR_STATS.silence():
        generated = SchemaGenerator().get_schema(request=None, public=True)
    warnings = dict(GENERATOR_STATS._warn_cache)
    errors = dict(GENERATOR_STATS._error_cache)
    GENERATOR_STATS.reset()
    assert not errors, errors
    assert not warnings, warnings
    return generated


def test_schema_generates_without_warnings_and_is_valid_openapi(schema):
    validate_schema(schema)
    assert schema["openapi"].startswith("3.")
    assert schema["info"]["title"] == "IKONE-Portal API"


def test_schema_documents_the_municipality_endpoints(schema):
    paths = schema["paths"]
    assert "/api/v1/municipalities/" in paths
    assert "/api/v1/municipalities/{slug}/" in paths
    parameters = {p["name"] for p in paths["/api/v1/municipalities/"]["get"]["parameters"]}
    assert {"kind", "district", "ags", "member_since", "search", "ordering", "page",
            "page_size", "all"} <= parameters  # fmt: skip


def test_schema_declares_bearer_tokens(schema):
    scheme = schema["components"]["securitySchemes"]["bearerAuth"]
    assert scheme == {
        "type": "http",
        "scheme": "bearer",
        "description": "API-Token, ausgestellt mit `manage.py create_api_token`.",
    }


def test_schema_endpoint_serves_openapi(client):
    response = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    assert response.json()["openapi"].startswith("3.")


def test_swagger_ui_comes_from_our_own_static_files(client):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "swagger-ui" in html

    urls = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert urls, html
    for url in urls:
        assert url.startswith("/static/"), f"{url} does not come from our static files"
        assert finders.find(url.removeprefix("/static/")), f"{url} is not in the static files"
    for foreign in ("cdn", "unpkg", "jsdelivr", "cloudflare", "//fonts.", "validator.swagger"):
        assert foreign not in html.lower()
    assert '"validatorUrl": null' in html
    assert '"/api/schema/"' in html
