"""``/projekte/<slug>/publiccode.yml``: the file of a published software project."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404

from core.downloads import Freshness, mark, not_modified
from projects.publiccode import publiccode_projects, publiccode_yaml

CONTENT_TYPE = "application/yaml; charset=utf-8"  # RFC 9512


def project_publiccode(request: HttpRequest, slug: str) -> HttpResponse:
    """Everyone may read it (published data only); 404 for a project that is
    not published or not software."""
    project = get_object_or_404(publiccode_projects(), slug=slug)
    last_modified = max(
        moment
        for moment in (
            project.updated_at,
            project.lead_municipality.updated_at,
            project.adoption_changed,
            project.based_on_changed,
        )
        if moment is not None
    )
    text = publiccode_yaml(project)
    freshness = Freshness.of(last_modified, text)
    unchanged = not_modified(request, freshness)
    if unchanged is not None:
        mark(unchanged, freshness)
        return unchanged
    response = HttpResponse(text, content_type=CONTENT_TYPE)
    response["Content-Disposition"] = 'inline; filename="publiccode.yml"'
    mark(response, freshness)
    return response
