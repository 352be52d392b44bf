"""The full grants export streams: lines come from a server-side cursor in
chunks, so the memory it needs does not grow with the number of grants; the
database writes them as the generic CSV writer does."""

import csv
import io
import tracemalloc
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.http import StreamingHttpResponse
from django.test.utils import CaptureQueriesContext

from funding import exports, grant_csv, selectors, services
from funding.models import Grant
from tests.funding.factories import FundingProgramFactory, GrantFactory, make_project
from tests.members.factories import MunicipalityFactory


def _bulk_grants(count: int, program, city) -> None:
    Grant.objects.bulk_create(
        [
            Grant(
                program=program,
                municipality=city,
                purpose=f"Vorhaben {number} mit einem längeren Zuwendungszweck für die Zeile",
                approved_amount=Decimal("1234.56") + number,
                decision_year=2019 + number % 5,
            )
            for number in range(count)
        ],
        batch_size=5000,
    )


def _peak_while_streaming(client) -> tuple[int, int]:
    """(peak bytes allocated while the response is consumed, number of lines)."""
    tracemalloc.start()
    try:
        response = client.get("/api/v1/grants/export/")
        assert isinstance(response, StreamingHttpResponse)
        lines = 0
        for chunk in response.streaming_content:
            lines += chunk.count(b"\n")
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak, lines


@pytest.mark.django_db
def test_export_memory_does_not_grow_with_rows(actor_client, ministry):
    program, city = FundingProgramFactory(), MunicipalityFactory(name="Speyer", ags="07318000")
    client = actor_client(ministry)
    _bulk_grants(2_000, program, city)
    small_peak, small_lines = _peak_while_streaming(client)
    _bulk_grants(18_000, program, city)
    large_peak, large_lines = _peak_while_streaming(client)
    assert (small_lines, large_lines) == (2_001, 20_001)
    # Ten times the rows, about the same memory (a list of all rows would need ~10x).
    assert large_peak < 2 * small_peak, (small_peak, large_peak)


@pytest.mark.django_db
def test_export_content(actor_client, coordinator, speyer_grant, landau_grant):
    response = actor_client(coordinator).get("/api/v1/grants/export/", {"municipality": "speyer"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="foerderbescheide-')
    [row] = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert row["file_reference"] == "MdI-2019-SP"
    assert row["ags"] == "07318000"
    assert (row["approved"], row["disbursed"], row["remaining"]) == ("60750.00", "0.00", "60750.00")
    assert row["status"] == "bewilligt"


@pytest.mark.django_db
def test_export_row_with_payouts_projects_and_empty_fields(
    actor_client, coordinator, speyer, speyer_grant, landau_grant
):
    speyer_grant.funding_rate = Decimal("75.5")
    speyer_grant.decision_date = date(2019, 4, 25)
    speyer_grant.save()
    for title in ("Zentrale Bürgerdienste", "Digitale Kita", 'Offene Daten, "CSV"'):
        speyer_grant.projects.add(make_project(speyer, title=title))
    services.disbursement_create(
        grant=speyer_grant, amount=Decimal("20250.50"), paid_on=date(2019, 8, 1), actor=coordinator
    )
    services.disbursement_create(
        grant=speyer_grant, amount=Decimal("0.25"), paid_on=date(2019, 9, 1), actor=coordinator
    )
    response = actor_client(coordinator).get("/api/v1/grants/export/")
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert [row["file_reference"] for row in rows] == ["MdI-2019-SP", "MdI-2020-LD"]
    speyer_row, landau_row = rows
    assert (speyer_row["approved"], speyer_row["disbursed"], speyer_row["remaining"]) == (
        "60750.00",
        "20250.75",
        "40499.25",
    )
    assert speyer_row["funding_rate"] == "75.50"
    assert speyer_row["decision_date"] == "2019-04-25"
    assert speyer_row["is_rounded"] == "nein"
    # The funded projects' titles, sorted, in one field (quotes survive the CSV).
    assert speyer_row["projects"] == 'Digitale Kita | Offene Daten, "CSV" | Zentrale Bürgerdienste'
    assert landau_row["projects"] == ""
    assert landau_row["funding_rate"] == ""
    assert landau_row["decision_date"] == ""


def _export_queries(client) -> tuple[int, int]:
    """Lines of the export, and statements (but the savepoint of its
    transaction, which is one only inside the test's)."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/api/v1/grants/export/")
        lines = sum(chunk.count(b"\n") for chunk in response.streaming_content)
    statements = [q["sql"] for q in queries if "SAVEPOINT" not in q["sql"]]
    return lines, len(statements)


@pytest.mark.django_db
def test_export_query_count_does_not_grow_with_grants(
    actor_client, ministry, coordinator, program, speyer
):
    """One query for all rows (server-side cursor), whatever their number:
    payouts and projects are columns of it, not queries per grant or chunk."""
    client = actor_client(ministry)
    client.get("/api/v1/grants/")  # session and roles looked up once

    def add(count: int) -> None:
        for _ in range(count):
            grant = GrantFactory(program=program, municipality=speyer)
            grant.projects.add(make_project(speyer))
            services.disbursement_create(
                grant=grant, amount=Decimal("10.00"), paid_on=date(2020, 1, 1), actor=coordinator
            )

    add(5)
    few = _export_queries(client)
    add(45)
    many = _export_queries(client)
    assert (few[0], many[0]) == (6, 51)
    # Session, user with roles, then the grants: the settings of their
    # transaction and the cursor.
    assert few[1] == many[1] == 4


TEXTS = [
    "",
    'Phase, mit "Anführung"\nund Umbruch',
    "=HYPERLINK(1)",
    "\tTab vorn",
    "\rCR vorn",
    "-1+1, mit Komma",
    "Nur\rCR",
    "@Ende\r\n",
    "ÄÖÜ äöü ß – €",
]


@pytest.mark.django_db
@pytest.mark.parametrize("reader", ["coordinator", "ministry", "speyer_staff"])
@pytest.mark.parametrize("narrowed", [False, True], ids=["every grant", "filtered"])
def test_the_database_writes_the_csv_the_generic_writer_writes(
    request, reader, narrowed, coordinator, speyer, landau, program
):
    """Each line of the grants CSV comes from PostgreSQL; it is, byte for byte,
    what the generic, field-by-field writer (also used for the summary) makes
    of the same grants: quoting, neutralised formulas, amounts, dates, yes/no,
    the titles of the projects the reader may see — for the export of every
    grant (titles joined) and a filtered one (titles per grant)."""
    for number in range(12):
        text = TEXTS[number % len(TEXTS)]
        grant = GrantFactory(
            program=program,
            municipality=speyer if number % 5 else landau,
            approved_amount=Decimal("1000.05") * (number + 1),
            funding_rate=None if number % 3 else Decimal("80") + number,
            decision_year=None if number % 4 == 0 else 2018 + number,
            decision_date=None if number % 4 == 0 else date(2018 + number, 5, 1),
            period_start=date(2019, 1, number + 1) if number % 2 else None,
            is_rounded=bool(number % 2),
            file_reference=f"{text} AZ-{number}" if text else "",
            phase=text,
            purpose=TEXTS[(number + 3) % len(TEXTS)] or "Zweck",
        )
        if number % 3 == 0:
            grant.projects.add(
                make_project(speyer, title=f"{text} Projekt {number}"),
                make_project(landau, title=f"Entwurf {number}", state="draft"),
                make_project(speyer, title='"Zitat", zweites'),
            )
        if number % 2 == 0:
            services.disbursement_create(
                grant=grant, amount=Decimal("999.99"), paid_on=date(2020, 1, 1), actor=coordinator
            )
    user = request.getfixturevalue(reader)
    base = selectors.visible_grants(user)
    if narrowed:
        base = base.filter(approved_amount__gte=Decimal("3000"))
    queryset = selectors.grant_export(base, user=user)
    assert selectors.reads_every_grant(queryset) is (not narrowed and reader != "speyer_staff")
    fast = grant_csv.grants_csv(queryset, user=user)
    generic = "".join(exports._csv_lines(exports.GRANT_COLUMNS, exports.grant_records(queryset)))
    assert fast == generic
    assert len(list(csv.reader(io.StringIO(fast, newline="")))) == 1 + queryset.count()
