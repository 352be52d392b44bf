"""Bad input the schema fuzzing (tests/api/) found: a 400 with German field errors, never a 500."""

from datetime import date

import pytest
from rest_framework.test import APIClient

from tests.members.factories import MunicipalityFactory

pytestmark = pytest.mark.django_db

LIST = "/api/v1/municipalities/"


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def speyer_2019(db):
    return MunicipalityFactory(name="Speyer", slug="speyer", joined_on=date(2019, 4, 25))


@pytest.mark.parametrize(
    ("year", "message"),
    [
        ("0", "Der Wert muss mindestens 1 sein."),
        ("-2019", "Der Wert muss mindestens 1 sein."),
        ("10000", "Der Wert darf höchstens 9999 sein."),
        ("99999999999999999999", "Der Wert darf höchstens 9999 sein."),
    ],
)
def test_member_since_outside_the_calendar_is_a_field_error(api, speyer_2019, year, message):
    # Was a 500: Django builds date(year, 1, 1) for the year lookup.
    response = api.get(LIST, {"member_since": year})
    assert response.status_code == 400
    assert response.json() == {"member_since": [message]}


@pytest.mark.parametrize(("year", "count"), [("1", 0), ("2019", 1), ("9999", 0)])
def test_member_since_accepts_every_calendar_year(api, speyer_2019, year, count):
    response = api.get(LIST, {"member_since": year})
    assert response.status_code == 200
    assert response.json()["count"] == count
