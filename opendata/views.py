"""``/opendata/``: the page, the downloads and the DCAT-AP catalogue.

Everyone may read them: published data only. Downloads stream and answer
"changed since?" with 304 (core.downloads)."""

import zipfile
from collections.abc import Iterator

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from core.downloads import Freshness, csv_chunks, json_array_chunks, streamed
from events import ical
from events import selectors as event_selectors
from opendata import dcat, exports
from opendata.datasets import (
    DATASETS,
    EVENTS,
    MUNICIPALITIES_DATASET,
    PROJECTS,
    SOFTWARE,
    dataset_freshness,
)
from projects.publiccode import publiccode_projects
from projects.publiccode.export import publiccode_files

CSV_TYPE = "text/csv; charset=utf-8"
JSON_TYPE = "application/json; charset=utf-8"


@require_safe
def index(request: HttpRequest) -> HttpResponse:
    rows = []
    for dataset in DATASETS:
        latest, _state = dataset.freshness()
        links = [
            (
                distribution.label,
                reverse(dataset.url_name)
                if distribution.extension == "zip"
                else reverse(dataset.url_name, kwargs={"extension": distribution.extension}),
            )
            for distribution in dataset.distributions
        ]
        rows.append({"dataset": dataset, "modified": latest, "links": links})
    catalogue = [
        (label, reverse("opendata:catalog", kwargs={"extension": extension}))
        for label, extension in (("Turtle", "ttl"), ("RDF/XML", "rdf"), ("JSON-LD", "jsonld"))
    ]
    return render(
        request,
        "opendata/index.html",
        {
            "rows": rows,
            "catalogue": catalogue,
            "attribution": dcat.attribution(),
            "publisher": settings.OPENDATA_PUBLISHER_NAME,
            "contact_email": settings.OPENDATA_CONTACT_EMAIL,
        },
    )


@require_safe
def catalog(request: HttpRequest, extension: str) -> HttpResponse:
    if extension not in dcat.FORMATS:
        raise Http404
    latest, state = dcat.catalogue_freshness_state()
    # The publisher's settings are part of it: a new deployment may change them.
    configured = (
        settings.OPENDATA_PUBLISHER_NAME,
        settings.OPENDATA_PUBLISHER_URL,
        settings.OPENDATA_PUBLISHER_TYPE,
        settings.OPENDATA_CONTACT_EMAIL,
        settings.OPENDATA_CONTRIBUTOR_ID,
        settings.SITE_URL,
    )
    freshness = Freshness.of(latest, "catalog", extension, state, configured)
    return streamed(
        request,
        freshness,
        _catalogue_body(extension),
        content_type=dcat.MEDIA_TYPES[extension],
    )


def _catalogue_body(extension: str) -> Iterator[bytes]:
    # A generator: a 304 never builds the graph.
    yield dcat.serialise(dcat.catalogue_graph(), extension)


def _table(request, dataset, extension, *, header, rows, items, text_columns, filename):
    if extension not in ("csv", "json"):
        raise Http404
    freshness = dataset_freshness(dataset, extension)
    if extension == "csv":
        body = csv_chunks(header(), rows(), text_columns=text_columns)
        return streamed(request, freshness, body, content_type=CSV_TYPE, filename=f"{filename}.csv")
    return streamed(
        request,
        freshness,
        json_array_chunks(items()),
        content_type=JSON_TYPE,
        filename=f"{filename}.json",
    )


@require_safe
def projects(request: HttpRequest, extension: str) -> HttpResponse:
    return _table(
        request,
        PROJECTS,
        extension,
        header=exports.project_header,
        rows=exports.project_rows,
        items=exports.project_items,
        text_columns=exports.PROJECT_TEXT_COLUMNS,
        filename="ikone-projekte",
    )


@require_safe
def municipalities(request: HttpRequest, extension: str) -> HttpResponse:
    return _table(
        request,
        MUNICIPALITIES_DATASET,
        extension,
        header=exports.municipality_header,
        rows=exports.municipality_rows,
        items=exports.municipality_items,
        text_columns=exports.MUNICIPALITY_TEXT_COLUMNS,
        filename="ikone-kommunen",
    )


@require_safe
def events(request: HttpRequest, extension: str) -> HttpResponse:
    if extension == "ics":
        freshness = dataset_freshness(EVENTS, extension)
        return streamed(
            request,
            freshness,
            _calendar_body(),
            content_type="text/calendar; charset=utf-8",
            filename="ikone-termine.ics",
        )
    return _table(
        request,
        EVENTS,
        extension,
        header=exports.event_header,
        rows=exports.event_rows,
        items=exports.event_items,
        text_columns=exports.EVENT_TEXT_COLUMNS,
        filename="ikone-termine",
    )


def _calendar_body() -> Iterator[bytes]:
    yield ical.feed_calendar(event_selectors.event_feed())


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


def _zip_body() -> Iterator[bytes]:
    """The zip written file by file to a non-seekable sink (zipfile then uses
    data descriptors): one file in memory at a time."""
    sink = _ChunkSink()
    with zipfile.ZipFile(sink, mode="w", compression=zipfile.ZIP_DEFLATED) as archive:  # type: ignore[arg-type]
        for name, text in publiccode_files(publiccode_projects()):
            archive.writestr(name, text)
            yield sink.take()
    yield sink.take()


@require_safe
def publiccode_bundle(request: HttpRequest) -> HttpResponse:
    freshness = dataset_freshness(SOFTWARE, "zip")
    return streamed(
        request,
        freshness,
        _zip_body(),
        content_type="application/zip",
        filename="ikone-publiccode.zip",
    )
