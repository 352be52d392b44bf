"""The full grants export streams: rows come from a server-side cursor in
chunks, so the memory it needs does not grow with the number of grants."""

import csv
import io
import tracemalloc
from decimal import Decimal

import pytest
from django.http import StreamingHttpResponse

from funding.models import Grant
from tests.funding.factories import FundingProgramFactory
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
