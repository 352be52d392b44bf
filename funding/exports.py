"""CSV and XLSX files of grants and of the summary report.

CSV is for machines: UTF-8, comma-separated, amounts with a decimal point and
two places (60750.00), the same field names as the JSON API. XLSX is for
people: German headers, amounts as numbers formatted in euro.
"""

import csv
import io
from collections.abc import Iterable, Iterator
from datetime import date
from decimal import Decimal

from django.db.models import QuerySet
from django.http import StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from funding.formatting import plain_amount
from funding.models import Grant

EXPORT_CHUNK_SIZE = 2000
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EURO_FORMAT = '#,##0.00 "€"'

# (field name in CSV/JSON, header in XLSX in the reader's language, is money)
GRANT_COLUMNS = [
    ("id", "ID", False),
    ("file_reference", _("Aktenzeichen"), False),
    ("program", _("Förderprogramm"), False),
    ("municipality", _("Kommune"), False),
    ("ags", "AGS", False),
    ("decision_year", _("Jahr des Bescheids"), False),
    ("decision_date", _("Datum des Bescheids"), False),
    ("purpose", _("Zuwendungszweck"), False),
    ("phase", _("Förderphase"), False),
    ("approved", _("Bewilligt (EUR)"), True),
    ("disbursed", _("Ausgezahlt (EUR)"), True),
    ("remaining", _("Offen (EUR)"), True),
    ("funding_rate", _("Förderquote (%)"), False),
    ("period_start", _("Förderzeitraum von"), False),
    ("period_end", _("Förderzeitraum bis"), False),
    ("status", _("Stand"), False),
    ("is_rounded", _("Gerundeter Betrag"), False),
    ("is_example", _("Beispiel"), False),
    ("projects", _("Geförderte Projekte"), False),
]
SUMMARY_COLUMNS = [
    ("key", _("Schlüssel"), False),
    ("label", _("Gruppe"), False),
    ("ags", "AGS", False),
    ("grants", _("Bescheide"), False),
    ("approved", _("Bewilligt (EUR)"), True),
    ("disbursed", _("Ausgezahlt (EUR)"), True),
    ("remaining", _("Offen (EUR)"), True),
]
GROUP_FILE_NAMES = {
    "program": "programm",
    "year": "jahr",
    "municipality": "kommune",
    "status": "stand",
}


def attachment_header(filename: str) -> str:
    return f'attachment; filename="{filename}"'


def dated_filename(stem: str, extension: str) -> str:
    return f"{stem}-{timezone.localdate():%Y-%m-%d}.{extension}"


def grant_record(grant: Grant) -> dict:
    """One grant as export values (Decimal for money, ISO dates)."""
    return {
        "id": grant.pk,
        "file_reference": grant.file_reference,
        "program": grant.program.name,
        "municipality": grant.municipality.name,
        "ags": grant.municipality.ags,
        "decision_year": grant.decision_year,
        "decision_date": grant.decision_date,
        "purpose": grant.purpose,
        "phase": grant.phase,
        "approved": grant.approved_amount,
        "disbursed": grant.disbursed,
        "remaining": grant.remaining,
        "funding_rate": grant.funding_rate,
        "period_start": grant.period_start,
        "period_end": grant.period_end,
        "status": grant.status,
        "is_rounded": grant.is_rounded,
        "is_example": grant.is_example,
        "projects": " | ".join(project.title for project in grant.projects.all()),
    }


def _csv_value(value, is_money: bool) -> str:
    if value is None:
        return ""
    if is_money:
        return plain_amount(value)
    if isinstance(value, bool):
        return "ja" if value else "nein"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    return str(value)


class _Echo:
    """A file-like object whose write returns the line: csv.writer into a generator."""

    def write(self, value: str) -> str:
        return value


def _csv_lines(columns, records: Iterable[dict]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield writer.writerow([name for name, _header, _money in columns])
    for record in records:
        yield writer.writerow(
            [_csv_value(record.get(name), money) for name, _header, money in columns]
        )


def stream_grants_csv(queryset: QuerySet[Grant], filename: str) -> StreamingHttpResponse:
    """All grants of ``queryset`` as CSV, streamed: rows come from a server-side
    cursor in chunks (``iterator(chunk_size=...)``), never the whole list in memory."""
    records = (grant_record(grant) for grant in queryset.iterator(chunk_size=EXPORT_CHUNK_SIZE))
    response = StreamingHttpResponse(
        _csv_lines(GRANT_COLUMNS, records), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = attachment_header(filename)
    return response


def grants_csv(queryset: QuerySet[Grant]) -> str:
    records = (grant_record(grant) for grant in queryset.iterator(chunk_size=EXPORT_CHUNK_SIZE))
    return "".join(_csv_lines(GRANT_COLUMNS, records))


def _xlsx(title: str, columns, records: Iterable[dict], *, bold_last: bool = False) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title)
    bold = Font(bold=True)
    header = []
    for _name, label, _money in columns:
        cell = WriteOnlyCell(sheet, value=str(label))
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    records = list(records) if bold_last else records
    for index, record in enumerate(records):
        last = bold_last and index == len(records) - 1
        row = []
        for name, _label, money in columns:
            value = record.get(name)
            if money and value is not None:
                value = Decimal(value)
            elif isinstance(value, bool):
                value = gettext("ja") if value else gettext("nein")
            cell = WriteOnlyCell(sheet, value=value)
            if money:
                cell.number_format = EURO_FORMAT
            if last:
                cell.font = bold
            row.append(cell)
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def grants_xlsx(queryset: QuerySet[Grant]) -> bytes:
    records = (grant_record(grant) for grant in queryset.iterator(chunk_size=EXPORT_CHUNK_SIZE))
    return _xlsx(gettext("Förderbescheide"), GRANT_COLUMNS, records)


def summary_records(data: dict) -> list[dict]:
    """Rows and the total row of a serialised summary (see funding.api)."""
    return [*data["rows"], data["total"]]


def summary_csv(data: dict) -> str:
    return "".join(_csv_lines(SUMMARY_COLUMNS, summary_records(data)))


def summary_xlsx(data: dict) -> bytes:
    return _xlsx(gettext("Zusammenfassung"), SUMMARY_COLUMNS, summary_records(data), bold_last=True)


def summary_filename(group_by: str, extension: str) -> str:
    return dated_filename(f"foerderung-nach-{GROUP_FILE_NAMES.get(group_by, group_by)}", extension)
