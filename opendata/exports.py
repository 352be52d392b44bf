"""The rows of each open dataset: published data only, never personal data.

Each export is one query read in chunks through a server-side cursor
(``iterator``), with what belongs to a row (topics, partner cities) as arrays
of subqueries in the same statement: constant memory and a constant number of
queries however many rows there are.
"""

from collections.abc import Iterator
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import OuterRef
from django.urls import reverse

from events.models import Event
from members.models import Municipality
from projects.models import Participation, Project, Topic

CHUNK = 2000
BERLIN = ZoneInfo("Europe/Berlin")


def _text(value: Any) -> Any:
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


# --- projects ----------------------------------------------------------------

PROJECT_COLUMNS = [
    ("slug", "kurzname"),
    ("title", "titel"),
    ("summary", "kurzbeschreibung"),
    ("topic_names", "themenfelder"),
    ("lead_municipality__name", "federfuehrende_kommune"),
    ("lead_municipality__ags", "federfuehrende_kommune_ags"),
    ("partner_names", "partnerkommunen"),
    ("phase", "phase"),
    ("start_date", "beginn"),
    ("end_date", "ende"),
    ("investment_cost", "investitionskosten_eur"),
    ("running_cost_per_year", "laufende_kosten_pro_jahr_eur"),
    ("effort_person_days", "aufwand_personentage"),
    ("is_reusable", "nachnutzbar"),
    ("licence", "lizenz"),
    ("technologies", "technologien"),
    ("website", "website"),
    ("repository_url", "quellcode"),
    ("reuse_count", "nachnutzungen"),
    ("published_at", "veroeffentlicht_am"),
    ("updated_at", "geaendert_am"),
]
PROJECT_TEXT_COLUMNS = [0, 1, 2, 3, 4, 6, 14, 15, 16, 17]


def published_projects() -> Any:
    """Published projects, the columns of the open catalogue (no contacts)."""
    topics = Topic.objects.filter(projects=OuterRef("pk")).order_by("name").values("name")
    partners = (
        Participation.objects.filter(project=OuterRef("pk"))
        .order_by("municipality__name")
        .values("municipality__name")
    )
    return (
        Project.objects.published()
        .annotate(topic_names=ArraySubquery(topics), partner_names=ArraySubquery(partners))
        .order_by("pk")
        .values_list(*(field for field, _name in PROJECT_COLUMNS), "pk")
    )


def _url_maker(view: str) -> Any:
    """The absolute URL of ``view`` for a slug, resolved once: reversing it per
    row would take most of the time of a 100,000-row export (slugs need no
    quoting)."""
    marker = "slug-placeholder"
    prefix, suffix = (settings.SITE_URL + reverse(view, kwargs={"slug": marker})).split(marker)
    return lambda slug: f"{prefix}{slug}{suffix}"


def project_rows() -> Iterator[list]:
    url = _url_maker("projects:project-detail")
    for values in published_projects().iterator(chunk_size=CHUNK):
        row = [_text(value) for value in values[:-1]]
        row[3] = " | ".join(row[3])
        row[6] = " | ".join(row[6])
        row.append(url(values[0]))
        yield row


def project_header() -> list[str]:
    return [name for _field, name in PROJECT_COLUMNS] + ["url"]


def project_items() -> Iterator[dict]:
    names = [name for _field, name in PROJECT_COLUMNS]
    url = _url_maker("projects:project-detail")
    for values in published_projects().iterator(chunk_size=CHUNK):
        item = {name: _text(value) for name, value in zip(names, values[:-1], strict=True)}
        item["url"] = url(values[0])
        yield item


# --- municipalities ----------------------------------------------------------

MUNICIPALITY_COLUMNS = [
    ("slug", "kurzname"),
    ("name", "name"),
    ("official_name", "amtlicher_name"),
    ("kind", "art"),
    ("ags", "ags"),
    ("district", "landkreis"),
    ("population", "einwohnerzahl"),
    ("latitude", "breitengrad"),
    ("longitude", "laengengrad"),
    ("website", "website"),
    ("joined_on", "mitglied_seit"),
]
MUNICIPALITY_TEXT_COLUMNS = [0, 1, 2, 5, 9]


def member_municipalities() -> Any:
    return (
        Municipality.objects.members()
        .order_by("name", "pk")
        .values_list(*(field for field, _name in MUNICIPALITY_COLUMNS))
    )


def _coordinate(value: Any) -> Any:
    return None if value is None else str(value)


def municipality_rows() -> Iterator[list]:
    url = _url_maker("members:municipality-detail")
    for values in member_municipalities().iterator(chunk_size=CHUNK):
        row = [_text(value) for value in values]
        row[7], row[8] = _coordinate(values[7]), _coordinate(values[8])
        row.append(url(values[0]))
        yield row


def municipality_header() -> list[str]:
    return [name for _field, name in MUNICIPALITY_COLUMNS] + ["url"]


def municipality_items() -> Iterator[dict]:
    header = municipality_header()
    for row in municipality_rows():
        yield dict(zip(header, row, strict=True))


# --- meetings ----------------------------------------------------------------

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
    url = _url_maker("events:event-detail")
    for values in public_events().iterator(chunk_size=CHUNK):
        row = [_text(value) for value in values[:-1]]
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
