"""Errors every API endpoint shares, found by the schema fuzzing (tests/api/).

Bad input is a 400 with a German message (field errors where there is a
field), an unknown URL under /api/ a JSON 404 — never a 500 and never HTML.
"""

import json

import pytest
from rest_framework.test import APIClient

from members.models import ApiToken
from tests.members.factories import MunicipalityFactory

pytestmark = pytest.mark.django_db

SEARCHABLE = ["/api/v1/municipalities/", "/api/v1/events/", "/api/v1/grants/"]
WRITES = [
    ("post", "/api/v1/projects/"),
    ("post", "/api/v1/adoptions/"),
    ("post", "/api/v1/events/treffen/registration/"),
]


@pytest.fixture
def api(coordinator):
    """A coordinator's token client: every endpoint is open to it."""
    _token, raw = ApiToken.issue(user=coordinator, days=1)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    return client


@pytest.fixture
def staff_without_city(db):
    """An account without a role that reads funding: a 403, not a 401."""
    from tests.members.factories import UserFactory

    return UserFactory()


@pytest.fixture
def meeting(db):
    from tests.events.factories import EventFactory

    return EventFactory(slug="treffen")


# --- ?search= ---------------------------------------------------------------------


@pytest.mark.parametrize("url", SEARCHABLE)
@pytest.mark.parametrize("search", ["\x00", "Speyer\x00"])
def test_search_with_a_nul_byte_is_a_field_error(api, url, search):
    # DRF answered a bare list (["Nullzeichen sind nicht erlaubt."]), not field errors.
    response = api.get(url, {"search": search})
    assert response.status_code == 400
    assert response.json() == {"search": ["Der Wert enthält unzulässige Zeichen."]}


@pytest.mark.parametrize("url", SEARCHABLE)
def test_overlong_search_is_a_field_error(api, url):
    # Thousands of words became one LIKE clause per word and field.
    response = api.get(url, {"search": "Speyer " * 500})
    assert response.status_code == 400
    assert response.json() == {"search": ["Höchstens 200 Zeichen."]}


def test_search_of_200_characters_still_finds(api):
    MunicipalityFactory(name="Speyer", slug="speyer")
    response = api.get("/api/v1/municipalities/", {"search": "Speyer".ljust(200)})
    assert response.status_code == 200
    assert [item["slug"] for item in response.json()["results"]] == ["speyer"]


# --- request bodies ---------------------------------------------------------------


def _post_raw(api, url: str, body: bytes, content_type: str = "application/json"):
    return api.generic("POST", url, body, content_type=content_type)


@pytest.mark.parametrize(("method", "url"), WRITES)
def test_deeply_nested_json_is_a_400(api, meeting, method, url):
    # Was a 500: Python's JSON decoder hit its recursion limit.
    body = ("[" * 100_000 + "]" * 100_000).encode()
    response = _post_raw(api, url, body)
    assert response.status_code == 400
    assert response.json() == {"detail": "Das JSON ist zu tief verschachtelt."}


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b'{"title": ', "Ungültiges JSON in Zeile 1, Spalte 11."),
        (b'{"title": "a",\n "summary": }', "Ungültiges JSON in Zeile 2, Spalte 13."),
        (b'{"title": NaN}', "Der Inhalt ist kein gültiges JSON."),
        (b"\xff\xfe", "Der Inhalt ist kein gültiges JSON."),
        (b'{"effort_person_days": 1' + b"0" * 5000 + b"}", "Der Inhalt ist kein gültiges JSON."),
        (b"null", "Es wurden keine Daten übermittelt."),
    ],
)
def test_unreadable_json_is_a_german_400(api, body, message):
    # DRF said "JSON parse error - Expecting value: …" and "No data provided".
    response = _post_raw(api, "/api/v1/projects/", body)
    assert response.status_code == 400
    assert response.json() == {"detail": message}


@pytest.mark.parametrize(("method", "url"), WRITES)
@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (b"title=Kitaportal", "application/x-www-form-urlencoded"),
        (b"abc", "multipart/form-data; boundary=x"),
        (b"<project/>", "application/xml"),
        (b'{"title": "Kitaportal"}', "text/plain"),
    ],
)
@pytest.mark.parametrize("debug", [False, True])
def test_request_bodies_are_json_only(
    api, meeting, settings, method, url, body, content_type, debug
):
    # Form and multipart bodies were parsed too: the schema documented three
    # media types, and form fields cannot say null or tell 0 from "0".
    settings.DEBUG = debug
    response = api.generic("POST", url, body, content_type=content_type)
    assert response.status_code == 415
    assert response["Content-Type"] == "application/json"
    assert set(response.json()) == {"detail"}


def test_a_valid_json_body_still_works(api, speyer):
    body = json.dumps(
        {"title": "Kitaportal", "summary": "Plätze online", "lead_municipality": "speyer"}
    )
    response = _post_raw(api, "/api/v1/projects/", body.encode())
    assert response.status_code == 201, response.content


# --- Django's own errors under /api/ ----------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/grants/0.5/",
        "/api/v1/adoptions/abc/",
        "/api/v1/events/%C3%A4%20x/registration/",
        "/api/v1/grants/1/obligations/x/document/",
        "/api/v1/gibt-es-nicht/",
        "/api/v2/",
    ],
)
def test_unknown_api_urls_answer_json(api, url):
    # Was the HTML "Seite nicht gefunden" page: a content type the API does not document.
    response = api.get(url)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Nicht gefunden."}


def test_unknown_pages_keep_the_html_page(client):
    response = client.get("/gibt-es-nicht/")
    assert response.status_code == 404
    assert "Seite nicht gefunden" in response.content.decode()


def test_bad_requests_under_api_answer_json(client):
    response = client.get("/api/v1/topics/", HTTP_HOST="angreifer.example")
    assert response.status_code == 400
    assert response.json() == {"detail": "Ungültige Anfrage."}


def test_bad_requests_of_pages_stay_html(client):
    response = client.get("/projekte/", HTTP_HOST="angreifer.example")
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")


# --- the same shape for every status, with DEBUG on as well ----------------------

ERROR_URLS = {
    401: ("anonymous", "get", "/api/v1/me/"),
    403: ("staff", "get", "/api/v1/funding/reports/summary/?group_by=status"),
    404: ("anonymous", "get", "/api/v1/gibt-es-nicht/"),
    405: ("coordinator", "delete", "/api/v1/topics/"),
}


@pytest.mark.parametrize("debug", [False, True])
@pytest.mark.parametrize("status", sorted(ERROR_URLS))
def test_every_api_error_is_json_with_debug_on_or_off(
    client, api, actor_client, staff_without_city, settings, debug, status
):
    settings.DEBUG = debug
    who, method, url = ERROR_URLS[status]
    caller = {"anonymous": client, "coordinator": api, "staff": actor_client(staff_without_city)}
    response = getattr(caller[who], method)(url)
    assert response.status_code == status
    assert response["Content-Type"] == "application/json"
    assert set(response.json()) == {"detail"}


@pytest.mark.parametrize("debug", [False, True])
def test_a_bug_under_api_is_a_json_500_not_a_debug_page(client, settings, monkeypatch, debug):
    from projects.api import views

    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    settings.DEBUG = debug
    monkeypatch.setattr(views.TopicViewSet, "list", broken)
    client.raise_request_exception = False
    response = client.get("/api/v1/topics/")
    assert response.status_code == 500
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Interner Fehler. Bitte versuchen Sie es später erneut."}


def test_a_service_refusal_is_a_400_with_field_errors_in_every_app(api, speyer, meeting):
    project = api.post(
        "/api/v1/projects/",
        {
            "title": "Kitaportal",
            "summary": "Plätze online",
            "lead_municipality": "speyer",
            "start_date": "2024-02-01",
            "end_date": "2024-01-01",
        },
        format="json",
    )
    assert project.status_code == 400
    assert project.json() == {"end_date": ["Das Ende darf nicht vor dem Beginn liegen."]}
    # A second registration conflicts with the first: 409, in the shape of every other error.
    api.post(f"/api/v1/events/{meeting.slug}/registration/", {}, format="json")
    again = api.post(f"/api/v1/events/{meeting.slug}/registration/", {}, format="json")
    assert again.status_code == 409
    assert again.json() == {"detail": "Sie sind für diesen Termin bereits angemeldet."}
