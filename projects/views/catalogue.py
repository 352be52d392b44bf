from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers

from projects import permissions
from projects.cache import cached_page
from projects.forms import CatalogueFilterForm
from projects.selectors import project_catalogue, similar_projects

PROJECTS_PER_PAGE = 20


def _is_fragment_request(request: HttpRequest) -> bool:
    # A history restore after a cache miss needs the whole page again.
    return bool(
        request.headers.get("HX-Request") and not request.headers.get("HX-History-Restore-Request")
    )


def project_list(request: HttpRequest) -> HttpResponse:
    """The public catalogue; htmx swaps only the results and pushes the URL.

    Anonymous visitors get it from the cache (projects.cache)."""
    fragment = _is_fragment_request(request)
    response = cached_page(
        request, "fragment" if fragment else "page", lambda: _render_list(request, fragment)
    )
    patch_vary_headers(response, ["HX-Request"])
    return response


def _render_list(request: HttpRequest, fragment: bool) -> HttpResponse:
    form = CatalogueFilterForm(request.GET or None)
    filters = form.filters()
    projects = project_catalogue(user=request.user, filters=filters)
    page = Paginator(projects, PROJECTS_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "query_string": query.urlencode(),
        "searched": bool(filters.query.strip()),
        "can_create": permissions.can_create_project(request.user),
    }
    template = (
        "projects/partials/project_results.html" if fragment else "projects/project_list.html"
    )
    return render(request, template, context)


def similar_hint(request: HttpRequest) -> HttpResponse:
    """The "similar projects already exist" hint while a project form is typed.

    It suggests published projects, which can be reused, and so asks nothing of
    the user's roles: one query (after the session's), however many projects.
    """
    similar = similar_projects(
        title=request.GET.get("title", "")[:200],
        summary=request.GET.get("summary", "")[:500],
        exclude_slug=request.GET.get("exclude", "")[:220],
    )
    return render(request, "projects/partials/similar_projects.html", {"similar": similar})
