"""``/opendata/``: the page and the DCAT-AP catalogue of the registered datasets.

Everyone may read them: published data only. The catalogue streams and
answers "changed since?" with 304 (core.downloads)."""

from collections.abc import Iterator

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from core.downloads import Freshness, streamed
from core.opendata import dcat
from core.opendata.exports import download_path
from core.registry import registry


@require_safe
def index(request: HttpRequest) -> HttpResponse:
    rows = []
    for dataset in registry.datasets:
        latest, _state = dataset.freshness()
        links = [
            (distribution.label, download_path(dataset, distribution))
            for distribution in dataset.distributions
        ]
        rows.append({"dataset": dataset, "modified": latest, "links": links})
    catalogue = [
        (label, reverse("opendata:catalog", kwargs={"extension": extension}))
        for label, extension in (("Turtle", "ttl"), ("RDF/XML", "rdf"), ("JSON-LD", "jsonld"))
    ]
    return render(
        request,
        "pages/opendata.html",
        {
            "rows": rows,
            "catalogue": catalogue,
            "attribution": dcat.attribution(),
            "publisher": settings.OPENDATA_PUBLISHER_NAME,
            "contact_email": settings.OPENDATA_CONTACT_EMAIL,
        },
    )


@require_safe
def catalog(request: HttpRequest, extension: str) -> HttpResponse | StreamingHttpResponse:
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
