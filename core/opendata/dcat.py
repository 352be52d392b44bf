"""The DCAT-AP catalogue of the open datasets (rdflib), for GovData.

DCAT-AP 3.0 with the conventions of DCAT-AP.de 2.0: titles and descriptions
in German and English, the publisher (the network's coordinating body,
``OPENDATA_PUBLISHER_*``), a functional mailbox as contact point
(``OPENDATA_CONTACT_EMAIL``), the licence Datenlizenz Deutschland –
Namensnennung 2.0 from the DCAT-AP.de licence vocabulary with its attribution
text, themes from the EU data-theme vocabulary, Rhineland-Palatinate as
spatial coverage (NUTS ``DEB`` and the state key ``07``; the member list also
names each member's AGS), ``modified`` from the data, formats and media types,
access and download URLs. Every resource the catalogue points to is typed, as
the DCAT-AP ranges expect. ``tests/core/test_dcat.py`` validates it with
pySHACL against the official DCAT-AP 3.0.1 shapes.

It describes the datasets the apps register (``core.registry.Dataset``); a
dataset with ``municipality_keys`` names each municipality's AGS too.
"""

from datetime import date, datetime

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from rdflib import RDF, XSD, BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, SKOS

from core.opendata.exports import download_path
from core.registry import Dataset, Distribution, registry

VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
DCATDE = Namespace("http://dcat-ap.de/def/dcatde/")
THEME = Namespace("http://publications.europa.eu/resource/authority/data-theme/")
FILE_TYPE = Namespace("http://publications.europa.eu/resource/authority/file-type/")
LANGUAGE = URIRef("http://publications.europa.eu/resource/authority/language/DEU")
PUBLIC = URIRef("http://publications.europa.eu/resource/authority/access-right/PUBLIC")
LICENCE = URIRef("http://dcat-ap.de/def/licenses/dl-by-de/2.0")
RHINELAND_PALATINATE = URIRef("http://data.europa.eu/nuts/code/DEB")
STATE_KEY = URIRef("http://dcat-ap.de/def/politicalGeocoding/stateKey/07")
STATE_LEVEL = URIRef("http://dcat-ap.de/def/politicalGeocodingLevel/state")
MUNICIPALITY_LEVEL = URIRef("http://dcat-ap.de/def/politicalGeocodingLevel/municipality")
MUNICIPALITY_KEY = "http://dcat-ap.de/def/politicalGeocoding/municipalityKey/"
IANA = "https://www.iana.org/assignments/media-types/"
DCAT_AP_DE = URIRef("http://dcat-ap.de/def/dcatde/2.0")
DCATAP = Namespace("http://data.europa.eu/r5r/")
GSP = Namespace("http://www.opengis.net/ont/geosparql#")
STABLE = URIRef("http://publications.europa.eu/resource/authority/planned-availability/STABLE")
ATTRIBUTION = URIRef("http://purl.org/adms/licencetype/Attribution")
PUBLISHER_TYPE = "http://purl.org/adms/publishertype/"
THEME_SCHEME = URIRef("http://publications.europa.eu/resource/authority/data-theme")
# The labels of the EU data themes the datasets use.
THEME_LABELS = {
    "GOVE": ("Regierung und öffentlicher Sektor", "Government and public sector"),
    "TECH": ("Wissenschaft und Technologie", "Science and technology"),
    "REGI": ("Regionen und Städte", "Regions and cities"),
    "EDUC": ("Bildung, Kultur und Sport", "Education, culture and sport"),
}
# Rhineland-Palatinate, approximately (its extent is about 6.1–8.5° E, 49.0–50.9° N).
STATE_CENTROID = "POINT(7.45 49.91)"
STATE_BBOX = "POLYGON((6.11 48.96,8.51 48.96,8.51 50.95,6.11 50.95,6.11 48.96))"
# The network was founded in April 2019: its data begin there.
NETWORK_FOUNDED = date(2019, 4, 25)

FORMATS = {"ttl": "turtle", "rdf": "xml", "jsonld": "json-ld"}
MEDIA_TYPES = {
    "ttl": "text/turtle; charset=utf-8",
    "rdf": "application/rdf+xml; charset=utf-8",
    "jsonld": "application/ld+json; charset=utf-8",
}


def _url(path: str) -> URIRef:
    return URIRef(f"{settings.SITE_URL}{path}")


def _texts(graph: Graph, subject, predicate, german: str, english: str) -> None:
    graph.add((subject, predicate, Literal(german, lang="de")))
    graph.add((subject, predicate, Literal(english, lang="en")))


def _date(moment: datetime | None) -> Literal | None:
    if moment is None:
        return None
    return Literal(moment.replace(microsecond=0).isoformat(), datatype=XSD.dateTime)


def _typed(graph: Graph, resource: URIRef, rdf_type: URIRef) -> URIRef:
    graph.add((resource, RDF.type, rdf_type))
    return resource


def _publisher(graph: Graph) -> URIRef:
    publisher = URIRef(settings.OPENDATA_PUBLISHER_URL)
    graph.add((publisher, RDF.type, FOAF.Agent))
    graph.add((publisher, RDF.type, FOAF.Organization))
    graph.add((publisher, FOAF.name, Literal(settings.OPENDATA_PUBLISHER_NAME, lang="de")))
    kind = URIRef(PUBLISHER_TYPE + settings.OPENDATA_PUBLISHER_TYPE)
    _concept(graph, kind, settings.OPENDATA_PUBLISHER_TYPE, settings.OPENDATA_PUBLISHER_TYPE)
    graph.add((publisher, DCTERMS.type, kind))
    return publisher


def _concept(graph: Graph, concept: URIRef, german: str, english: str) -> URIRef:
    graph.add((concept, RDF.type, SKOS.Concept))
    _texts(graph, concept, SKOS.prefLabel, german, english)
    return concept


def _licence(graph: Graph) -> URIRef:
    graph.add((LICENCE, RDF.type, DCTERMS.LicenseDocument))
    graph.add((LICENCE, DCTERMS.type, _concept(graph, ATTRIBUTION, "Namensnennung", "Attribution")))
    return LICENCE


def _contact(graph: Graph) -> BNode:
    contact = BNode("kontakt")
    graph.add((contact, RDF.type, VCARD.Kind))
    graph.add((contact, RDF.type, VCARD.Organization))
    graph.add((contact, VCARD.fn, Literal(settings.OPENDATA_PUBLISHER_NAME)))
    graph.add((contact, VCARD.hasEmail, URIRef(f"mailto:{settings.OPENDATA_CONTACT_EMAIL}")))
    return contact


def _spatial(graph: Graph) -> URIRef:
    _typed(graph, RHINELAND_PALATINATE, DCTERMS.Location)
    graph.add(
        (RHINELAND_PALATINATE, DCAT.centroid, Literal(STATE_CENTROID, datatype=GSP.wktLiteral))
    )
    graph.add((RHINELAND_PALATINATE, DCAT.bbox, Literal(STATE_BBOX, datatype=GSP.wktLiteral)))
    return RHINELAND_PALATINATE


def _temporal(graph: Graph) -> BNode:
    period = BNode("zeitraum")
    graph.add((period, RDF.type, DCTERMS.PeriodOfTime))
    graph.add((period, DCAT.startDate, Literal(NETWORK_FOUNDED.isoformat(), datatype=XSD.date)))
    return period


def _distribution(
    graph: Graph, dataset: Dataset, distribution: Distribution, modified: Literal | None
) -> URIRef:
    url = _url(download_path(dataset, distribution))
    node = URIRef(f"{url}#distribution")
    graph.add((node, RDF.type, DCAT.Distribution))
    _texts(
        graph,
        node,
        DCTERMS.title,
        f"{dataset.title} ({distribution.label})",
        f"{dataset.title_en} ({distribution.label})",
    )
    graph.add((node, DCAT.accessURL, _typed(graph, url, RDFS_RESOURCE)))
    graph.add((node, DCAT.downloadURL, url))
    media_type = _typed(graph, URIRef(IANA + distribution.media_type), DCTERMS.MediaType)
    graph.add((node, DCAT.mediaType, media_type))
    if distribution.file_type:
        file_type = _typed(graph, FILE_TYPE[distribution.file_type], DCTERMS.MediaTypeOrExtent)
        graph.add((node, DCTERMS.format, file_type))
    _texts(
        graph,
        node,
        DCTERMS.description,
        f"{dataset.title} als {distribution.label}, täglich aktuell aus dem IKONE-Portal.",
        f"{dataset.title_en} as {distribution.label}, current from the IKONE portal.",
    )
    graph.add((node, DCATAP.availability, _concept(graph, STABLE, "stabil", "stable")))
    graph.add((node, DCTERMS.license, _licence(graph)))
    graph.add((node, DCATDE.licenseAttributionByText, Literal(attribution(), lang="de")))
    if modified is not None:
        graph.add((node, DCTERMS.modified, modified))
    return node


RDFS_RESOURCE = URIRef("http://www.w3.org/2000/01/rdf-schema#Resource")


def attribution() -> str:
    """Whom to name when using the data (Datenlizenz Deutschland, Namensnennung)."""
    return f"{settings.OPENDATA_PUBLISHER_NAME}, IKONE-Portal ({settings.SITE_URL})"


def _dataset(graph: Graph, dataset: Dataset, publisher: URIRef, contact: BNode) -> URIRef:
    page = _url(reverse("opendata:index"))
    node = URIRef(f"{page}#{dataset.key}")
    latest, _state = dataset.freshness()
    modified = _date(latest)
    graph.add((node, RDF.type, DCAT.Dataset))
    with translation.override("de"):
        _texts(graph, node, DCTERMS.title, str(dataset.title), dataset.title_en)
        _texts(graph, node, DCTERMS.description, str(dataset.description), dataset.description_en)
    graph.add((node, DCTERMS.identifier, Literal(str(node))))
    graph.add((node, DCTERMS.publisher, publisher))
    graph.add((node, DCAT.contactPoint, contact))
    graph.add((node, DCTERMS.accessRights, _typed(graph, PUBLIC, DCTERMS.RightsStatement)))
    graph.add((node, DCTERMS.language, _typed(graph, LANGUAGE, DCTERMS.LinguisticSystem)))
    graph.add((node, DCAT.landingPage, _typed(graph, page, FOAF.Document)))
    graph.add((node, DCTERMS.spatial, _spatial(graph)))
    graph.add((node, DCATDE.politicalGeocodingLevelURI, STATE_LEVEL))
    graph.add((node, DCATDE.politicalGeocodingURI, STATE_KEY))
    if settings.OPENDATA_CONTRIBUTOR_ID:
        # GovData attributes harvested datasets to a registered contributor.
        graph.add((node, DCATDE.contributorID, URIRef(settings.OPENDATA_CONTRIBUTOR_ID)))
    graph.add((node, DCTERMS.temporal, _temporal(graph)))
    for theme in dataset.themes:
        graph.add((node, DCAT.theme, _concept(graph, THEME[theme], *THEME_LABELS[theme])))
    for keyword in dataset.keywords:
        graph.add((node, DCAT.keyword, Literal(keyword, lang="de")))
    if modified is not None:
        graph.add((node, DCTERMS.modified, modified))
    if dataset.municipality_keys is not None:
        graph.add((node, DCATDE.politicalGeocodingLevelURI, MUNICIPALITY_LEVEL))
        for ags in dataset.municipality_keys():
            graph.add((node, DCATDE.politicalGeocodingURI, URIRef(MUNICIPALITY_KEY + ags)))
    for distribution in dataset.distributions:
        graph.add((node, DCAT.distribution, _distribution(graph, dataset, distribution, modified)))
    return node


def catalogue_graph() -> Graph:
    graph = Graph()
    graph.bind("dcat", DCAT)
    graph.bind("dct", DCTERMS)
    graph.bind("foaf", FOAF)
    graph.bind("vcard", VCARD)
    graph.bind("skos", SKOS)
    graph.bind("dcatde", DCATDE)
    catalog = URIRef(f"{settings.SITE_URL}{reverse('opendata:index')}#katalog")
    graph.add((catalog, RDF.type, DCAT.Catalog))
    _texts(
        graph,
        catalog,
        DCTERMS.title,
        "Offene Daten des IKONE-Portals",
        "Open data of the IKONE portal",
    )
    _texts(
        graph,
        catalog,
        DCTERMS.description,
        "Was das Interkommunale Netzwerk Digitale Stadt Rheinland-Pfalz (IKONE-DS) offen "
        "veröffentlicht: Projektkatalog, Mitgliedskommunen, Termine und Software der Kommunen.",
        "What the inter-municipal network Digitale Stadt of Rhineland-Palatinate (IKONE-DS) "
        "publishes openly: project catalogue, member municipalities, meetings and the "
        "municipalities' software.",
    )
    publisher = _publisher(graph)
    contact = _contact(graph)
    graph.add((catalog, DCTERMS.publisher, publisher))
    graph.add((catalog, DCAT.contactPoint, contact))
    graph.add((catalog, DCTERMS.language, _typed(graph, LANGUAGE, DCTERMS.LinguisticSystem)))
    graph.add((catalog, DCTERMS.license, _licence(graph)))
    graph.add((catalog, DCTERMS.issued, Literal(NETWORK_FOUNDED.isoformat(), datatype=XSD.date)))
    graph.add((catalog, DCTERMS.spatial, _spatial(graph)))
    graph.add(
        (catalog, FOAF.homepage, _typed(graph, _url(reverse("opendata:index")), FOAF.Document))
    )
    graph.add(
        (
            catalog,
            DCAT.themeTaxonomy,
            _typed(graph, THEME_SCHEME, SKOS.ConceptScheme),
        )
    )
    _texts(graph, THEME_SCHEME, DCTERMS.title, "Datenthemen", "Data theme")
    graph.add((catalog, DCTERMS.conformsTo, _typed(graph, DCAT_AP_DE, DCTERMS.Standard)))
    modified: list[Literal] = []
    for dataset in registry.datasets:
        node = _dataset(graph, dataset, publisher, contact)
        graph.add((catalog, DCAT.dataset, node))
        latest = graph.value(node, DCTERMS.modified)
        if isinstance(latest, Literal):
            modified.append(latest)
    if modified:
        graph.add((catalog, DCTERMS.modified, max(modified, key=lambda item: item.toPython())))
    return graph


def catalogue_freshness_state() -> tuple[datetime | None, tuple]:
    """The latest change over every dataset, and their states (for the ETag)."""
    states = [dataset.freshness() for dataset in registry.datasets]
    latest = [moment for moment, _state in states if moment is not None]
    return (max(latest) if latest else None), tuple(state for _moment, state in states)


def serialise(graph: Graph, extension: str) -> bytes:
    return graph.serialize(format=FORMATS[extension], encoding="utf-8")
