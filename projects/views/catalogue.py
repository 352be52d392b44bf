from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.cache import patch_vary_headers

from core.paginators import WindowCountPaginator
from projects import permissions
from projects.cache import cached_page, cached_results
from projects.forms import CatalogueFilterForm, catalogue_query
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

    Everything on it comes from the catalogue's own parameters of the URL
    (``catalogue_query``). The results are the same for everyone and come
    from the cache; anonymous visitors get the whole page from there
    (projects.cache)."""
    query = catalogue_query(request.GET)
    if _is_fragment_request(request):
        form = CatalogueFilterForm(query or None)
        response = HttpResponse(
            cached_results(query, lambda: _render_results(request, query, form.filters()))
        )
    else:
        response = cached_page(request, query, lambda: _render_page(request, query))
    patch_vary_headers(response, ["HX-Request"])
    return response


def _render_page(request: HttpRequest, query: QueryDict) -> HttpResponse:
    form = CatalogueFilterForm(query or None)
    filters = form.filters()
    context = {
        "form": form,
        "results": cached_results(query, lambda: _render_results(request, query, filters)),
        "can_create": permissions.can_create_project(request.user),
        # the page is cached by its canonical URL: nothing else of the URL on it
        "canonical_path": f"{request.path}?{query.urlencode()}" if query else request.path,
    }
    return render(request, "projects/project_list.html", context)


def _render_results(request: HttpRequest, query: QueryDict, filters: CatalogueFilters) -> str:
    """The count, the cards of one page and the page links: alike for everyone."""
    projects = project_catalogue(user=None, filters=filters)
    # A ranked search reads every match to order them: count them in the same go.
    paginator = WindowCountPaginator if is_ranked_search(filters) else Paginator
    page = paginator(projects, PROJECTS_PER_PAGE).get_page(query.get("page"))
    links = query.copy()
    links.pop("page", None)
    context = {"page": page, "query_string": links.urlencode()}
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
