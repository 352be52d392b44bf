"""The sums per municipality and the row starts of the report by city that
PostgreSQL keeps (funding.models.MunicipalityTotal): right after every write,
through the services, the admin, bulk statements and renamed cities, and the
report read from them is the report summed from the grants."""

import json
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from funding import report_json, selectors, services
from funding.api.reports import SummarySerializer
from funding.models import Grant, MunicipalityTotal
from members.services.municipalities import municipality_delete, municipality_save
from tests.funding.factories import GrantFactory
from tests.members.factories import MunicipalityFactory

pytestmark = pytest.mark.django_db
URL = "/api/v1/funding/reports/summary/"


def _stored() -> dict:
    """The kept sums of every city with grants."""
    return {
        total.municipality_id: (total.grants, total.approved, total.disbursed)
        for total in MunicipalityTotal.objects.filter(grants__gt=0)
    }


def _summed(paid: str = "coalesce(sum(d.paid), 0)") -> dict:
    """The same, summed afresh from the grants and (unless ``paid`` says
    otherwise) the payout rows themselves."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            SELECT g.municipality_id, count(*), sum(g.approved_amount), {paid}
            FROM funding_grant g
            LEFT JOIN (SELECT grant_id, sum(amount) AS paid FROM funding_disbursement
                       GROUP BY grant_id) d ON d.grant_id = g.id
            GROUP BY g.municipality_id
            """  # noqa: S608 - constants
        )
        return {city: (n, approved, paid) for city, n, approved, paid in cursor.fetchall()}


# Bulk statements write the grants' stored payout sums themselves.
STORED_PAID = "sum(g.disbursed_amount)"


def _report(queryset) -> dict:
    return json.loads(report_json.funding_summary_json(queryset, "municipality", "2026-12-06"))


def _serialized(queryset) -> dict:
    summary = selectors.funding_summary(queryset, "municipality")
    data = SummarySerializer(
        {"group_by": "municipality", "generated_at": "2026-12-06", "rows": summary.rows,
         "total": summary.total}
    ).data  # fmt: skip
    return json.loads(json.dumps(data))


def test_sums_follow_grants_and_payouts_written_through_the_services(
    program, speyer, landau, coordinator
):
    grant = services.grant_create(
        program=program, municipality=speyer, purpose="Portal",
        approved_amount=Decimal("1000.10"), actor=coordinator,
    )  # fmt: skip
    other = services.grant_create(
        program=program, municipality=speyer, purpose="Kita",
        approved_amount=Decimal("500.05"), actor=coordinator,
    )  # fmt: skip
    assert _stored() == _summed() == {speyer.pk: (2, Decimal("1500.15"), Decimal("0.00"))}

    payout = services.disbursement_create(
        grant=grant, amount=Decimal("400.01"), paid_on=date(2021, 3, 1), actor=coordinator
    )
    services.disbursement_create(
        grant=other, amount=Decimal("0.05"), paid_on=date(2021, 3, 1), actor=coordinator
    )
    assert _stored() == _summed() == {speyer.pk: (2, Decimal("1500.15"), Decimal("400.06"))}

    services.disbursement_update(
        disbursement=payout, amount=Decimal("999.99"), paid_on=date(2021, 3, 2), actor=coordinator
    )
    assert _stored() == _summed() == {speyer.pk: (2, Decimal("1500.15"), Decimal("1000.04"))}

    services.disbursement_delete(disbursement=payout, actor=coordinator)
    services.grant_update(
        grant=grant, municipality=landau, approved_amount=Decimal("2000.00"), actor=coordinator
    )
    moved = {
        speyer.pk: (1, Decimal("500.05"), Decimal("0.05")),
        landau.pk: (1, Decimal("2000.00"), Decimal("0.00")),
    }
    assert _stored() == _summed() == moved

    services.grant_delete(grant=grant, actor=coordinator)
    assert _stored() == _summed() == {speyer.pk: (1, Decimal("500.05"), Decimal("0.05"))}
    assert MunicipalityTotal.objects.get(municipality=landau).grants == 0


def test_sums_follow_bulk_statements(program, speyer, landau):
    Grant.objects.bulk_create(
        Grant(program=program, municipality=city, purpose="x", approved_amount=Decimal(n) / 100)
        for n, city in enumerate([speyer, landau] * 50, start=1)
    )
    assert _stored() == _summed(STORED_PAID)
    Grant.objects.filter(municipality=speyer).update(
        municipality=landau, disbursed_amount=Decimal("0.01")
    )
    assert _stored() == _summed(STORED_PAID)
    assert _stored()[landau.pk] == (100, Decimal("50.50"), Decimal("0.50"))
    Grant.objects.filter(approved_amount__lt=Decimal("0.20")).delete()
    assert _stored() == _summed(STORED_PAID)
    kept = _stored()
    with connection.cursor() as cursor:
        cursor.execute("SELECT funding_municipalitytotal_recount()")
    assert _stored() == kept


def test_a_grant_counts_for_a_city_added_after_it_in_one_transaction(program):
    """The foreign key is checked at the end of the transaction: a grant may
    name a city that is written after it, whose row start comes then."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT max(id) + 1000 FROM members_municipality")
        city_id = cursor.fetchone()[0] or 1000
    GrantFactory(program=program, municipality_id=city_id, approved_amount=Decimal("7.00"))
    city = MunicipalityFactory(id=city_id, name="Nachzügler", slug="nachzuegler", ags="07399998")
    assert _stored()[city.pk] == (1, Decimal("7.00"), Decimal("0.00"))
    assert _report(Grant.objects.all()) == _serialized(Grant.objects.all())


def test_renamed_added_and_removed_cities_keep_their_place_in_the_report(
    program, speyer, landau, coordinator
):
    worms = MunicipalityFactory(name="Worms", slug="worms", ags="07319000")
    for city in (speyer, landau, worms):
        GrantFactory(program=program, municipality=city, approved_amount=Decimal("10.00"))

    def order() -> list[str]:
        rows = _report(Grant.objects.all())["rows"]
        assert _report(Grant.objects.all()) == _serialized(Grant.objects.all())
        assert _report(Grant.objects.filter(approved_amount__gt=0)) == _serialized(
            Grant.objects.filter(approved_amount__gt=0)
        )
        return [row["label"] for row in rows]

    assert order() == ["Landau in der Pfalz", "Speyer", "Worms"]
    speyer.name = "Zweibrücken-Speyer"
    municipality_save(municipality=speyer, actor=coordinator)
    assert order() == ["Landau in der Pfalz", "Worms", "Zweibrücken-Speyer"]
    worms.ags = ""
    worms.name = 'Alt-Worms "am Rhein" \\ Süd'
    municipality_save(municipality=worms, actor=coordinator)
    assert order() == ['Alt-Worms "am Rhein" \\ Süd', "Landau in der Pfalz", "Zweibrücken-Speyer"]
    assert _report(Grant.objects.all())["rows"][0]["ags"] is None

    # A city without grants comes and goes without a row in the report.
    aachen = MunicipalityFactory(name="Aachen", slug="aachen", ags="05334002")
    assert order() == ['Alt-Worms "am Rhein" \\ Süd', "Landau in der Pfalz", "Zweibrücken-Speyer"]
    municipality_delete(municipality=aachen, actor=coordinator)
    assert not MunicipalityTotal.objects.filter(municipality_id=aachen.pk).exists()


def test_the_whole_report_by_city_reads_no_grant(program, speyer, landau):
    for city in (speyer, landau):
        GrantFactory(program=program, municipality=city)
    with CaptureQueriesContext(connection) as queries:
        whole = _report(Grant.objects.all())
    [statement] = [query["sql"] for query in queries]
    assert "funding_grant" not in statement
    assert whole == _serialized(Grant.objects.all())
    with CaptureQueriesContext(connection) as queries:
        _report(Grant.objects.filter(municipality=speyer))
    assert "funding_grant" in queries[0]["sql"]


def test_the_ministrys_report_by_city_after_payouts(client, ministry, program, speyer, coordinator):
    from members.models import ApiToken

    grant = GrantFactory(program=program, municipality=speyer, approved_amount=Decimal("99.99"))
    _token, raw = ApiToken.issue(user=ministry, days=1)
    headers = {"Authorization": f"Bearer {raw}"}
    services.disbursement_create(
        grant=grant, amount=Decimal("33.33"), paid_on=date(2022, 1, 1), actor=coordinator
    )
    response = client.get(URL, {"group_by": "municipality"}, headers=headers)
    [row] = response.json()["rows"]
    assert (row["key"], row["grants"], row["approved"], row["disbursed"], row["remaining"]) == (
        "speyer",
        1,
        "99.99",
        "33.33",
        "66.66",
    )
