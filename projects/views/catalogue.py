from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.cache import patch_vary_headers

from core.paginators import WindowCountPaginator
from projects import permissions
from projects.cache import cached_page, cached_results
from projects.forms import CatalogueFilterForm
from projects.selectors import (
    CatalogueFilters,
    is_ranked_search,
    project_catalogue,
    similar_projects,
)

PROJECTS_PER_PAGE = 20


def _is_fragment_request(request: HttpRequest) -> bool:
    # A history restore after a cache miss needs the whole page again.
    return bool(
        request.headers.get("HX-Request") and not request.headers.get("HX-History-Restore-Request")
    )


def project_list(request: HttpRequest) -> HttpResponse:
    """The public catalogue; htmx swaps only the results and pushes the URL.

    The results are the same for everyone and come from the cache; anonymous
    visitors get the whole page from there (projects.cache)."""
    if _is_fragment_request(request):
        response = HttpResponse(
            cached_results(request, lambda: _render_results(request, _form(request).filters()))
        )
    else:
        response = cached_page(request, lambda: _render_page(request))
    patch_vary_headers(response, ["HX-Request"])
    return response


def _form(request: HttpRequest) -> CatalogueFilterForm:
    return CatalogueFilterForm(request.GET or None)


def _render_page(request: HttpRequest) -> HttpResponse:
    form = _form(request)
    filters = form.filters()
    context = {
        "form": form,
        "results": cached_results(request, lambda: _render_results(request, filters)),
        "can_create": permissions.can_create_project(request.user),
    }
    return render(request, "projects/project_list.html", context)


def _render_results(request: HttpRequest, filters: CatalogueFilters) -> str:
    """The count, the cards of one page and the page links: alike for everyone."""
    projects = project_catalogue(user=None, filters=filters)
    # A ranked search reads every match to order them: count them in the same go.
    paginator = WindowCountPaginator if is_ranked_search(filters) else Paginator
    page = paginator(projects, PROJECTS_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"page": page, "query_string": query.urlencode()}
    return render_to_string("projects/partials/project_results.html", context, request=request)


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
