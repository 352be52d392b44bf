"""CSV and XLSX renderers for the summary report (``?format=csv|xlsx`` or Accept)."""

import csv
import io
import json

from rest_framework.renderers import BaseRenderer

from core.spreadsheets import csv_text
from funding.exports import XLSX_CONTENT_TYPE, reuse_csv, reuse_xlsx, summary_csv, summary_xlsx


def _is_summary(data) -> bool:
    return isinstance(data, dict) and "rows" in data and "total" in data


def _error_csv(data) -> str:
    # Errors (401, 400 with field errors) reach this renderer too when the
    # client asked for CSV; they become a small table instead of a 500.
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["field", "error"])
    items = data.items() if isinstance(data, dict) else [("detail", data)]
    for name, errors in items:
        for error in errors if isinstance(errors, list) else [errors]:
            writer.writerow([csv_text(str(name)), csv_text(str(error))])
    return buffer.getvalue()


class SummaryCSVRenderer(BaseRenderer):
    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"
    write_csv = staticmethod(summary_csv)

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if data is None:
            return b""
        text = self.write_csv(data) if _is_summary(data) else _error_csv(data)
        return text.encode(self.charset)


class SummaryXLSXRenderer(BaseRenderer):
    media_type = XLSX_CONTENT_TYPE
    format = "xlsx"
    charset = None
    render_style = "binary"
    write_xlsx = staticmethod(summary_xlsx)

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if data is None:
            return b""
        if _is_summary(data):
            return self.write_xlsx(data)
        # An error cannot be a spreadsheet: answer it as JSON.
        response = (renderer_context or {}).get("response")
        if response is not None:
            response["Content-Type"] = "application/json"
        return json.dumps(data, ensure_ascii=False, default=str).encode()


class ReuseCSVRenderer(SummaryCSVRenderer):
    write_csv = staticmethod(reuse_csv)


class ReuseXLSXRenderer(SummaryXLSXRenderer):
    write_xlsx = staticmethod(reuse_xlsx)


class AnyMediaRenderer(BaseRenderer):
    """Lets a download answer any Accept header; errors still go out as JSON."""

    media_type = "*/*"
    format = "file"
    charset = None
    render_style = "binary"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        response = (renderer_context or {}).get("response")
        if response is not None:
            response["Content-Type"] = "application/json"
        return json.dumps(data, ensure_ascii=False, default=str).encode()
