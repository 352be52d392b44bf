"""The DCAT-AP catalogue: valid against the official DCAT-AP 3.0.1 SHACL shapes
(pinned in tests/core/data, see its README), in all three serialisations."""

import io
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from pyshacl import validate
from rdflib import RDF, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF

from projects.models import Project
from tests.projects.factories import ProjectFactory

SH = Namespace("http://www.w3.org/ns/shacl#")
DATA = Path(__file__).parent / "data" / "dcat-ap-3.0.1"
FORMATS = {"ttl": "turtle", "rdf": "xml", "jsonld": "json-ld"}


@pytest.fixture
def demo(db, settings):
    """The demo network of load_demo (which refuses to run with DEBUG off)."""
    settings.DEBUG = True
    call_command("load_demo", stdout=io.StringIO())
    settings.DEBUG = False


@pytest.fixture(scope="module")
def shapes() -> Graph:
    graph = Graph()
    for name in ("shapes.ttl", "range.ttl", "shapes_recommended.ttl"):
        graph.parse(DATA / name, format="turtle")
    return graph


def catalogue(client, extension: str) -> Graph:
    response = client.get(reverse("opendata:catalog", kwargs={"extension": extension}))
    assert response.status_code == 200
    body = b"".join(response.streaming_content)
    return Graph().parse(data=body, format=FORMATS[extension])


@pytest.mark.parametrize("extension", ["ttl", "rdf", "jsonld"])
def test_the_catalogue_conforms_to_dcat_ap_3(client, demo, shapes, extension):
    graph = catalogue(client, extension)
    conforms, report, text = validate(
        graph, shacl_graph=shapes, inference="none", abort_on_first=False, allow_warnings=True
    )
    assert conforms, text  # no violation
    # Of the recommendations (warnings) only one is missed: the data have no end.
    warnings = {
        str(report.value(result, SH.resultPath))
        for result in report.subjects(RDF.type, SH.ValidationResult)
    }
    assert warnings <= {str(DCAT.endDate)}, text


def test_the_catalogue_describes_every_dataset_and_its_downloads(client, demo):
    graph = catalogue(client, "ttl")
    catalog = next(graph.subjects(RDF.type, DCAT.Catalog))
    datasets = set(graph.objects(catalog, DCAT.dataset))
    assert len(datasets) == 4
    for dataset in datasets:
        titles = {title.language for title in graph.objects(dataset, DCTERMS.title)}
        assert titles == {"de", "en"}
        assert (dataset, DCTERMS.modified, None) in graph
        assert (dataset, DCAT.theme, None) in graph
        assert (dataset, DCTERMS.spatial, URIRef("http://data.europa.eu/nuts/code/DEB")) in graph
        contact = graph.value(dataset, DCAT.contactPoint)
        assert str(graph.value(contact, URIRef("http://www.w3.org/2006/vcard/ns#hasEmail")))
        for distribution in graph.objects(dataset, DCAT.distribution):
            assert (
                distribution,
                DCTERMS.license,
                URIRef("http://dcat-ap.de/def/licenses/dl-by-de/2.0"),
            ) in graph
            download = str(graph.value(distribution, DCAT.downloadURL))
            path = download.split("://", 1)[1].split("/", 1)[1]
            response = client.get(f"/{path}")
            assert response.status_code == 200, download
            assert graph.value(distribution, DCAT.mediaType) is not None


def test_the_publisher_is_the_coordinating_body_and_no_person(client, demo, settings):
    graph = catalogue(client, "ttl")
    publisher = next(graph.subjects(RDF.type, FOAF.Agent))
    assert graph.value(publisher, FOAF.name) == Literal(settings.OPENDATA_PUBLISHER_NAME, lang="de")
    text = graph.serialize(format="turtle")
    assert f"mailto:{settings.OPENDATA_CONTACT_EMAIL}" in text


def test_the_member_list_names_the_members_ags(client, demo):
    graph = catalogue(client, "ttl")
    keys = {
        str(key)
        for key in graph.objects(None, URIRef("http://dcat-ap.de/def/dcatde/politicalGeocodingURI"))
    }
    assert "http://dcat-ap.de/def/politicalGeocoding/municipalityKey/07312000" in keys
    assert "http://dcat-ap.de/def/politicalGeocoding/stateKey/07" in keys


def test_modified_follows_the_data(client, demo):
    graph = catalogue(client, "ttl")
    dataset = next(
        subject
        for subject in graph.subjects(RDF.type, DCAT.Dataset)
        if str(subject).endswith("#projekte")
    )
    before = graph.value(dataset, DCTERMS.modified).toPython()
    project = ProjectFactory(title="Neu veröffentlicht", state=Project.State.PUBLISHED)
    later = before + timedelta(hours=1)
    Project.objects.filter(pk=project.pk).update(updated_at=later)
    after = catalogue(client, "ttl")
    assert after.value(dataset, DCTERMS.modified).toPython() == later


def test_an_unknown_serialisation_is_404(client, db):
    assert client.get("/opendata/catalog.xml").status_code == 404


def test_the_govdata_contributor_id_when_configured(client, demo, settings, shapes):
    settings.OPENDATA_CONTRIBUTOR_ID = "http://dcat-ap.de/def/contributors/ikone"
    graph = catalogue(client, "ttl")
    contributor = URIRef("http://dcat-ap.de/def/dcatde/contributorID")
    datasets = set(graph.subjects(RDF.type, DCAT.Dataset))
    assert {graph.value(dataset, contributor) for dataset in datasets} == {
        URIRef(settings.OPENDATA_CONTRIBUTOR_ID)
    }
    conforms, _report, text = validate(graph, shacl_graph=shapes, allow_warnings=True)
    assert conforms, text
