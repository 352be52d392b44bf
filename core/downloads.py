"""Open-data downloads: streamed, with ``ETag``/``Last-Modified`` and 304.

A harvester asks "changed since?" with ``If-None-Match`` (the ETag it got) or
``If-Modified-Since``; the view states the data's freshness (``Freshness``:
what changed last, and a tag of the data's state) from a cheap aggregate
query before it reads any rows, and answers 304 without a body when nothing
changed. Bodies are generators (``StreamingHttpResponse``): memory stays
constant however many rows a download has (docs/architecture.md, "Open data").
"""

import csv
import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.utils.cache import get_conditional_response
from django.utils.http import http_date, quote_etag

from core.spreadsheets import csv_texts

CSV_DELIMITER = ";"
# Harvesters may keep a copy but must ask before they use it again.
CACHE_CONTROL = "public, max-age=0, must-revalidate"


@dataclass(frozen=True)
class Freshness:
    last_modified: datetime | None
    etag: str

    @classmethod
    def of(cls, last_modified: datetime | None, *parts: Any) -> "Freshness":
        """A strong ETag from what identifies the data's state (counts, latest
        changes, cache versions) and the format."""
        digest = hashlib.sha256(repr((last_modified, *parts)).encode()).hexdigest()[:32]
        return cls(last_modified=last_modified, etag=quote_etag(digest))


def not_modified(request: HttpRequest, freshness: Freshness) -> HttpResponse | None:
    """304 (or 412) when the client's copy is current, else None."""
    timestamp = int(freshness.last_modified.timestamp()) if freshness.last_modified else None
    return get_conditional_response(request, etag=freshness.etag, last_modified=timestamp)


def mark(response: HttpResponse | StreamingHttpResponse, freshness: Freshness) -> None:
    response["ETag"] = freshness.etag
    if freshness.last_modified:
        response["Last-Modified"] = http_date(freshness.last_modified.timestamp())
    response["Cache-Control"] = CACHE_CONTROL


def streamed(
    request: HttpRequest,
    freshness: Freshness,
    body: "Iterable[bytes] | Iterator[bytes]",
    *,
    content_type: str,
    filename: str = "",
) -> HttpResponse | StreamingHttpResponse:
    """The download, or 304 when the client's copy is current (the body's
    generator is then never started)."""
    unchanged = not_modified(request, freshness)
    if unchanged is not None:
        mark(unchanged, freshness)
        return unchanged
    response = StreamingHttpResponse(body, content_type=content_type)
    if filename:
        response["Content-Disposition"] = f'inline; filename="{filename}"'
    mark(response, freshness)
    return response


class _Line:
    """A file object for csv.writer that hands back what was written."""

    def write(self, value: str) -> str:
        return value


def _csv_writer() -> Any:
    return csv.writer(_Line(), delimiter=CSV_DELIMITER, lineterminator="\r\n")


def csv_header(header: list[str]) -> bytes:
    """The first line of an open-data CSV: a BOM for spreadsheet programs, then
    the column names."""
    return ("\ufeff" + _csv_writer().writerow(header)).encode()


def csv_chunks(
    header: list[str], rows: Iterable[list], *, text_columns: list[int], rows_per_chunk: int = 500
) -> Iterator[bytes]:
    """CSV (UTF-8 with BOM for spreadsheet programs, ``;``-separated as German
    spreadsheets expect) in chunks of rows; texts neutralised as every CSV of
    the portal (core.spreadsheets)."""
    writer = _csv_writer()
    yield csv_header(header)
    chunk: list[str] = []
    for row in rows:
        csv_texts(row, text_columns)
        chunk.append(writer.writerow(row))
        if len(chunk) >= rows_per_chunk:
            yield "".join(chunk).encode()
            chunk = []
    if chunk:
        yield "".join(chunk).encode()


def json_array_chunks(items: Iterable[dict], *, rows_per_chunk: int = 500) -> Iterator[bytes]:
    """A JSON array of objects, written item by item."""
    yield b"["
    first = True
    chunk: list[str] = []
    for item in items:
        chunk.append(("" if first else ",") + "\n" + json.dumps(item, ensure_ascii=False))
        first = False
        if len(chunk) >= rows_per_chunk:
            yield "".join(chunk).encode()
            chunk = []
    yield ("".join(chunk) + "\n]\n").encode()
