"""The summary report from Redis, invalidated by every funding write.

A report by city has 11,000 rows: the database needs some 80 ms to sum them
and writing them out as much again. The ministry pulls the same reports again
and again while the figures change a few times a day, so a report is cached
under a *funding version* that every write to grants, payouts, obligations,
programmes and municipalities raises — at once and again after its commit, so
that a report computed in between from the old figures is never served
afterwards. Nobody gets figures older than the last committed change.
"""

import hashlib

from django.core.cache import cache
from django.http import HttpRequest
from django.utils import translation

from funding import permissions
from ikone import cache_versions

VERSION_KEY = "funding:version"
REPORT_TIMEOUT = 10 * 60  # a safety net; invalidation is by version


def funding_version() -> int:
    return cache_versions.current(VERSION_KEY)


def raise_funding_version() -> None:
    cache_versions.raise_now(VERSION_KEY)


def funding_changed() -> None:
    """Invalidate every cached report, now and after the surrounding commit."""
    cache_versions.raise_now_and_after_commit(VERSION_KEY)


def invalidate_on_change(sender, **kwargs) -> None:
    """Signal receiver (post_save, post_delete) for the models a report shows."""
    if kwargs.get("raw"):  # fixtures loading
        return
    funding_changed()


def _report_key(request: HttpRequest, group_by: str) -> str:
    user = request.user
    scope = "all" if permissions.sees_all_grants(user) else f"city-{user.municipality_id}"
    params = sorted(
        (name, value)
        for name, values in request.query_params.lists()
        if name != "format"
        for value in values
    )
    digest = hashlib.sha256(repr((group_by, params)).encode()).hexdigest()[:32]
    language = translation.get_language()
    return f"funding:summary:{funding_version()}:{language}:{scope}:{digest}"


def cached_report(request: HttpRequest, group_by: str, compute) -> dict:
    """The report's data for this request's reader and filters: from the cache
    or ``compute()``d and stored."""
    return cache.get_or_set(_report_key(request, group_by), compute, REPORT_TIMEOUT)
