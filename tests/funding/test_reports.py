"""The ministry's summary report: exact sums (equal to a raw SQL SUM), CSV and
XLSX that parse back to the same numbers, file names, query counts."""

import csv
import io
import random
from datetime import date
from decimal import Decimal

import pytest
from django.core.cache import cache as django_cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook
from rest_framework.serializers import Serializer

from funding import report_json, selectors, services
from funding.api import SummaryRowSerializer
from funding.models import Grant
from members.models import ApiToken
from tests.funding.factories import FundingProgramFactory, GrantFactory
from tests.members.factories import MunicipalityFactory

URL = "/api/v1/funding/reports/summary/"
# Key column and join per group_by: constants only, no input reaches the SQL.
RAW_GROUPS = {
    "program": ("p.slug", "JOIN funding_fundingprogram p ON p.id = g.program_id"),
    "year": ("g.decision_year", ""),
    "municipality": ("m.slug", "JOIN members_municipality m ON m.id = g.municipality_id"),
    "status": ("g.status", ""),
}


def _raw(group_by: str) -> dict:
    """The sums straight from SQL, independent of the ORM code under test."""
    key, join = RAW_GROUPS[group_by]
    sql = f"""
        SELECT {key}, COUNT(*), SUM(g.approved_amount), SUM(COALESCE(d.paid, 0))
        FROM funding_grant g {join}
        LEFT JOIN (
            SELECT grant_id, SUM(amount) AS paid FROM funding_disbursement GROUP BY grant_id
        ) d ON d.grant_id = g.id
        GROUP BY {key}
    """  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return {
            key: {
                "grants": n,
                "approved": approved,
                "disbursed": paid,
                "remaining": approved - paid,
            }
            for key, n, approved, paid in cursor.fetchall()
        }


@pytest.fixture
def generated(db, speyer, landau):
    """Random grants with odd cents and several payouts each (fixed seed)."""
    rng = random.Random(20190425)
    programs = [FundingProgramFactory(slug=f"p{i}", name=f"Programm {i}") for i in range(3)]
    cities = [speyer, landau, *[MunicipalityFactory() for _ in range(3)]]
    for _ in range(60):
        approved = Decimal(rng.randint(1_000_00, 900_000_00)) / 100
        grant = GrantFactory(
            program=rng.choice(programs),
            municipality=rng.choice(cities),
            approved_amount=approved,
            decision_year=rng.choice([2019, 2020, 2021, 2022, None]),
            status=rng.choice(Grant.Status.values),
        )
        left = approved
        for _ in range(rng.randint(0, 3)):
            amount = Decimal(rng.randint(1, int(left * 100 // 2) or 1)) / 100
            if amount > left:
                break
            left -= amount
            # Through the service, which also stores the grant's payout sum; the raw
            # SQL above sums the payout rows themselves.
            services.disbursement_create(
                grant=grant, amount=amount, paid_on=date(2021, 1, 1), actor=None
            )
    return programs


def _as_map(rows: list[dict]) -> dict:
    return {
        row["key"] if row["key"] is None or not str(row["key"]).isdigit() else int(row["key"]): {
            "grants": int(row["grants"]),
            "approved": Decimal(row["approved"]),
            "disbursed": Decimal(row["disbursed"]),
            "remaining": Decimal(row["remaining"]),
        }
        for row in rows
    }


@pytest.mark.django_db
@pytest.mark.parametrize("group_by", ["program", "year", "municipality", "status"])
def test_summary_equals_raw_sql_sum(actor_client, ministry, generated, group_by):
    response = actor_client(ministry).get(URL, {"group_by": group_by})
    assert response.status_code == 200
    data = response.json()
    assert data["group_by"] == group_by
    raw = _raw(group_by)
    assert _as_map(data["rows"]) == raw
    total = data["total"]
    assert total["key"] == "total"
    assert Decimal(total["approved"]) == sum(row["approved"] for row in raw.values())
    assert Decimal(total["disbursed"]) == sum(row["disbursed"] for row in raw.values())
    assert int(total["grants"]) == Grant.objects.count()
    for row in [*data["rows"], total]:
        for name in ("approved", "disbursed", "remaining"):
            assert isinstance(row[name], str) and len(row[name].split(".")[1]) == 2


@pytest.mark.django_db
def test_summary_applies_filters(actor_client, ministry, generated, speyer):
    response = actor_client(ministry).get(
        URL, {"group_by": "year", "municipality": "07318000", "program": "p1"}
    )
    expected = Grant.objects.filter(municipality=speyer, program__slug="p1")
    assert response.json()["total"]["grants"] == expected.count()
    assert Decimal(response.json()["total"]["approved"]) == sum(g.approved_amount for g in expected)


@pytest.mark.django_db
@pytest.mark.parametrize("group_by", ["program", "year", "municipality", "status"])
def test_csv_parses_back_to_the_same_numbers(actor_client, ministry, generated, group_by):
    client = actor_client(ministry)
    json_rows = client.get(URL, {"group_by": group_by}).json()
    response = client.get(URL, {"group_by": group_by, "format": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith(
        f'attachment; filename="foerderung-nach-{selectors_file(group_by)}-'
    )
    assert response["Content-Disposition"].endswith('.csv"')
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8"))))
    assert rows[-1]["key"] == "total"
    for parsed, original in zip(rows, [*json_rows["rows"], json_rows["total"]], strict=True):
        for name in ("approved", "disbursed", "remaining"):
            assert Decimal(parsed[name]) == Decimal(original[name])
        assert int(parsed["grants"]) == original["grants"]


def selectors_file(group_by: str) -> str:
    return {"program": "programm", "year": "jahr", "municipality": "kommune", "status": "stand"}[
        group_by
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("group_by", ["program", "year", "municipality", "status"])
def test_xlsx_parses_back_to_the_same_numbers(actor_client, ministry, generated, group_by):
    client = actor_client(ministry)
    json_rows = client.get(URL, {"group_by": group_by}).json()
    response = client.get(
        URL,
        {"group_by": group_by},
        HTTP_ACCEPT="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.xlsx"')
    sheet = load_workbook(io.BytesIO(response.content)).active
    header, *rows = list(sheet.iter_rows(values_only=True))
    assert header == (
        "Schlüssel",
        "Gruppe",
        "AGS",
        "Bescheide",
        "Bewilligt (EUR)",
        "Ausgezahlt (EUR)",
        "Offen (EUR)",
    )
    assert rows[-1][0] == "total"
    for parsed, original in zip(rows, [*json_rows["rows"], json_rows["total"]], strict=True):
        for index, name in ((4, "approved"), (5, "disbursed"), (6, "remaining")):
            # Spreadsheet numbers are doubles: to the cent they are exact at these sizes.
            assert Decimal(str(round(parsed[index], 2))).quantize(Decimal("0.01")) == Decimal(
                original[name]
            )
        assert parsed[3] == original["grants"]


@pytest.mark.django_db
def test_csv_by_accept_header(actor_client, ministry, generated):
    response = actor_client(ministry).get(URL, {"group_by": "status"}, HTTP_ACCEPT="text/csv")
    assert response.status_code == 200
    assert response.content.decode().startswith("key,label,ags,grants,approved,disbursed,remaining")


@pytest.mark.django_db
def test_bad_group_by_answers_400_in_german(actor_client, ministry):
    response = actor_client(ministry).get(URL, {"group_by": "weekday"})
    assert response.status_code == 400
    assert response.json()["group_by"] == [
        "„weekday“ ist keine gültige Auswahl. Erlaubt: municipality, program, status, year."
    ]


@pytest.mark.django_db
def test_bad_filter_in_csv_answers_400_not_500(actor_client, ministry):
    response = actor_client(ministry).get(URL, {"format": "csv", "year": "x"})
    assert response.status_code == 400
    assert "year" in response.content.decode()


@pytest.mark.django_db
def test_summary_of_nothing_is_zero(actor_client, ministry):
    data = actor_client(ministry).get(URL).json()
    assert data["rows"] == []
    assert data["total"]["approved"] == "0.00"
    assert data["total"]["grants"] == 0


@pytest.mark.django_db
@pytest.mark.parametrize("group_by", ["program", "year", "municipality", "status"])
def test_summary_runs_one_query_whatever_the_number_of_grants(generated, group_by):
    for _ in range(2):
        with CaptureQueriesContext(connection) as queries:
            selectors.funding_summary(Grant.objects.all(), group_by)
        assert len(queries) == 1
        GrantFactory.create_batch(30)


@pytest.mark.django_db
def test_summary_of_no_visible_grants_asks_nothing(generated):
    with CaptureQueriesContext(connection) as queries:
        summary = selectors.funding_summary(Grant.objects.none(), "municipality")
    assert len(queries) == 0
    assert summary.rows == []
    assert (summary.total.grants, summary.total.approved) == (0, Decimal("0.00"))


@pytest.mark.django_db
@pytest.mark.parametrize("group_by", ["program", "year", "municipality", "status"])
def test_summary_with_filters_equals_raw_sql_sum(generated, speyer, group_by):
    """The filtered grants are summed alone (payouts of other grants stay out)."""
    queryset = Grant.objects.filter(municipality=speyer, decision_year__in=[2019, 2021])
    summary = selectors.funding_summary(queryset, group_by)
    expected = {}
    for grant in queryset.with_amounts():
        key = {
            "program": grant.program.slug,
            "year": grant.decision_year,
            "municipality": speyer.slug,
            "status": grant.status,
        }[group_by]
        row = expected.setdefault(key, [0, Decimal(0), Decimal(0)])
        row[0] += 1
        row[1] += grant.approved_amount
        row[2] += grant.disbursed
    assert expected and any(paid for _count, _approved, paid in expected.values())
    assert {row.key: [row.grants, row.approved, row.disbursed] for row in summary.rows} == expected
    assert summary.total.grants == queryset.count()


@pytest.mark.django_db
@pytest.mark.parametrize("group_by", ["program", "year", "municipality", "status"])
def test_summary_rows_render_as_the_declared_fields_do(generated, group_by):
    """SummaryRowSerializer writes its rows out by hand for speed: the result
    is what DRF's field-by-field path gives for the same declared fields."""
    summary = selectors.funding_summary(Grant.objects.all(), group_by)
    serializer = SummaryRowSerializer()
    rows = [*summary.rows, summary.total]
    assert len(rows) > 2
    for row in rows:
        fast = serializer.to_representation(row)
        generic = Serializer.to_representation(serializer, row)
        assert fast == dict(generic)
        assert list(fast) == list(generic)


@pytest.mark.parametrize(
    "amount",
    ["0.00", "0", "7", "0.1", "1E+3", "12.345", "12.355", "-0.50", "999999999999.99"],
)
def test_summary_amounts_render_as_the_declared_fields_do_for_any_exponent(amount):
    value = Decimal(amount)
    row = selectors.SummaryRow("k", "Label", 1, value, value, value)
    serializer = SummaryRowSerializer()
    assert serializer.to_representation(row) == dict(Serializer.to_representation(serializer, row))


@pytest.mark.django_db
def test_summary_endpoint_query_count_is_constant(actor_client, ministry, program):
    client = actor_client(ministry)
    client.get(URL)
    counts = []
    for _ in range(2):
        GrantFactory.create_batch(20, program=program)
        django_cache.clear()  # factories write around the services: the report is computed anew
        with CaptureQueriesContext(connection) as queries:
            assert client.get(URL, {"group_by": "municipality"}).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


@pytest.mark.django_db
@pytest.mark.parametrize("group_by", ["program", "year", "municipality", "status"])
def test_summary_with_a_token_runs_two_queries(client, ministry, generated, group_by):
    """Token look-up (with its user and the user's roles), the summary: nothing
    else, and no write (last_used_at is renewed at most every few minutes)."""
    _token, raw = ApiToken.issue(user=ministry, days=1)
    headers = {"Authorization": f"Bearer {raw}"}
    assert client.get(URL, headers=headers).status_code == 200  # first use is recorded
    for _ in range(2):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(URL, {"group_by": group_by}, headers=headers)
        assert response.status_code == 200
        assert len(queries) == 2, [query["sql"] for query in queries]
        # The report sets its work memory (and the summary by city sorted
        # grouping) for itself, in the same string: SET LOCAL, no other write.
        statements = [
            part.strip() for query in queries for part in query["sql"].split(";") if part.strip()
        ]
        assert all(
            sql.startswith("SELECT")
            or sql in ("SET LOCAL enable_hashagg = off", "SET LOCAL work_mem = '64MB'")
            for sql in statements
        ), statements
        GrantFactory.create_batch(10)
        django_cache.clear()  # factories write around the services: the report is computed anew


@pytest.mark.django_db
@pytest.mark.parametrize("group_by", ["program", "year", "municipality", "status"])
@pytest.mark.parametrize("language", ["de", "en"])
def test_the_json_the_database_writes_is_what_the_serializer_writes(generated, group_by, language):
    """The API sends the report as PostgreSQL wrote it: the same document as
    SummarySerializer makes of funding_summary, row by row and in order."""
    import json

    from django.utils import translation

    from funding.api.reports import SummarySerializer

    with translation.override(language):
        for queryset in (Grant.objects.all(), Grant.objects.filter(decision_year=2021)):
            summary = selectors.funding_summary(queryset, group_by)
            expected = SummarySerializer(
                {
                    "group_by": group_by,
                    "generated_at": "2026-12-05T10:00:00+01:00",
                    "rows": summary.rows,
                    "total": summary.total,
                }
            ).data
            written = report_json.funding_summary_json(
                queryset, group_by, "2026-12-05T10:00:00+01:00"
            )
            assert json.loads(written) == json.loads(json.dumps(expected))
        empty = json.loads(
            report_json.funding_summary_json(Grant.objects.none(), group_by, "2026-12-05")
        )
        assert empty["rows"] == []
        assert empty["total"]["approved"] == "0.00"
