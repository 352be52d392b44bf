"""Summary reports come from the cache until the figures change (funding.cache)."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
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
