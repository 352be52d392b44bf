"""The network's meetings as open data: ``/opendata/termine.ics|csv|json``.

Registered with core.registry in ``EventsConfig.ready()`` for the
``/opendata/`` page and the DCAT-AP catalogue (core.opendata). Published and
cancelled meetings, as the calendar feed; never participants, never the
online link.
"""

from collections.abc import Iterator
from datetime import datetime
from typing import Any

from django.db.models import Count, Max
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from core.downloads import streamed
from core.opendata.exports import CHUNK, dataset_freshness, table_response, text, url_maker
from core.registry import CSV, ICAL, JSON, Dataset
from events import ical
from events import selectors as event_selectors
from events.models import Event
from members.models import Municipality


def events_freshness() -> tuple[datetime | None, tuple]:
    row = Event.objects.aggregate(latest=Max("updated_at"), count=Count("pk"))
    cities = Municipality.objects.aggregate(latest=Max("updated_at"))["latest"]
    known = [moment for moment in (row["latest"], cities) if moment is not None]
    return (max(known) if known else None), (row["count"], row["latest"], cities)


EVENTS = Dataset(
    order=30,
    key="termine",
    url_name="events:opendata-events",
    title=_("Termine des Netzwerks IKONE-DS"),
    title_en="Meetings of the IKONE-DS network",
    description=_(
        "Netzwerktreffen, Workshops, Webinare und Märkte der Projekte: Titel, Art, Status "
        "(auch abgesagte), Beginn und Ende, Ort und gastgebende Kommune. Ohne Teilnehmende "
        "und ohne Zugangslinks."
    ),
    description_en=(
        "Network meetings, workshops, webinars and project markets: title, kind, status "
        "(cancelled ones included), start and end, place and host municipality. Without "
        "participants and without access links."
    ),
    themes=("GOVE", "EDUC"),
    keywords=("Termine", "Veranstaltungen", "Netzwerktreffen", "Rheinland-Pfalz"),
    distributions=(ICAL, CSV, JSON),
    freshness=events_freshness,
)

EVENT_COLUMNS = [
    ("slug", "kurzname"),
    ("title", "titel"),
    ("kind", "art"),
    ("status", "status"),
    ("starts_at", "beginn"),
    ("ends_at", "ende"),
    ("venue", "ort"),
    ("address", "anschrift"),
    ("host_municipality__name", "gastgebende_kommune"),
    ("updated_at", "geaendert_am"),
]
EVENT_TEXT_COLUMNS = [0, 1, 6, 7, 8]


def public_events() -> Any:
    """Published and cancelled meetings (as the calendar feed); the online
    link is only for registered participants and stays out."""
    return (
        Event.objects.filter(status__in=[Event.Status.PUBLISHED, Event.Status.CANCELLED])
        .order_by("starts_at", "pk")
        .values_list(*(field for field, _name in EVENT_COLUMNS), "online_url")
    )


def event_rows() -> Iterator[list]:
    url = url_maker("events:event-detail")
    for values in public_events().iterator(chunk_size=CHUNK):
        row = [text(value) for value in values[:-1]]
        row[7] = " ".join((row[7] or "").split())
        row.append("ja" if values[-1] else "nein")
        row.append(url(values[0]))
        yield row


def event_header() -> list[str]:
    return [name for _field, name in EVENT_COLUMNS] + ["online", "url"]


def event_items() -> Iterator[dict]:
    header = event_header()
    for row in event_rows():
        item = dict(zip(header, row, strict=True))
        item["online"] = item["online"] == "ja"
        yield item


def _calendar_body() -> Iterator[bytes]:
    # A generator: a 304 never reads the meetings.
    yield ical.feed_calendar(event_selectors.event_feed())


@require_safe
def events_download(request: HttpRequest, extension: str) -> HttpResponse | StreamingHttpResponse:
    if extension == "ics":
        return streamed(
            request,
            dataset_freshness(EVENTS, extension),
            _calendar_body(),
            content_type="text/calendar; charset=utf-8",
            filename="ikone-termine.ics",
        )
    return table_response(
        request,
        EVENTS,
        extension,
        header=event_header,
        rows=event_rows,
        items=event_items,
        text_columns=EVENT_TEXT_COLUMNS,
        filename="ikone-termine",
    )
