"""The member list as open data: ``/opendata/kommunen.csv|json``.

Registered with core.registry in ``MembersConfig.ready()`` for the
``/opendata/`` page and the DCAT-AP catalogue (core.opendata), which names
each member's AGS.
"""

from collections.abc import Iterator
from datetime import datetime, time
from typing import Any

from django.db.models import Count, Max, Q
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from core import cache
from core.opendata.exports import CHUNK, table_response, text, url_maker
from core.registry import CSV, JSON, Dataset
from members.cache import MUNICIPALITIES
from members.models import Municipality


def municipalities_freshness() -> tuple[datetime | None, tuple]:
    # Membership follows from the dates: the list changes at the midnight a
    # city joins or leaves, without a row changing.
    today = timezone.localdate()
    row = Municipality.objects.aggregate(
        latest=Max("updated_at"),
        count=Count("pk"),
        joined=Max("joined_on", filter=Q(joined_on__lte=today)),
        left=Max("left_on", filter=Q(left_on__lte=today)),
    )
    days = [day for day in (row["joined"], row["left"]) if day is not None]
    turned = (
        datetime.combine(max(days), time.min, tzinfo=timezone.get_current_timezone())
        if days
        else None
    )
    versions = tuple(cache.versions([MUNICIPALITIES]))
    known = [moment for moment in (row["latest"], turned) if moment is not None]
    latest = max(known) if known else None
    return latest, (row["count"], latest, today, versions)


def member_keys() -> Iterator[str]:
    """The AGS of today's members, for the catalogue's political geocoding."""
    return (
        Municipality.objects.members()
        .exclude(ags="")
        .order_by("ags")
        .values_list("ags", flat=True)
        .iterator()
    )


MUNICIPALITIES_DATASET = Dataset(
    order=20,
    key="kommunen",
    url_name="members:opendata-municipalities",
    title=_("Mitgliedskommunen des Netzwerks IKONE-DS"),
    title_en="Member municipalities of the IKONE-DS network",
    description=_(
        "Die Kommunen, die heute Mitglied im Interkommunalen Netzwerk Digitale Stadt sind: "
        "Name, amtlicher Name, Art, Amtlicher Gemeindeschlüssel, Landkreis, Einwohnerzahl, "
        "Koordinaten, Website und Beitrittsdatum."
    ),
    description_en=(
        "The municipalities that are members of the inter-municipal network Digitale Stadt "
        "today: name, official name, kind, official municipality key (AGS), district, "
        "population, coordinates, website and date of joining."
    ),
    themes=("GOVE", "REGI"),
    keywords=("Kommunen", "Gemeindeschlüssel", "Netzwerk", "Rheinland-Pfalz"),
    distributions=(CSV, JSON),
    freshness=municipalities_freshness,
    municipality_keys=member_keys,
)

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
    url = url_maker("members:municipality-detail")
    for values in member_municipalities().iterator(chunk_size=CHUNK):
        row = [text(value) for value in values]
        row[7], row[8] = _coordinate(values[7]), _coordinate(values[8])
        row.append(url(values[0]))
        yield row


def municipality_header() -> list[str]:
    return [name for _field, name in MUNICIPALITY_COLUMNS] + ["url"]


def municipality_items() -> Iterator[dict]:
    header = municipality_header()
    for row in municipality_rows():
        yield dict(zip(header, row, strict=True))


@require_safe
def municipalities_download(
    request: HttpRequest, extension: str
) -> HttpResponse | StreamingHttpResponse:
    return table_response(
        request,
        MUNICIPALITIES_DATASET,
        extension,
        header=municipality_header,
        rows=municipality_rows,
        items=municipality_items,
        text_columns=MUNICIPALITY_TEXT_COLUMNS,
        filename="ikone-kommunen",
    )
