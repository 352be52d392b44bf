"""Municipality validation: the AGS and the membership dates.

Bad values give a clear German message at ``full_clean`` (and so in every
form); the database constraints hold even when validation is bypassed.
"""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from members.models import Municipality
from tests.members.factories import MunicipalityFactory

pytestmark = pytest.mark.django_db

AGS_MESSAGE = "Der Amtliche Gemeindeschlüssel besteht aus genau 8 Ziffern (z. B. 07318000)."
DUPLICATE_MESSAGE = (
    "Dieser Amtliche Gemeindeschlüssel ist bereits einer anderen Kommune zugeordnet."
)
LEFT_BEFORE_JOINED = "Das Austrittsdatum darf nicht vor dem Beitrittsdatum liegen."


def new_municipality(**fields) -> Municipality:
    values = {
        "name": "Musterhausen",
        "slug": "musterhausen",
        "kind": Municipality.Kind.INDEPENDENT_CITY,
        "ags": "07399000",
        "joined_on": date(2021, 3, 1),
    }
    values.update(fields)
    return Municipality(**values)


def errors_of(municipality: Municipality) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as caught:
        municipality.full_clean()
    return caught.value.message_dict


def test_valid_municipality_passes_full_clean():
    new_municipality().full_clean()


def test_organisation_without_ags_is_valid():
    new_municipality(kind=Municipality.Kind.ORGANISATION, ags="").full_clean()


@pytest.mark.parametrize(
    "ags",
    [
        "0731800",  # 7 digits
        "07a18000",  # a letter
        "ABCDEFGH",  # letters only
        "0731 800",  # a space
        "٠٧٣١٨٠٠٠",  # Arabic-Indic digits: \d would take them, an AGS does not
    ],
)
def test_ags_must_be_exactly_eight_ascii_digits(ags):
    assert errors_of(new_municipality(ags=ags))["ags"] == [AGS_MESSAGE]


def test_ags_with_nine_digits_is_refused():
    assert AGS_MESSAGE in errors_of(new_municipality(ags="073180001"))["ags"]


def test_duplicate_ags_is_refused_at_the_field():
    MunicipalityFactory(ags="07318000")
    assert errors_of(new_municipality(ags="07318000"))["ags"] == [DUPLICATE_MESSAGE]


def test_a_municipality_keeps_its_own_ags_on_change():
    speyer = MunicipalityFactory(ags="07318000")
    speyer.population = 50_000
    speyer.full_clean()


def test_several_organisations_may_have_no_ags():
    MunicipalityFactory(kind=Municipality.Kind.ORGANISATION, ags="")
    new_municipality(kind=Municipality.Kind.ORGANISATION, ags="").full_clean()


def test_left_before_joined_is_refused():
    municipality = new_municipality(joined_on=date(2020, 1, 1), left_on=date(2019, 12, 31))
    assert errors_of(municipality)["left_on"] == [LEFT_BEFORE_JOINED]


def test_left_without_joined_is_refused():
    municipality = new_municipality(joined_on=None, left_on=date(2020, 1, 1))
    assert errors_of(municipality)["left_on"] == [
        "Ein Austrittsdatum setzt ein Beitrittsdatum voraus."
    ]


def test_left_on_the_day_of_joining_is_allowed():
    new_municipality(joined_on=date(2020, 1, 1), left_on=date(2020, 1, 1)).full_clean()


def test_all_errors_are_reported_at_once():
    MunicipalityFactory(ags="07318000")
    municipality = new_municipality(
        ags="07318000", joined_on=date(2020, 1, 1), left_on=date(2019, 1, 1)
    )
    errors = errors_of(municipality)
    assert errors["ags"] == [DUPLICATE_MESSAGE]
    assert errors["left_on"] == [LEFT_BEFORE_JOINED]


def test_duplicate_slug_is_refused_in_german():
    MunicipalityFactory(slug="speyer")
    errors = errors_of(new_municipality(slug="speyer"))
    assert errors["slug"] == [
        "Kommune mit diesem Wert für das Feld Kurzname (URL) existiert bereits."
    ]


@pytest.mark.parametrize(
    "fields",
    [
        {"ags": "0731800"},
        {"ags": "07a18000"},
        {"joined_on": date(2020, 1, 1), "left_on": date(2019, 1, 1)},
        {"joined_on": None, "left_on": date(2019, 1, 1)},
    ],
    ids=["seven-digits", "letter", "left-before-joined", "left-without-joined"],
)
def test_database_constraints_hold_without_validation(fields):
    with pytest.raises(IntegrityError), transaction.atomic():
        new_municipality(**fields).save()


def test_database_refuses_duplicate_ags():
    MunicipalityFactory(ags="07318000")
    with pytest.raises(IntegrityError), transaction.atomic():
        new_municipality(ags="07318000").save()


def test_members_are_those_joined_and_not_yet_left():
    day = date(2021, 6, 1)
    member = MunicipalityFactory(joined_on=date(2019, 4, 25))
    left_that_day = MunicipalityFactory(joined_on=date(2019, 4, 25), left_on=day)
    leaves_later = MunicipalityFactory(joined_on=date(2019, 4, 25), left_on=date(2022, 1, 1))
    joins_later = MunicipalityFactory(joined_on=date(2022, 1, 1))
    never_joined = MunicipalityFactory(joined_on=None)

    members = set(Municipality.objects.members(day))

    assert members == {member, leaves_later}
    assert member.is_member_on(day) and leaves_later.is_member_on(day)
    for other in (left_that_day, joins_later, never_joined):
        assert not other.is_member_on(day)
