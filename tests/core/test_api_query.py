"""Query parameters are held to the types the OpenAPI schema documents
(core.api.query): a wrong value is a 400 with field errors, never quietly
ignored or replaced by a default."""

import pytest
from rest_framework.test import APIClient

from members.models import ApiToken

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(coordinator):
    _token, raw = ApiToken.issue(user=coordinator, days=1)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    return client


@pytest.mark.parametrize(
    ("url", "query", "message"),
    [
        ("/api/v1/projects/", "page_size=abc", "Eine ganze Zahl ist erforderlich."),
        ("/api/v1/projects/", "page_size=", "Eine ganze Zahl ist erforderlich."),
        ("/api/v1/projects/", "page_size=0", "Der Wert muss mindestens 1 sein."),
        ("/api/v1/projects/", "page_size=101", "Der Wert darf höchstens 100 sein."),
        ("/api/v1/projects/", "page=last", "Eine ganze Zahl ist erforderlich."),
        ("/api/v1/projects/", "page=0", "Der Wert muss mindestens 1 sein."),
        ("/api/v1/projects/", "is_reusable=yes", "Erlaubt sind true und false."),
        ("/api/v1/projects/", "cost_min=-1", "Der Wert muss mindestens 0 sein."),
        ("/api/v1/projects/", "cost_min=NaN", "Eine Zahl ist erforderlich."),
        ("/api/v1/projects/", "search=Speyer%00", "Der Wert enthält unzulässige Zeichen."),
        (
            "/api/v1/projects/",
            "phase=fertig",
            "„fertig“ ist keine gültige Auswahl. "
            "Erlaubt: abgeschlossen, betrieb, idee, planung, umsetzung.",
        ),
        (
            "/api/v1/events/",
            "starts_before=gestern",
            "Datum und Uhrzeit nach RFC 3339 sind erforderlich, etwa 2026-04-25T10:00:00+02:00.",
        ),
        (
            "/api/v1/events/",
            "starts_before=2026-04-25T10:00:00",
            "Datum und Uhrzeit nach RFC 3339 sind erforderlich, etwa 2026-04-25T10:00:00+02:00.",
        ),
        (
            "/api/v1/events/",
            "ordering=venue",
            "„venue“ ist nicht erlaubt; erlaubt ist: ^-?(starts_at|title)(,-?(starts_at|title))*$",
        ),
        (
            "/api/v1/municipalities/",
            "joined_after=2024-02-30",
            "Ein Datum im Format JJJJ-MM-TT ist erforderlich.",
        ),
        ("/api/v1/municipalities/", "all=1", "Erlaubt sind true und false."),
        ("/api/v1/grants/", "year=1989", "Der Wert muss mindestens 1990 sein."),
        ("/api/v1/funding/reports/summary/", "year=2101", "Der Wert darf höchstens 2100 sein."),
    ],
)
def test_a_value_of_the_wrong_type_is_a_field_error(api, url, query, message):
    response = api.get(f"{url}?{query}")
    assert response.status_code == 400, response.content
    name = query.split("=")[0]
    assert response.json() == {name: [message]}


@pytest.mark.parametrize(
    ("url", "query"),
    [
        ("/api/v1/projects/", "page_size=100&page=1&is_reusable=true&cost_min=0.5"),
        ("/api/v1/events/", "starts_before=2026-04-25T10:00:00Z&ordering=-title,starts_at"),
        ("/api/v1/events/", "starts_after=2019-04-25T10:00:00%2B16:00"),
        ("/api/v1/municipalities/", "joined_after=2024-02-29&all=false&kind=landkreis"),
        ("/api/v1/projects/", "unknown=whatever"),  # undocumented parameters are ignored
        ("/api/v1/projects/", "topic=gibt-es-nicht&cost_min=5000&cost_max=100"),
    ],
)
def test_values_the_schema_allows_are_accepted(api, url, query):
    assert api.get(f"{url}?{query}").status_code == 200


def test_a_filter_that_matches_nothing_is_an_empty_page(api):
    response = api.get("/api/v1/projects/?topic=gibt-es-nicht")
    assert response.json()["count"] == 0


def test_a_page_after_the_last_is_a_404(api):
    response = api.get("/api/v1/projects/?page=2")
    assert response.status_code == 404
    assert set(response.json()) == {"detail"}


def test_anonymous_callers_hear_401_before_any_400(client):
    response = client.get("/api/v1/grants/?year=abc")
    assert response.status_code == 401


@pytest.mark.parametrize("debug", [False, True])
def test_an_unacceptable_accept_header_is_a_json_406(api, settings, debug):
    settings.DEBUG = debug
    response = api.get("/api/v1/topics/", HTTP_ACCEPT="application/xml")
    assert response.status_code == 406
    assert response["Content-Type"] == "application/json"
    assert set(response.json()) == {"detail"}


def test_every_api_view_checks_its_query_parameters():
    from django.urls import get_resolver

    from core.api.query import StrictQuery

    def walk(patterns, prefix=""):
        for pattern in patterns:
            if hasattr(pattern, "url_patterns"):
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern))
            else:
                yield prefix + str(pattern.pattern), pattern.callback

    routes = [(r, c) for r, c in walk(get_resolver().url_patterns) if r.startswith("api/v1/")]
    assert len(routes) > 10
    for route, callback in routes:
        view_class = getattr(callback, "cls", None)
        assert view_class is not None and issubclass(view_class, StrictQuery), route
