import secrets
from collections.abc import Callable
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.template.loader import get_template, render_to_string
from django.utils.cache import patch_vary_headers
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from core import cache
from projects import permissions
from projects.cache import (
    PUBLIC,
    cached_form,
    cached_page,
    cached_results,
    prefetch_catalogue_page,
    project_shown,
    results_lookup,
)
from projects.facets import Facets
from projects.forms import CatalogueFilterForm, catalogue_query
from projects.search import SUGGEST_BELOW, spelling_suggestion
from projects.selectors import (
    CatalogueFilters,
    CataloguePage,
    catalogue_page_ahead,
    catalogue_projects,
    is_ranked_search,
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
            cached_results(query, lambda: _render_results(query, form.filters(), not form.errors))
        )
    else:
        response = cached_page(request, query, lambda: _render_page(request, query))
    patch_vary_headers(response, ["HX-Request"])
    return response


def _render_page(request: HttpRequest, query: QueryDict) -> tuple[HttpResponse, bool]:
    prefetch_catalogue_page(
        query, follower_id=request.user.pk if permissions.can_follow(request.user) else None
    )
    filter_form, filters, valid = cached_form(query, lambda: _filter_form(request, query))
    entry_key, results = results_lookup(query)
    found = None
    if results is None:
        # The results' statement runs ahead while the page around them
        # renders; they take the place of a marker nobody can type.
        found = catalogue_page_ahead(
            filters=filters, number=_number(query), per_page=PROJECTS_PER_PAGE
        )
        results = mark_safe(f"<!--results-{secrets.token_hex(16)}-->")  # noqa: S308 - a comment
    context = {
        "filter_form": filter_form,
        "results": results,
        "can_create": permissions.can_create_project(request.user),
        # The apps above may add to the catalogue of one topic (the follow button).
        "selected_topic": filters.topic,
        # the page is cached by its canonical URL: nothing else of the URL on it
        "canonical_path": f"{request.path}?{query.urlencode()}" if query else request.path,
    }
    response = render(request, "projects/project_list.html", context)
    storable = True
    if found is not None:
        html, storable = _render_results(query, filters, valid, found)
        if storable:
            cache.store(entry_key, html)
        response.content = response.content.replace(results.encode(), html.encode(), 1)
    return response, storable and valid


def _filter_form(request: HttpRequest, query: QueryDict) -> tuple[str, CatalogueFilters, bool]:
    """The search and filter form, the valid filters and whether all were:
    rendering its widgets and looking up its topic or city is most of a
    page's own work, so a valid one is cached with its filters by the
    canonical query (projects.cache.cached_form)."""
    form = CatalogueFilterForm(query or None)
    filters = form.filters()
    html = render_to_string("projects/partials/filter_form.html", {"form": form}, request)
    return html, filters, not form.errors


def _render_results(
    query: QueryDict,
    filters: CatalogueFilters,
    valid: bool,
    found: Callable[[], CataloguePage] | None = None,
) -> tuple[str, bool]:
    """The count, facets, the cards of one page and the page links: alike for
    everyone; and whether they may be cached (not for invalid filters or a
    page past the end: junk in a URL makes no cache entry).

    The statement that counts the facets also picks the page's ids; each card
    comes from the cache under its project's own version (a change re-renders
    one card, not twenty). ``found``: the page's results, their statement
    started already (``catalogue_page_ahead``)."""
    requested = _number(query)
    if found is None:
        found = catalogue_page_ahead(filters=filters, number=requested, per_page=PROJECTS_PER_PAGE)
    result = found()
    facets = result.facets
    page = Paginator(range(facets.total), PROJECTS_PER_PAGE).get_page(result.number)
    page.object_list = result.ids  # what is on it: the projects' ids, their cards below
    query = query.copy()
    query.pop("page", None)
    suggestion = ""
    if is_ranked_search(filters) and facets.total < SUGGEST_BELOW:
        suggestion = spelling_suggestion(filters.query)
    context = {
        "page": page,
        "cards": _cards(result.ids),
        "query_string": query.urlencode(),
        "facets": _facet_links(query, filters, facets),
        "suggestion": suggestion,
        "suggestion_query": _with(query, q=suggestion) if suggestion else "",
    }
    # Alike for everyone (and cached so): rendered without the request's context.
    html = render_to_string("projects/partials/project_results.html", context)
    return html, result.number == requested and valid


def _number(query: QueryDict) -> int:
    try:
        return int(query.get("page") or 1)
    except ValueError:
        return 1  # as Django: what is not a number asks for the first page


def _cards(ids: list[int]) -> list[str]:
    template = get_template("projects/partials/project_card.html")

    def render_missing(indexes: list[int]) -> list[str]:
        found = {project.pk: project for project in catalogue_projects([ids[i] for i in indexes])}
        return [str(template.render({"project": found[ids[i]]})) for i in indexes]

    cards = cache.get_or_compute_many(
        "project-card", [(project_shown(pk), (pk,)) for pk in ids], render_missing, scope=PUBLIC
    )
    return [mark_safe(card) for card in cards]  # noqa: S308 - our own rendering


def _with(query: QueryDict, **values: str) -> str:
    changed = query.copy()
    for name, value in values.items():
        changed[name] = value
    return changed.urlencode()


def _facet_links(query: QueryDict, filters: CatalogueFilters, facets: Facets) -> list[dict]:
    """Each filter not set yet, with how many results each of its values keeps."""
    groups = []
    current = query.urlencode()

    def with_value(name: str, value: str) -> str:
        # As _with: a parameter not in the query yet goes last (one query
        # string made once, not copied and encoded again for every link).
        if name in query:
            return _with(query, **{name: value})
        return f"{current}&{urlencode({name: value})}" if current else urlencode({name: value})

    def group(title: str, name: str, values) -> None:
        links = [(label, count, with_value(name, key)) for key, label, count in values]
        if links:
            groups.append({"title": title, "links": links})

    if filters.topic is None:
        group(_("Themenfeld"), "topic", [(v.key, v.label, v.count) for v in facets.topic])
    if not filters.phase:
        group(_("Phase"), "phase", [(v.key, v.label, v.count) for v in facets.phase])
    if filters.municipality is None:
        group(
            _("Kommune"), "municipality", [(v.key, v.label, v.count) for v in facets.municipality]
        )
    yes_no = []
    if filters.reusable is None and facets.reusable:
        yes_no.append(("reusable", _("nachnutzbar"), facets.reusable))
    if filters.adopted is None and facets.adopted:
        yes_no.append(("adopted", _("wird nachgenutzt"), facets.adopted))
    if yes_no:
        groups.append(
            {
                "title": _("Merkmale"),
                "links": [(label, count, with_value(name, "on")) for name, label, count in yes_no],
            }
        )
    return groups


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
