"""What the projects app caches, under the one policy of ``core.cache``.

The catalogue lists published projects only, so its results (count, cards,
page links) are the same for everyone: they are cached per URL and language
under the *catalogue* topic, which every project service raises. Anonymous
visitors get whole pages from there (they carry no per-person content);
logged-in people get their own page around the cached results.
"""

from django.http import HttpRequest, HttpResponse, QueryDict
from django.utils.safestring import SafeString, mark_safe

from core import cache
from members.cache import MUNICIPALITIES

# Topics (see core.cache): everything the catalogue and a project's page show,
# and — changing less often — what similarity compares (titles, summaries, and
# which projects are published).
CATALOGUE = "catalogue"
CATALOGUE_TEXTS = "catalogue-texts"
# What a list of projects shows: the projects and their cities' names.
SHOWN = (CATALOGUE, MUNICIPALITIES)
# Everyone may read published projects: one scope for all readers.
PUBLIC = "public"


def catalogue_changed(*, texts: bool = False) -> None:
    """Called by every service that changes what catalogue or project pages show."""
    cache.changed(CATALOGUE, *([CATALOGUE_TEXTS] if texts else []))


def cached_results(query: QueryDict, render) -> SafeString:
    """The catalogue's rendered results for a canonical query, alike for anyone."""
    html = cache.get_or_compute(
        "catalogue-results",
        lambda: str(render()),
        depends_on=SHOWN,
        scope=PUBLIC,
        vary=(query.urlencode(),),
    )
    return mark_safe(html)  # noqa: S308 - our own rendering, stored as rendered


def _is_cacheable(request: HttpRequest) -> bool:
    # No per-person content: anonymous, nothing to show from the messages
    # framework, and the page carries no CSRF token (see ikone.urls).
    return (
        request.method == "GET"
        and not request.user.is_authenticated
        and "messages" not in request.COOKIES
    )


def cached_page(request: HttpRequest, query: QueryDict, render) -> HttpResponse:
    """The whole page for anonymous visitors, by its canonical query (so junk
    parameters share one entry); ``render()`` otherwise or on a miss."""
    if not _is_cacheable(request):
        return render()
    key = cache.key("catalogue-page", depends_on=SHOWN, scope=PUBLIC, vary=(query.urlencode(),))
    content = cache.get(key)
    if content is None:
        response = render()
        if response.status_code == 200:
            cache.store(key, response.content)
        return response
    return HttpResponse(content)
