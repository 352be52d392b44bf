"""/api/v1/municipalities/ and /api/v1/me/: filters, pagination, bearer tokens, throttling."""

import hashlib
import io
from datetime import date, timedelta

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from members.models import ApiToken, Municipality
from tests.members.factories import MunicipalityFactory

pytestmark = pytest.mark.django_db

LIST = "/api/v1/municipalities/"
ME = "/api/v1/me/"


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def network(db):
    MunicipalityFactory(
        name="Speyer", slug="speyer", ags="07318000", population=50_000,
        joined_on=date(2019, 4, 25),
    )  # fmt: skip
    MunicipalityFactory(
        name="Andernach", slug="andernach", ags="07137003", district="Mayen-Koblenz",
        kind=Municipality.Kind.MUNICIPALITY, population=30_000, joined_on=date(2019, 4, 25),
    )  # fmt: skip
    MunicipalityFactory(
        name="Bad Kreuznach", slug="bad-kreuznach", ags="07133006", district="Bad Kreuznach",
        kind=Municipality.Kind.MUNICIPALITY, population=51_000, joined_on=date(2019, 12, 1),
    )  # fmt: skip
    MunicipalityFactory(
        name="Trier", slug="trier", ags="07211000", population=110_000,
        joined_on=date(2020, 1, 1),
    )  # fmt: skip
    MunicipalityFactory(
        name="KL.digital GmbH", slug="kl-digital", ags="", kind=Municipality.Kind.ORGANISATION,
        joined_on=date(2019, 4, 25),
    )  # fmt: skip
    MunicipalityFactory(
        name="Ehemalige Stadt", slug="ehemalige-stadt", ags="07399000",
        joined_on=date(2019, 4, 25), left_on=date(2020, 1, 1),
    )  # fmt: skip


def names(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [item["name"] for item in response.json()["results"]]


def bearer(raw: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


# --- list, retrieve, filters, search, ordering --------------------------------


def test_list_shows_current_members_by_name(api, network):
    response = api.get(LIST)
    assert names(response) == ["Andernach", "Bad Kreuznach", "KL.digital GmbH", "Speyer", "Trier"]
    assert response.json()["count"] == 5


def test_list_item_fields(api, network):
    speyer = api.get(LIST, {"search": "Speyer"}).json()["results"][0]
    assert speyer == {
        "url": "http://testserver/api/v1/municipalities/speyer/",
        "slug": "speyer",
        "name": "Speyer",
        "official_name": "Stadt Speyer",
        "kind": "kreisfreie_stadt",
        "kind_display": "Kreisfreie Stadt",
        "ags": "07318000",
        "district": "",
        "population": 50_000,
        "latitude": None,
        "longitude": None,
        "website": "",
        "joined_on": "2019-04-25",
        "left_on": None,
    }


def test_all_includes_former_members(api, network):
    assert "Ehemalige Stadt" in names(api.get(LIST, {"all": "true"}))


def test_retrieve_by_slug(api, network):
    response = api.get(f"{LIST}speyer/")
    assert response.status_code == 200
    assert response.json()["ags"] == "07318000"


def test_retrieve_a_former_member_by_slug(api, network):
    assert api.get(f"{LIST}ehemalige-stadt/").json()["left_on"] == "2020-01-01"


def test_retrieve_unknown_slug_is_404(api, network):
    response = api.get(f"{LIST}atlantis/")
    assert response.status_code == 404
    assert response.json() == {"detail": "Nicht gefunden."}


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"kind": "verbandsfreie_gemeinde"}, ["Andernach", "Bad Kreuznach"]),
        ({"kind": "organisation"}, ["KL.digital GmbH"]),
        ({"district": "Mayen-Koblenz"}, ["Andernach"]),
        ({"ags": "07211000"}, ["Trier"]),
        ({"ags": "0721100"}, []),
        ({"member_since": "2019"}, ["Andernach", "Bad Kreuznach", "KL.digital GmbH", "Speyer"]),
        ({"member_since": "2020"}, ["Trier"]),
        ({"joined_after": "2019-06-01"}, ["Bad Kreuznach", "Trier"]),
        ({"search": "kreuz"}, ["Bad Kreuznach"]),
        ({"search": "Mayen"}, ["Andernach"]),
        ({"search": "07318000"}, ["Speyer"]),
        ({"search": "0731"}, []),  # the AGS is searched exactly
        (
            {"kind": "verbandsfreie_gemeinde", "member_since": "2019"},
            ["Andernach", "Bad Kreuznach"],
        ),
    ],
)
def test_filters_and_search(api, network, params, expected):
    assert names(api.get(LIST, params)) == expected


@pytest.mark.parametrize(
    ("params", "field"),
    [({"kind": "hauptstadt"}, "kind"), ({"member_since": "neunzehn"}, "member_since"),
     ({"member_since": "2019.5"}, "member_since"), ({"joined_after": "gestern"}, "joined_after")],
)  # fmt: skip
def test_invalid_filters_answer_400_with_field_errors(api, network, params, field):
    response = api.get(LIST, params)
    assert response.status_code == 400
    assert list(response.json()) == [field]


def test_invalid_kind_error_is_german(api, network):
    message = api.get(LIST, {"kind": "hauptstadt"}).json()["kind"][0]
    assert message == (
        "„hauptstadt“ ist keine gültige Auswahl. Erlaubt: kreisfreie_stadt, landkreis, "
        "organisation, ortsgemeinde, verbandsfreie_gemeinde, verbandsgemeinde."
    )


@pytest.mark.parametrize(
    ("ordering", "expected"),
    [
        ("-population", ["Trier", "Bad Kreuznach", "Speyer", "Andernach", "KL.digital GmbH"]),
        ("population", ["Andernach", "Speyer", "Bad Kreuznach", "Trier", "KL.digital GmbH"]),
        ("joined_on,name", ["Andernach", "KL.digital GmbH", "Speyer", "Bad Kreuznach", "Trier"]),
        ("-name", ["Trier", "Speyer", "KL.digital GmbH", "Bad Kreuznach", "Andernach"]),
    ],
)
def test_ordering(api, network, ordering, expected):
    assert names(api.get(LIST, {"ordering": ordering})) == expected


def test_ordering_by_an_unknown_field_is_a_field_error(api, network):
    # It was ignored: the schema names the fields, so anything else is refused.
    response = api.get(LIST, {"ordering": "ags"})
    assert response.status_code == 400
    assert response.json() == {
        "ordering": [
            "„ags“ ist nicht erlaubt; erlaubt ist: "
            "^-?(name|joined_on|population)(,-?(name|joined_on|population))*$"
        ]
    }


def test_list_is_read_only(api, network, ministry):
    assert api.post(LIST, {"name": "Neu"}).status_code == 401
    token, raw = ApiToken.issue(user=ministry, days=1)
    assert api.post(LIST, {"name": "Neu"}, **bearer(raw)).status_code == 405
    assert api.delete(f"{LIST}speyer/", **bearer(raw)).status_code == 405


# --- pagination and query count ------------------------------------------------------


@pytest.fixture
def many(db):
    Municipality.objects.bulk_create(
        Municipality(
            name=f"Gemeinde {n:03d}",
            slug=f"gemeinde-{n:03d}",
            kind=Municipality.Kind.LOCAL_COMMUNITY,
            ags=f"07{n:06d}",
            joined_on=date(2021, 1, 1),
        )
        for n in range(130)
    )


def test_default_page_has_20_items_and_links(api, many):
    body = api.get(LIST).json()
    assert body["count"] == 130
    assert len(body["results"]) == 20
    assert body["previous"] is None
    assert body["next"] == "http://testserver/api/v1/municipalities/?page=2"


def test_page_size_is_chosen_by_the_client(api, many):
    body = api.get(LIST, {"page_size": 50, "page": 3}).json()
    assert len(body["results"]) == 30
    assert body["results"][0]["name"] == "Gemeinde 100"


def test_page_size_goes_up_to_100(api, many):
    assert len(api.get(LIST, {"page_size": 100}).json()["results"]) == 100


@pytest.mark.parametrize(
    ("page_size", "message"),
    [
        ("101", "Der Wert darf höchstens 100 sein."),
        ("1000000000", "Der Wert darf höchstens 100 sein."),
        ("0", "Der Wert muss mindestens 1 sein."),
        ("-5", "Der Wert muss mindestens 1 sein."),
        ("viele", "Eine ganze Zahl ist erforderlich."),
    ],
)
def test_a_page_size_out_of_bounds_is_a_field_error(api, many, page_size, message):
    # It was quietly capped or replaced by the default: the schema says 1-100.
    response = api.get(LIST, {"page_size": page_size})
    assert response.status_code == 400
    assert response.json() == {"page_size": [message]}


def test_pages_of_a_non_unique_ordering_neither_repeat_nor_skip(api, many):
    seen = []
    for page in (1, 2, 3, 4, 5, 6, 7):
        body = api.get(LIST, {"ordering": "joined_on", "page": page}).json()
        seen += [item["slug"] for item in body["results"]]
    assert sorted(seen) == sorted(set(seen))
    assert len(seen) == 130


def test_page_beyond_the_end_is_404(api, many):
    assert api.get(LIST, {"page": 99}).status_code == 404


def query_count(api, page_size: int) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = api.get(LIST, {"page_size": page_size})
    assert len(response.json()["results"]) == page_size
    return len(queries)


def test_list_runs_the_same_queries_for_5_and_50_items(api, many):
    assert query_count(api, 5) == query_count(api, 50) == 2  # count + page


# --- bearer tokens -----------------------------------------------------------------


def test_valid_token_authenticates(api, ministry):
    token, raw = ApiToken.issue(user=ministry, days=30)
    response = api.get(ME, **bearer(raw))
    assert response.status_code == 200
    assert response.json() == {
        "email": ministry.email,
        "first_name": ministry.first_name,
        "last_name": ministry.last_name,
        "role": "Ministerium",
        "municipality": None,
    }
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_staff_token_shows_the_city(api, speyer_staff):
    _token, raw = ApiToken.issue(user=speyer_staff, days=30)
    assert api.get(ME, **bearer(raw)).json()["municipality"] == "speyer"


def test_anonymous_is_asked_for_credentials(api):
    response = api.get(ME)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Bearer"
    assert response.json() == {"detail": "Anmeldedaten fehlen."}


def test_session_authenticates_the_browser(client, speyer_staff):
    client.force_login(speyer_staff)
    assert client.get(ME).json()["email"] == speyer_staff.email


@pytest.fixture
def ministry_token(ministry):
    return ApiToken.issue(user=ministry, days=30)


@pytest.mark.parametrize(
    ("change", "detail"),
    [
        ({"expires_at": timezone.now() - timedelta(seconds=1)}, "Dieses Token ist abgelaufen."),
        ({"revoked_at": timezone.now()}, "Dieses Token wurde widerrufen."),
    ],
    ids=["expired", "revoked"],
)
def test_unusable_tokens_are_refused(api, ministry_token, change, detail):
    token, raw = ministry_token
    ApiToken.objects.filter(pk=token.pk).update(**change)
    for url in (ME, LIST):  # even where anonymous reading would be allowed
        response = api.get(url, **bearer(raw))
        assert response.status_code == 401
        assert response.json() == {"detail": detail}
        assert response["WWW-Authenticate"] == "Bearer"


def test_token_of_a_deactivated_account_is_refused(api, ministry, ministry_token):
    ministry.is_active = False
    ministry.save()
    response = api.get(ME, **bearer(ministry_token[1]))
    assert response.status_code == 401
    assert response.json() == {"detail": "Das Benutzerkonto ist deaktiviert."}


@pytest.mark.parametrize(
    ("header", "detail"),
    [
        ("Bearer falsch", "Ungültiges Token."),
        ("Bearer ", "Ungültiger Authorization-Header."),
        ("Bearer", "Ungültiger Authorization-Header."),
        ("Bearer zwei teile", "Ungültiger Authorization-Header."),
        ("bearer falsch", "Ungültiges Token."),
    ],
)
def test_wrong_or_malformed_tokens_are_refused(api, ministry_token, header, detail):
    response = api.get(ME, HTTP_AUTHORIZATION=header)
    assert response.status_code == 401
    assert response.json() == {"detail": detail}


def test_the_hash_itself_is_no_token(api, ministry_token):
    token, _raw = ministry_token
    assert api.get(ME, **bearer(token.key_hash)).status_code == 401


def test_token_revoked_in_the_admin_stops_working(api, client, coordinator, ministry_token):
    token, raw = ministry_token
    assert api.get(ME, **bearer(raw)).status_code == 200
    client.force_login(coordinator)
    client.post("/admin/members/apitoken/", {"action": "revoke", "_selected_action": [token.pk]})
    assert api.get(ME, **bearer(raw)).status_code == 401


# --- create_api_token --------------------------------------------------------------------


def test_create_api_token_prints_the_token_once_and_stores_its_hash(api, ministry):
    out, err = io.StringIO(), io.StringIO()
    call_command("create_api_token", ministry.email.upper(), "--days", "7", stdout=out, stderr=err)

    raw = out.getvalue().strip()
    token = ApiToken.objects.get(user=ministry)
    assert token.key_hash == hashlib.sha256(raw.encode()).hexdigest()
    assert token.prefix == raw[:8]
    stored = [str(value) for value in ApiToken.objects.values().get().values()]
    assert raw not in stored
    assert raw not in err.getvalue()
    assert timedelta(days=6, hours=23) < token.expires_at - timezone.now() <= timedelta(days=7)
    assert api.get(ME, **bearer(raw)).json()["email"] == ministry.email


def test_create_api_token_default_is_a_year(ministry):
    call_command("create_api_token", ministry.email, stdout=io.StringIO(), stderr=io.StringIO())
    token = ApiToken.objects.get(user=ministry)
    assert (token.expires_at - timezone.now()).days in (364, 365)


def test_each_token_is_new(ministry):
    first, second = io.StringIO(), io.StringIO()
    call_command("create_api_token", ministry.email, stdout=first, stderr=io.StringIO())
    call_command("create_api_token", ministry.email, stdout=second, stderr=io.StringIO())
    assert first.getvalue() != second.getvalue()
    assert ApiToken.objects.filter(user=ministry).count() == 2


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["niemand@example.org"], "No active user"),
        (["dana@mdi.rlp.example", "--days", "0"], "--days must be at least 1"),
    ],
)
def test_create_api_token_refuses_bad_input(ministry, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("create_api_token", *args, stdout=io.StringIO(), stderr=io.StringIO())
    assert not ApiToken.objects.exists()


# --- throttling ----------------------------------------------------------------------


@pytest.fixture
def low_rates(settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "3/minute", "user": "5/minute"},
    }


def test_anonymous_requests_are_throttled(api, low_rates):
    statuses = [api.get(LIST).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]


def test_anonymous_throttling_is_per_address(api, low_rates):
    for _ in range(3):
        api.get(LIST, REMOTE_ADDR="192.0.2.1")
    assert api.get(LIST, REMOTE_ADDR="192.0.2.1").status_code == 429
    assert api.get(LIST, REMOTE_ADDR="192.0.2.2").status_code == 200


def test_throttled_answer_is_german(api, low_rates):
    for _ in range(3):
        api.get(LIST)
    response = api.get(LIST)
    assert response.status_code == 429
    assert response.json()["detail"].startswith("Die Anfrage wurde gedrosselt.")
    assert int(response["Retry-After"]) > 0


def test_users_are_throttled_each_on_their_own(api, low_rates, ministry, coordinator):
    _t, ministry_raw = ApiToken.issue(user=ministry, days=1)
    _t, coordinator_raw = ApiToken.issue(user=coordinator, days=1)
    statuses = [api.get(LIST, **bearer(ministry_raw)).status_code for _ in range(6)]
    assert statuses == [200] * 5 + [429]
    assert api.get(LIST, **bearer(coordinator_raw)).status_code == 200
    assert api.get(LIST).status_code == 200  # anonymous has its own budget


def test_the_window_slides_and_a_refused_request_does_not_count(api, low_rates, monkeypatch):
    from rest_framework.throttling import SimpleRateThrottle

    start = 1_000_000.0
    now = [start]
    monkeypatch.setattr(SimpleRateThrottle, "timer", staticmethod(lambda: now[0]))
    for seconds in (0, 20, 40):  # three requests, 20 seconds apart
        now[0] = start + seconds
        assert api.get(LIST).status_code == 200
    now[0] = start + 50
    refused = api.get(LIST)
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) == 10  # the first leaves the window 60 s after it came
    now[0] = start + 59
    assert api.get(LIST).status_code == 429  # refused requests did not fill the window
    now[0] = start + 61
    assert api.get(LIST).status_code == 200  # the first has left it
    assert api.get(LIST).status_code == 429  # 20, 40 and 61 are in it
