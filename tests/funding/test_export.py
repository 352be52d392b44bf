"""The full grants export streams: rows come from a server-side cursor in
chunks, so the memory it needs does not grow with the number of grants."""

import csv
import io
import tracemalloc
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.http import StreamingHttpResponse
from django.test.utils import CaptureQueriesContext

from funding import exports, selectors, services
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
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/api/v1/grants/export/")
        lines = sum(chunk.count(b"\n") for chunk in response.streaming_content)
    return lines, len(queries)


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
    # Session, user, roles, then the grants.
    assert few[1] == many[1] == 4


@pytest.mark.django_db
def test_fast_csv_writes_what_the_generic_writer_writes(coordinator, speyer, program):
    """The grants CSV leaves most values to the csv module; the result is what
    the generic, field-by-field writer (also used for the summary) gives."""
    for number in range(12):
        grant = GrantFactory(
            program=program,
            municipality=speyer,
            approved_amount=Decimal("1000.05") * (number + 1),
            funding_rate=None if number % 3 else Decimal("80"),
            decision_year=None if number % 4 == 0 else 2018 + number,
            decision_date=None if number % 4 == 0 else date(2018 + number, 5, 1),
            is_rounded=bool(number % 2),
            phase="" if number % 2 else 'Phase, mit "Anführung"\nund Umbruch',
        )
        if number % 3 == 0:
            grant.projects.add(make_project(speyer), make_project(speyer))
        if number % 2 == 0:
            services.disbursement_create(
                grant=grant, amount=Decimal("999.99"), paid_on=date(2020, 1, 1), actor=coordinator
            )
    queryset = selectors.grant_export(Grant.objects.all(), user=coordinator)
    fast = exports.grants_csv(queryset)
    generic = "".join(exports._csv_lines(exports.GRANT_COLUMNS, exports.grant_records(queryset)))
    assert fast == generic
    assert len(list(csv.reader(io.StringIO(fast)))) == 13
