"""The anonymous catalogue from Redis, invalidated by every catalogue write.

Anonymous visitors all see the same catalogue for the same URL, so its
rendered HTML is cached under a key that contains a *catalogue version*.
Any committed write to what the catalogue shows (projects, their topics,
partners, documents, adoptions, topics, municipality names) raises the
version, so no visitor ever gets a page older than the last write.

Logged-in people get their page rendered for them (their name, their
messages), but the list of results in it is the same for everyone — the
catalogue lists published projects only — so it comes from the cache too
(``cached_results``), under the same version.
"""

import hashlib

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.safestring import mark_safe

from ikone import cache_versions

VERSION_KEY = "projects:catalogue-version"
PAGE_TIMEOUT = 10 * 60  # a safety net; invalidation is by version


def catalogue_version() -> int:
    return cache_versions.current(VERSION_KEY)


def raise_catalogue_version() -> None:
    """Invalidate every cached catalogue page now."""
    cache_versions.raise_now(VERSION_KEY)


def bump_catalogue_version() -> None:
    """Invalidate every cached catalogue page (after the surrounding commit)."""
    cache_versions.raise_after_commit(VERSION_KEY)


def invalidate_on_change(sender, **kwargs) -> None:
    """Signal receiver (post_save, post_delete, m2m_changed) for catalogue models."""
    if kwargs.get("raw"):  # fixtures loading
        return
    bump_catalogue_version()


def is_cacheable(request: HttpRequest) -> bool:
    # No per-person content: anonymous, nothing to show from the messages
    # framework, and the page carries no CSRF token (see ikone.urls).
    return (
        request.method == "GET"
        and not request.user.is_authenticated
        and "messages" not in request.COOKIES
    )


def page_key(request: HttpRequest, variant: str) -> str:
    query = "&".join(sorted(request.GET.urlencode().split("&")))
    digest = hashlib.sha256(f"{request.path}?{query}".encode()).hexdigest()[:32]
    language = translation.get_language()
    return f"projects:page:{catalogue_version()}:{language}:{variant}:{digest}"


def cached_results(request: HttpRequest, render) -> str:
    """The catalogue's rendered results for the request's URL, for anyone."""
    html = cache.get_or_set(page_key(request, "results"), lambda: str(render()), PAGE_TIMEOUT)
    return mark_safe(html)  # noqa: S308 - our own rendering, stored as rendered


def cached_page(request: HttpRequest, variant: str, render) -> HttpResponse:
    """The cached page for anonymous visitors; ``render()`` otherwise or on a miss."""
    if not is_cacheable(request):
        return render()
    key = page_key(request, variant)
    content = cache.get(key)
    if content is None:
        response = render()
        if response.status_code == 200:
            cache.set(key, response.content, PAGE_TIMEOUT)
        return response
    return HttpResponse(content)
