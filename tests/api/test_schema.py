"""The OpenAPI schema generates without warnings, documents every error; /api/docs/ is local."""

import json
import re

import pytest
from django.contrib.staticfiles import finders
from django.core.serializers.json import DjangoJSONEncoder
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

    # What the page loads (scripts, style sheets, icons), not the portal's links.
    urls = re.findall(r'<script src="([^"]+)"', html) + re.findall(
        r'<link rel="[^"]*" href="([^"]+)"', html
    )
    assert urls, html
    # Its set-up script is the page's own URL with ?script (no inline script: CSP).
    own = [url for url in urls if url.startswith("/api/docs/?script")]
    assert len(own) == 1
    for url in set(urls) - set(own):
        assert url.startswith("/static/"), f"{url} does not come from our static files"
        assert finders.find(url.removeprefix("/static/")), f"{url} is not in the static files"
    script = client.get(own[0].replace("&amp;", "&")).content.decode()
    for text in (html, script):
        for foreign in ("cdn", "unpkg", "jsdelivr", "cloudflare", "//fonts.", "validator.swagger"):
            assert foreign not in text.lower()
    assert '"validatorUrl": null' in script
    assert '"/api/schema/"' in script


# --- error responses (core.api.schema.AutoSchema) ----------------------------------

ERROR_REF = {"$ref": "#/components/schemas/Error"}
VALIDATION_ERROR_REF = {"$ref": "#/components/schemas/ValidationError"}


def _operations(schema):
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            yield path, method, operation


def test_every_operation_documents_bad_tokens_and_throttling(schema):
    for path, method, operation in _operations(schema):
        responses = operation["responses"]
        for status in ("401", "429"):
            content = responses[status]["content"]["application/json"]
            assert content["schema"] == ERROR_REF, (method, path, status)
        assert responses["429"]["headers"]["Retry-After"]["schema"] == {"type": "integer"}


def test_writes_document_field_errors_and_refusals(schema):
    for path, method, operation in _operations(schema):
        if method in ("post", "put", "patch", "delete"):
            responses = operation["responses"]
            assert "403" in responses, (method, path)
            if "requestBody" in operation:
                assert responses["400"]["content"]["application/json"]["schema"] == (
                    VALIDATION_ERROR_REF
                ), (method, path)
                assert responses["415"]["content"]["application/json"]["schema"] == ERROR_REF
                assert set(operation["requestBody"]["content"]) == {"application/json"}


def test_conflicts_are_documented_where_the_state_can_refuse(schema):
    paths = schema["paths"]
    for action in ("submit", "publish", "reject", "archive"):
        assert "409" in paths[f"/api/v1/projects/{{slug}}/{action}/"]["post"]["responses"]
    assert "409" in paths["/api/v1/adoptions/"]["post"]["responses"]
    assert "409" in paths["/api/v1/events/{slug}/registration/"]["post"]["responses"]
    assert "409" not in paths["/api/v1/events/{slug}/registration/"]["get"]["responses"]
    assert "409" not in paths["/api/v1/projects/{slug}/"]["put"]["responses"]


def test_query_parameters_document_what_the_server_accepts(schema):
    def query(path):
        return {
            p["name"]: p["schema"]
            for p in schema["paths"][path]["get"]["parameters"]
            if p["in"] == "query"
        }

    projects = query("/api/v1/projects/")
    assert projects["page"] == {"type": "integer", "minimum": 1, "maximum": 2**31 - 1}
    assert projects["page_size"] == {"type": "integer", "minimum": 1, "maximum": 100}
    assert projects["cost_min"] == {"type": "number", "minimum": 0, "maximum": 1e50}
    assert projects["search"]["pattern"] == "^[^\\u0000]*$"
    events = query("/api/v1/events/")
    assert events["starts_before"] == {"type": "string", "format": "date-time"}
    assert events["search"]["maxLength"] == 200
    assert events["ordering"]["pattern"] == "^-?(starts_at|title)(,-?(starts_at|title))*$"
    assert query("/api/v1/grants/")["year"] == {"type": "integer", "minimum": 1990, "maximum": 2100}


def test_objects_and_pages_that_may_not_exist_document_404(schema):
    for path, method, operation in _operations(schema):
        parameters = {p["name"] for p in operation.get("parameters", [])}
        if "{" in path or "page" in parameters:
            assert "404" in operation["responses"], (method, path)


@pytest.mark.parametrize(
    ("path", "method", "absent"),
    [
        ("/api/v1/topics/", "get", {"400", "403", "404"}),
        ("/api/v1/projects/{slug}/", "get", {"400", "403"}),
        ("/api/v1/me/", "get", {"400", "403", "404"}),
        ("/api/v1/projects/{slug}/submit/", "post", {"400", "415"}),
    ],
)
def test_statuses_an_operation_cannot_answer_are_not_documented(schema, path, method, absent):
    assert not absent & set(schema["paths"][path][method]["responses"])


@pytest.mark.parametrize(
    ("path", "method", "documented"),
    [
        ("/api/v1/municipalities/", "get", {"200", "400", "401", "404", "429"}),
        ("/api/v1/grants/", "get", {"200", "400", "401", "403", "404", "429"}),
        ("/api/v1/grants/export/", "get", {"200", "400", "401", "403", "404", "429"}),
        ("/api/v1/events/{slug}/registration/", "get", {"200", "400", "401", "403", "404", "429"}),
    ],
)
def test_read_operations_document_their_refusals(schema, path, method, documented):
    assert set(schema["paths"][path][method]["responses"]) == documented


def test_errors_of_csv_downloads_are_documented_as_csv_too(schema):
    for path in ("/api/v1/grants/export/", "/api/v1/funding/reports/summary/"):
        content = schema["paths"][path]["get"]["responses"]["401"]["content"]
        assert set(content) == {"application/json", "text/csv"}


def test_error_bodies_are_documented(schema):
    components = schema["components"]["schemas"]
    assert components["Error"]["required"] == ["detail"]
    assert components["ValidationError"]["additionalProperties"] == {
        "type": "array",
        "items": {"type": "string"},
    }


# --- fields the fuzzing found documented wrongly --------------------------------------


def test_values_that_can_be_null_or_empty_are_documented_so(schema):
    components = schema["components"]["schemas"]
    me = components["Me"]["properties"]["municipality"]
    assert me["nullable"] is True
    contact_email = components["ProjectDetail"]["properties"]["contact_email"]
    assert contact_email["nullable"] is True
    assert "format" not in contact_email  # "" when no address is given
    assert components["Obligation"]["properties"]["document_url"]["nullable"] is True


def test_export_documents_the_filters_it_applies(schema):
    parameters = {p["name"] for p in schema["paths"]["/api/v1/grants/export/"]["get"]["parameters"]}
    assert {"program", "municipality", "year", "status", "amount_min", "amount_max"} <= parameters


def test_member_since_is_documented_as_a_calendar_year(schema):
    parameters = schema["paths"]["/api/v1/municipalities/"]["get"]["parameters"]
    (member_since,) = [p for p in parameters if p["name"] == "member_since"]
    assert member_since["schema"] == {"type": "integer", "minimum": 1, "maximum": 9999}


def test_the_fuzzed_schema_is_the_served_one(client):
    from tests.api.fuzzing import generate_schema

    served = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    assert served == json.loads(json.dumps(generate_schema(), cls=DjangoJSONEncoder))
