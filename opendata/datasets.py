"""The open datasets: what each is, its downloads, and how fresh it is.

One description serves the page (``/opendata/``), the DCAT-AP catalogue and
the downloads' ``ETag``/``Last-Modified`` (core.downloads). Freshness comes
from one aggregate query per dataset (the latest change and the count) plus
the cache versions of the topics its rows show (core.cache: every service
that changes them raises them), so a rename, an unpublished project or a
deleted row changes the ETag too.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, time

from django.db.models import Count, Max, Q
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from core import cache
from core.downloads import Freshness
from events.models import Event
from members.cache import MUNICIPALITIES
from members.models import Municipality
from projects.cache import CATALOGUE, TOPICS
from projects.models import Project


@dataclass(frozen=True)
class Distribution:
    extension: str
    media_type: str
    # EU file-type vocabulary (publications.europa.eu/resource/authority/file-type)
    file_type: str
    label: str


@dataclass(frozen=True)
class Dataset:
    key: str
    url_name: str
    title: Promise
    title_en: str
    description: Promise
    description_en: str
    # EU data-theme vocabulary
    themes: tuple[str, ...]
    keywords: tuple[str, ...]
    distributions: tuple[Distribution, ...]
    freshness: Callable[[], tuple[datetime | None, tuple]] = field(repr=False)


CSV = Distribution("csv", "text/csv", "CSV", "CSV")
JSON = Distribution("json", "application/json", "JSON", "JSON")
ICAL = Distribution("ics", "text/calendar", "ICS", "iCalendar")
ZIP = Distribution("zip", "application/zip", "ZIP", "ZIP (publiccode.yml)")


def _latest(*moments: datetime | None) -> datetime | None:
    known = [moment for moment in moments if moment is not None]
    return max(known) if known else None


def projects_freshness() -> tuple[datetime | None, tuple]:
    row = Project.objects.published().aggregate(latest=Max("updated_at"), count=Count("pk"))
    cities = Municipality.objects.aggregate(latest=Max("updated_at"))["latest"]
    versions = tuple(cache.versions([CATALOGUE, TOPICS, MUNICIPALITIES]))
    return _latest(row["latest"], cities), (row["count"], row["latest"], cities, versions)


def software_freshness() -> tuple[datetime | None, tuple]:
    projects = Project.objects.published().exclude(repository_url="")
    row = projects.aggregate(latest=Max("updated_at"), count=Count("pk"))
    adopted = projects.aggregate(latest=Max("adoptions__updated_at"))["latest"]
    cities = Municipality.objects.aggregate(latest=Max("updated_at"))["latest"]
    versions = tuple(cache.versions([CATALOGUE, TOPICS, MUNICIPALITIES]))
    latest = _latest(row["latest"], adopted, cities)
    return latest, (row["count"], latest, versions)


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
    latest = _latest(row["latest"], turned)
    return latest, (row["count"], latest, today, versions)


def events_freshness() -> tuple[datetime | None, tuple]:
    row = Event.objects.aggregate(latest=Max("updated_at"), count=Count("pk"))
    cities = Municipality.objects.aggregate(latest=Max("updated_at"))["latest"]
    return _latest(row["latest"], cities), (row["count"], row["latest"], cities)


PROJECTS = Dataset(
    key="projekte",
    url_name="opendata:projects",
    title=_("Projektkatalog des Netzwerks IKONE-DS"),
    title_en="Project catalogue of the IKONE-DS network",
    description=_(
        "Die veröffentlichten Digitalisierungsprojekte der Mitgliedskommunen: Titel, "
        "Kurzbeschreibung, Themenfelder, federführende und beteiligte Kommunen, Phase, Zeitraum, "
        "Kosten, Aufwand, Lizenz, Technologien und Zahl der Nachnutzungen. Ohne "
        "Ansprechpersonen."
    ),
    description_en=(
        "The published digitalisation projects of the member municipalities: title, summary, "
        "topics, lead and partner municipalities, phase, period, costs, effort, licence, "
        "technologies and number of adoptions. Without contact persons."
    ),
    themes=("GOVE", "TECH"),
    keywords=("Digitalisierung", "Smart City", "Nachnutzung", "Kommunen", "Rheinland-Pfalz"),
    distributions=(CSV, JSON),
    freshness=projects_freshness,
)
MUNICIPALITIES_DATASET = Dataset(
    key="kommunen",
    url_name="opendata:municipalities",
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
)
EVENTS = Dataset(
    key="termine",
    url_name="opendata:events",
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
SOFTWARE = Dataset(
    key="publiccode",
    url_name="opendata:publiccode",
    title=_("Software der Kommunen als publiccode.yml"),
    title_en="Municipal software as publiccode.yml",
    description=_(
        "Für jedes veröffentlichte Softwareprojekt mit öffentlichem Quellcode eine "
        "publiccode.yml (der offene Standard für Software der öffentlichen Hand) mit "
        "Beschreibung, Lizenz, Entwicklungsstand und den Kommunen, die die Software "
        "im Betrieb nachnutzen."
    ),
    description_en=(
        "A publiccode.yml (the open standard for public-sector software) for every published "
        "software project with public source code: description, licence, development status "
        "and the municipalities running it."
    ),
    themes=("GOVE", "TECH"),
    keywords=("publiccode.yml", "Open Source", "Software", "Nachnutzung"),
    distributions=(ZIP,),
    freshness=software_freshness,
)
DATASETS = (PROJECTS, MUNICIPALITIES_DATASET, EVENTS, SOFTWARE)


def dataset_freshness(dataset: Dataset, fmt: str) -> Freshness:
    latest, state = dataset.freshness()
    return Freshness.of(latest, dataset.key, fmt, state)
