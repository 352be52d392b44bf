"""CSV and XLSX files of grants and of the summary report.

CSV is for machines: UTF-8, comma-separated, amounts with a decimal point and
two places (60750.00), the same field names as the JSON API. XLSX is for
people: German headers, amounts as numbers formatted in euro. Every text goes
through ``core.spreadsheets``, so none is read as a formula.
"""

import csv
import io
import itertools
from collections.abc import Iterable, Iterator
from datetime import date
from decimal import Decimal

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook
from openpyxl.styles import Font

from core.formatting import plain_amount
from core.spreadsheets import csv_text, xlsx_cell
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


# Export column → field or annotation of selectors.grant_export's queryset;
# "remaining" is approved minus disbursed.
GRANT_SOURCES = {
    "id": "pk",
    "file_reference": "file_reference",
    "program": "program__name",
    "municipality": "municipality__name",
    "ags": "municipality__ags",
    "decision_year": "decision_year",
    "decision_date": "decision_date",
    "purpose": "purpose",
    "phase": "phase",
    "approved": "approved_amount",
    "disbursed": "disbursed",
    "funding_rate": "funding_rate",
    "period_start": "period_start",
    "period_end": "period_end",
    "status": "status",
    "is_rounded": "is_rounded",
    "is_example": "is_example",
    "projects": "project_titles",
}
GRANT_NAMES = [name for name, _header, _money in GRANT_COLUMNS]
# The columns whose values are texts someone typed (or chose) in the portal.
GRANT_TEXTS = ["file_reference", "program", "municipality", "ags", "purpose", "phase", "projects"]


def grant_values(queryset: QuerySet[Grant]) -> Iterator[list]:
    """Export values of every grant of ``selectors.grant_export(...)``, a list
    in the order of GRANT_COLUMNS (Decimal for money, dates), read in chunks
    from a server-side cursor: the memory it needs does not grow with the
    number of grants."""
    fields = [GRANT_SOURCES[name] for name in GRANT_NAMES if name != "remaining"]
    approved, disbursed = GRANT_NAMES.index("approved"), GRANT_NAMES.index("disbursed")
    remaining, projects = GRANT_NAMES.index("remaining"), GRANT_NAMES.index("projects")
    for row in queryset.values_list(*fields).iterator(chunk_size=EXPORT_CHUNK_SIZE):
        values = list(row)
        values.insert(remaining, values[approved] - values[disbursed])
        values[projects] = values[projects] or ""
        yield values


def grant_records(queryset: QuerySet[Grant]) -> Iterator[dict]:
    """The same as dicts by column name."""
    for values in grant_values(queryset):
        yield dict(zip(GRANT_NAMES, values, strict=True))


def _csv_value(value, is_money: bool) -> str:
    if value is None:
        return ""
    kind = type(value)
    if is_money:
        # plain_amount, without parsing what is a Decimal already: two places,
        # rounded half to even either way.
        return f"{value:.2f}" if kind is Decimal else plain_amount(value)
    if kind is str:
        return csv_text(value)
    if kind is bool:
        return "ja" if value else "nein"
    if isinstance(value, date):
        return value.isoformat()
    if kind is Decimal:
        return f"{value:.2f}"
    return str(value)


CSV_ROWS_PER_CHUNK = 500


def _csv_lines(columns, records: Iterable[dict]) -> Iterator[str]:
    """The header line, then the rows in chunks of a few hundred lines (one
    write to the client each, not one per row)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([name for name, _header, _money in columns])
    yield buffer.getvalue()
    fields = [(name, money) for name, _header, money in columns]
    records = iter(records)
    while chunk := list(itertools.islice(records, CSV_ROWS_PER_CHUNK)):
        buffer.seek(0)
        buffer.truncate()
        writer.writerows(
            [_csv_value(record.get(name), money) for name, money in fields] for record in chunk
        )
        yield buffer.getvalue()


def _xlsx(title: str, columns, records: Iterable[dict], *, bold_last: bool = False) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title)
    bold = Font(bold=True)
    header = []
    for _name, label, _money in columns:
        cell = xlsx_cell(sheet, str(label))
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
            cell = xlsx_cell(sheet, value, number_format=EURO_FORMAT if money else "")
            if last:
                cell.font = bold
            row.append(cell)
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def grants_xlsx(queryset: QuerySet[Grant]) -> bytes:
    return _xlsx(gettext("Förderbescheide"), GRANT_COLUMNS, grant_records(queryset))


def summary_records(data: dict) -> list[dict]:
    """Rows and the total row of a serialised summary (see funding.api)."""
    return [*data["rows"], data["total"]]


def summary_csv(data: dict) -> str:
    return "".join(_csv_lines(SUMMARY_COLUMNS, summary_records(data)))


def summary_xlsx(data: dict) -> bytes:
    return _xlsx(gettext("Zusammenfassung"), SUMMARY_COLUMNS, summary_records(data), bold_last=True)


def summary_filename(group_by: str, extension: str) -> str:
    return dated_filename(f"foerderung-nach-{GROUP_FILE_NAMES.get(group_by, group_by)}", extension)


# --- what reuse saved (issue 13) -------------------------------------------------------

REUSE_COLUMNS = [
    ("key", _("Schlüssel"), False),
    ("label", _("Gruppe"), False),
    ("ags", "AGS", False),
    ("reports", _("Erfahrungsberichte"), False),
    ("avoided_investment", _("Vermiedene Investition (EUR)"), True),
    ("avoided_effort_days", _("Vermiedener Aufwand (Personentage)"), False),
    ("contributed", _("Berichte zu eigenen Projekten"), False),
    ("contributed_investment", _("Anderen ersparte Investition (EUR)"), True),
    ("funded_projects", _("Geförderte Projekte"), False),
    ("times_reused", _("Nachnutzungen"), False),
    ("approved", _("Bewilligt (EUR)"), True),
    ("avoided_per_funding_euro", _("Vermiedene Euro je Förder-Euro"), False),
]
REUSE_GROUP_FILE_NAMES = {**GROUP_FILE_NAMES, "project": "projekt", "topic": "themenfeld"}


def reuse_csv(data: dict) -> str:
    return "".join(_csv_lines(REUSE_COLUMNS, summary_records(data)))


def reuse_xlsx(data: dict) -> bytes:
    return _xlsx(gettext("Nachnutzung"), REUSE_COLUMNS, summary_records(data), bold_last=True)


def reuse_filename(group_by: str, extension: str) -> str:
    return dated_filename(
        f"nachnutzung-nach-{REUSE_GROUP_FILE_NAMES.get(group_by, group_by)}", extension
    )
