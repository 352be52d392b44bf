"""The project catalogue and the municipalities' software as open data.

``/opendata/projekte.csv|json``: the published projects (no contact persons);
``/opendata/publiccode.zip``: a publiccode.yml per published software project.
Both are registered with core.registry in ``ProjectsConfig.ready()`` for the
``/opendata/`` page and the DCAT-AP catalogue (core.opendata). Freshness comes
from one aggregate query plus the cache versions of the topics the rows show
(core.cache: every service that changes them raises them), so a rename, an
unpublished project or a deleted row changes the ETag too.
"""

from collections.abc import Iterator
from datetime import datetime
from typing import Any

from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import Count, Max, OuterRef
from django.db.models.functions import Greatest
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from core import cache
from core.downloads import streamed
from core.opendata.exports import (
    CHUNK,
    dataset_freshness,
    table_response,
    text,
    url_maker,
    zip_chunks,
)
from core.registry import CSV, JSON, Dataset, Distribution
from members.cache import MUNICIPALITIES
from members.models import Municipality
from projects import opendata_csv
from projects.cache import CATALOGUE, TOPICS
from projects.models import Participation, Project, Topic
from projects.publiccode import publiccode_projects
from projects.publiccode.export import publiccode_files

ZIP = Distribution(None, "application/zip", "ZIP", "ZIP (publiccode.yml)")


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
    # The lineage (isBasedOn): the adoption a project came out of, and its original.
    row = projects.aggregate(
        latest=Max("updated_at"),
        count=Count("pk"),
        lineage=Max(
            Greatest("based_on_adoption__updated_at", "based_on_adoption__project__updated_at")
        ),
    )
    adopted = projects.aggregate(latest=Max("adoptions__updated_at"))["latest"]
    cities = Municipality.objects.aggregate(latest=Max("updated_at"))["latest"]
    versions = tuple(cache.versions([CATALOGUE, TOPICS, MUNICIPALITIES]))
    latest = _latest(row["latest"], row["lineage"], adopted, cities)
    return latest, (row["count"], latest, versions)


PROJECTS = Dataset(
    order=10,
    key="projekte",
    url_name="projects:opendata-projects",
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
SOFTWARE = Dataset(
    order=40,
    key="publiccode",
    url_name="projects:opendata-publiccode",
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

# --- the catalogue's rows ------------------------------------------------------

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
    """Published projects, the columns of the open catalogue (no contacts);
    topics and partner cities as arrays of subqueries in the same statement."""
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


def project_rows() -> Iterator[list]:
    """The CSV's rows as the csv module takes them: what the lines PostgreSQL
    writes (``projects.opendata_csv``, the download) are tested against."""
    url = url_maker("projects:project-detail")
    for values in published_projects().iterator(chunk_size=CHUNK):
        row = [text(value) for value in values[:-1]]
        row[3] = " | ".join(row[3])
        row[6] = " | ".join(row[6])
        row.append(url(values[0]))
        yield row


def project_header() -> list[str]:
    return [name for _field, name in PROJECT_COLUMNS] + ["url"]


def project_items() -> Iterator[dict]:
    names = [name for _field, name in PROJECT_COLUMNS]
    url = url_maker("projects:project-detail")
    for values in published_projects().iterator(chunk_size=CHUNK):
        item = {name: text(value) for name, value in zip(names, values[:-1], strict=True)}
        item["url"] = url(values[0])
        yield item


def project_csv() -> Iterator[bytes]:
    """The CSV download: ``project_header`` and ``project_rows`` as the csv
    module writes them, each line written by PostgreSQL."""
    return opendata_csv.csv_chunks(project_header(), [field for field, _name in PROJECT_COLUMNS])


# --- views -----------------------------------------------------------------------


@require_safe
def projects_download(request: HttpRequest, extension: str) -> HttpResponse | StreamingHttpResponse:
    return table_response(
        request,
        PROJECTS,
        extension,
        header=project_header,
        rows=project_rows,
        items=project_items,
        text_columns=PROJECT_TEXT_COLUMNS,
        filename="ikone-projekte",
        csv_body=project_csv,
    )


@require_safe
def publiccode_bundle(request: HttpRequest) -> HttpResponse | StreamingHttpResponse:
    return streamed(
        request,
        dataset_freshness(SOFTWARE, "zip"),
        zip_chunks(publiccode_files(publiccode_projects())),
        content_type="application/zip",
        filename="ikone-publiccode.zip",
    )
