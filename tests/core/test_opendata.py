"""/opendata/: the page and the DCAT-AP catalogue of the datasets the apps
register (core.registry), and what every download shares: 304 when unchanged,
404 for an unknown format, read-only."""

from datetime import UTC, datetime

import pytest
from django.http import StreamingHttpResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy
from rdflib import RDF, Graph
from rdflib.namespace import DCAT, DCTERMS

from core.registry import CSV, Dataset, Registry, registry
from projects.models import Adoption
from tests.projects.factories import AdoptionFactory, ParticipationFactory, ProjectFactory


def body(response) -> bytes:
    assert isinstance(response, StreamingHttpResponse)
    return b"".join(response.streaming_content)


@pytest.fixture
def catalogue(speyer, landau):
    software = ProjectFactory(
        slug="mit-formel",
        lead_municipality=speyer,
        licence="EUPL-1.2",
        repository_url="https://example.org/formel.git",
    )
    ParticipationFactory(project=software, municipality=landau)
    AdoptionFactory(project=software, municipality=landau, status=Adoption.Status.OPERATING)
    return software


def test_the_page_lists_every_dataset_in_german(client, db):
    response = client.get(reverse("opendata:index"))
    assert response.status_code == 200
    text = response.content.decode()
    assert "Datenlizenz Deutschland" in text
    for url in (
        "/opendata/projekte.csv",
        "/opendata/projekte.json",
        "/opendata/kommunen.csv",
        "/opendata/kommunen.json",
        "/opendata/termine.ics",
        "/opendata/termine.csv",
        "/opendata/termine.json",
        "/opendata/publiccode.zip",
        "/opendata/catalog.ttl",
        "/opendata/catalog.rdf",
        "/opendata/catalog.jsonld",
    ):
        assert url in text


@pytest.mark.parametrize(
    "url",
    [
        "/opendata/projekte.csv",
        "/opendata/projekte.json",
        "/opendata/kommunen.csv",
        "/opendata/termine.ics",
        "/opendata/termine.json",
        "/opendata/publiccode.zip",
        "/opendata/catalog.ttl",
        "/opendata/catalog.jsonld",
    ],
)
def test_unchanged_data_answers_304(client, catalogue, url):
    first = client.get(url)
    assert first.status_code == 200
    body(first)
    assert first["ETag"].startswith('"') and first["Last-Modified"]
    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 304


@pytest.mark.parametrize(
    "url", ["/opendata/projekte.xlsx", "/opendata/kommunen.ics", "/opendata/termine.xml"]
)
def test_unknown_formats_are_404(client, db, url):
    assert client.get(url).status_code == 404


def test_downloads_are_read_only(client, db):
    assert client.post("/opendata/projekte.csv").status_code == 405


def _extra_dataset(**overrides) -> Dataset:
    values = {
        "order": 50,
        "key": "weitere",
        "url_name": "events:opendata-events",
        "title": gettext_lazy("Weitere Daten"),
        "title_en": "Further data",
        "description": gettext_lazy("Nur für den Test."),
        "description_en": "For the test only.",
        "themes": ("GOVE",),
        "keywords": ("Test",),
        "distributions": (CSV,),
        "freshness": lambda: (datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC), ("fest",)),
    }
    return Dataset(**(values | overrides))


def test_the_page_and_the_catalogue_describe_whatever_is_registered(client, db, monkeypatch):
    monkeypatch.setattr(registry, "datasets", [*registry.datasets, _extra_dataset()])
    page = client.get(reverse("opendata:index")).content.decode()
    assert "Weitere Daten" in page and 'id="weitere"' in page
    response = client.get(reverse("opendata:catalog", kwargs={"extension": "ttl"}))
    graph = Graph().parse(data=b"".join(response.streaming_content), format="turtle")
    datasets = {str(node).rsplit("#", 1)[1] for node in graph.subjects(RDF.type, DCAT.Dataset)}
    assert datasets == {"projekte", "kommunen", "termine", "publiccode", "weitere"}
    extra = next(node for node in graph.subjects(RDF.type, DCAT.Dataset) if "weitere" in node)
    assert graph.value(extra, DCTERMS.modified).toPython().year == 2026


def test_every_app_registers_its_datasets_in_order(db):
    assert [dataset.key for dataset in registry.datasets] == [
        "projekte",
        "kommunen",
        "termine",
        "publiccode",
    ]


def test_a_dataset_is_registered_once_and_its_key_is_unique():
    own = Registry()
    dataset = _extra_dataset()
    own.add_dataset(dataset)
    own.add_dataset(dataset)  # ready() may run twice
    assert own.datasets == [dataset]
    with pytest.raises(ValueError, match="weitere"):
        own.add_dataset(_extra_dataset(title_en="Another"))
