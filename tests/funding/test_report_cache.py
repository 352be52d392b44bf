"""Summary reports come from the cache until the figures change (funding.cache)."""

import json
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from funding import services
from members import services as members_services
from members.models import ApiToken

URL = "/api/v1/funding/reports/summary/"

pytestmark = pytest.mark.django_db(transaction=True)


def _rows(client, **params) -> dict:
    response = client.get(URL, params)
    assert response.status_code == 200
    return {row["key"]: row for row in response.json()["rows"]}


@pytest.fixture
def ministry_client(client, ministry):
    _token, raw = ApiToken.issue(user=ministry, days=1)
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {raw}"
    client.get(URL)  # the token's first use is recorded (a write)
    return client


def test_a_repeated_report_is_not_summed_again(ministry_client, speyer_grant, landau_grant):
    first = ministry_client.get(URL, {"group_by": "municipality"}).json()
    with CaptureQueriesContext(connection) as queries:
        again = ministry_client.get(URL, {"group_by": "municipality"}).json()
    assert again == first
    assert not any("funding_grant" in query["sql"] for query in queries.captured_queries)
    other_filter = _rows(ministry_client, group_by="municipality", municipality="speyer")
    assert set(other_filter) == {"speyer"}


def test_payouts_programmes_and_city_names_show_at_once(
    ministry_client, coordinator, speyer, speyer_grant, program
):
    assert _rows(ministry_client, group_by="municipality")["speyer"]["disbursed"] == "0.00"
    payout = services.disbursement_create(
        grant=speyer_grant, amount=Decimal("20000.50"), paid_on=date(2020, 1, 1), actor=coordinator
    )
    row = _rows(ministry_client, group_by="municipality")["speyer"]
    assert (row["disbursed"], row["remaining"]) == ("20000.50", "40749.50")
    services.disbursement_delete(disbursement=payout, actor=coordinator)
    assert _rows(ministry_client, group_by="municipality")["speyer"]["disbursed"] == "0.00"

    speyer.name = "Speyer am Rhein"
    members_services.municipality_save(municipality=speyer, actor=coordinator)
    assert _rows(ministry_client, group_by="municipality")["speyer"]["label"] == "Speyer am Rhein"
    program.name = "Digitale Modellkommunen"
    services.program_save(program=program, actor=coordinator)
    assert _rows(ministry_client, group_by="program")[program.slug]["label"] == (
        "Digitale Modellkommunen"
    )


def test_each_reader_gets_only_their_own_report(
    ministry_client, actor_client, speyer_staff, speyer_grant, landau_grant
):
    assert set(_rows(ministry_client, group_by="municipality")) == {"speyer", "landau"}
    staff = actor_client(speyer_staff)
    assert set(_rows(staff, group_by="municipality")) == {"speyer"}
    assert set(_rows(ministry_client, group_by="municipality")) == {"speyer", "landau"}


def test_labels_follow_the_language(ministry_client, speyer_grant):
    german = _rows(ministry_client, group_by="status")["bewilligt"]["label"]
    english = ministry_client.get(
        URL, {"group_by": "status"}, HTTP_ACCEPT_LANGUAGE="en", HTTP_COOKIE="django_language=en"
    ).json()["rows"][0]["label"]
    assert (german, english) == ("Bewilligt", "Approved")


def _report(client, params: dict) -> tuple[bytes, list[str]]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL, params)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    return response.content, [query["sql"] for query in queries]


def test_the_first_report_after_a_grant_or_payout_change_is_summed_once(
    ministry_client, coordinator, program, speyer, speyer_grant, landau_grant
):
    """Two queries for the first report after a change (the token with its
    user and roles, the report), one for each after it (the token): the same
    bytes either way, and the change in them."""
    by_city = {"group_by": "municipality"}
    _report(ministry_client, by_city)
    changes = [
        lambda: services.grant_create(
            program=program,
            municipality=speyer,
            purpose="Zweiter Bescheid",
            approved_amount=Decimal("1000.00"),
            actor=coordinator,
        ),
        lambda: services.disbursement_create(
            grant=speyer_grant,
            amount=Decimal("250.25"),
            paid_on=date(2020, 1, 1),
            actor=coordinator,
        ),
    ]
    expected = [("2", "61750.00", "0.00"), ("2", "61750.00", "250.25")]
    for change, (grants, approved, disbursed) in zip(changes, expected, strict=True):
        change()
        first, first_queries = _report(ministry_client, by_city)
        again, again_queries = _report(ministry_client, by_city)
        assert len(first_queries) == 2, first_queries
        assert "funding_municipalitytotal" in first_queries[1]
        assert len(again_queries) == 1 and "members_apitoken" in again_queries[0]
        assert again == first
        speyer_row = {row["key"]: row for row in json.loads(first)["rows"]}["speyer"]
        assert (str(speyer_row["grants"]), speyer_row["approved"], speyer_row["disbursed"]) == (
            grants,
            approved,
            disbursed,
        )


def test_a_cached_report_still_asks_for_a_valid_token(ministry_client, ministry, speyer_grant):
    _report(ministry_client, {"group_by": "municipality"})  # now cached
    anonymous = Client()
    for headers in ({}, {"HTTP_AUTHORIZATION": "Bearer falsch"}):
        response = anonymous.get(URL, {"group_by": "municipality"}, **headers)
        assert response.status_code == 401
        assert response["WWW-Authenticate"] == "Bearer"
        assert set(response.json()) == {"detail"}
    token = ApiToken.objects.get(user=ministry)
    token.revoked_at = token.created_at
    token.save(update_fields=["revoked_at"])
    response = ministry_client.get(URL, {"group_by": "municipality"})
    assert response.status_code == 401
    assert response.json() == {"detail": "Dieses Token wurde widerrufen."}


def test_a_role_taken_away_counts_from_the_next_request(ministry_client, ministry, speyer_grant):
    _report(ministry_client, {"group_by": "municipality"})  # now cached
    ministry.groups.clear()
    response = ministry_client.get(URL, {"group_by": "municipality"})
    assert response.status_code == 403
    assert set(response.json()) == {"detail"}
