"""What the apps' open downloads share: value conversion, page URLs, the
CSV/JSON response of a table, the zip written file by file, freshness.

Each export is one query read in chunks through a server-side cursor
(``iterator(chunk_size=CHUNK)``): constant memory and a constant number of
queries however many rows there are.
"""

import zipfile
from collections.abc import Callable, Iterable, Iterator
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.urls import reverse

from core.downloads import Freshness, csv_chunks, json_array_chunks, streamed
from core.registry import Dataset, Distribution

CHUNK = 2000
BERLIN = ZoneInfo("Europe/Berlin")
CSV_TYPE = "text/csv; charset=utf-8"
JSON_TYPE = "application/json; charset=utf-8"


def text(value: Any) -> Any:
    """A value for CSV and JSON: exact decimals and ISO dates as text."""
    kind = type(value)
    if kind is str or value is None:
        return value
    if kind is Decimal:
        return f"{value:.2f}"
    if kind is datetime:
        return value.astimezone(BERLIN).isoformat()
    if kind is date:
        return value.isoformat()
    return value


def url_maker(view: str) -> Callable[[str], str]:
    """The absolute URL of ``view`` for a slug, resolved once: reversing it per
    row would take most of the time of a 100,000-row export (slugs need no
    quoting)."""
    marker = "slug-placeholder"
    prefix, suffix = (settings.SITE_URL + reverse(view, kwargs={"slug": marker})).split(marker)
    return lambda slug: f"{prefix}{slug}{suffix}"


def download_path(dataset: Dataset, distribution: Distribution) -> str:
    if distribution.extension is None:
        return reverse(dataset.url_name)
    return reverse(dataset.url_name, kwargs={"extension": distribution.extension})


def dataset_freshness(dataset: Dataset, fmt: str) -> Freshness:
    latest, state = dataset.freshness()
    return Freshness.of(latest, dataset.key, fmt, state)


def table_response(
    request: HttpRequest,
    dataset: Dataset,
    extension: str,
    *,
    header: Callable[[], list[str]],
    rows: Callable[[], Iterator[list]],
    items: Callable[[], Iterator[dict]],
    text_columns: list[int],
    filename: str,
    csv_body: Callable[[], Iterator[bytes]] | None = None,
) -> HttpResponse | StreamingHttpResponse:
    """A table as ``.csv`` or ``.json``, streamed, 304 when unchanged; any
    other extension is 404. ``csv_body``, if given, writes the CSV instead of
    ``header`` and ``rows`` (the same bytes, faster: projects.opendata_csv)."""
    if extension not in ("csv", "json"):
        raise Http404
    freshness = dataset_freshness(dataset, extension)
    if extension == "csv":
        if csv_body is not None:
            body = csv_body()
        else:
            body = csv_chunks(header(), rows(), text_columns=text_columns)
        return streamed(request, freshness, body, content_type=CSV_TYPE, filename=f"{filename}.csv")
    return streamed(
        request,
        freshness,
        json_array_chunks(items()),
        content_type=JSON_TYPE,
        filename=f"{filename}.json",
    )


class _ChunkSink:
    """A write-only file for zipfile whose written bytes are taken in chunks."""

    def __init__(self) -> None:
        self.chunks: list[bytes] = []
        self.position = 0

    def write(self, data: bytes) -> int:
        self.chunks.append(bytes(data))
        self.position += len(data)
        return len(data)

    def tell(self) -> int:
        return self.position

    def flush(self) -> None:
        pass

    def take(self) -> bytes:
        data = b"".join(self.chunks)
        self.chunks = []
        return data


def zip_chunks(files: Iterable[tuple[str, str]]) -> Iterator[bytes]:
    """A zip of ``(name, text)`` written file by file to a non-seekable sink
    (zipfile then uses data descriptors): one file in memory at a time."""
    sink = _ChunkSink()
    with zipfile.ZipFile(sink, mode="w", compression=zipfile.ZIP_DEFLATED) as archive:  # type: ignore[call-overload]
        for name, content in files:
            archive.writestr(name, content)
            yield sink.take()
    yield sink.take()
