"""The participating cities of a meeting from Redis.

Members see which cities take part in a meeting. A national meeting has about
a thousand registrations from some 940 cities, which take as long to look up
and link as the rest of the page. They are cached per meeting under two
versions: the meeting's own, raised by every service that writes it or its
registrations (all take the meeting's row lock, ``events.services._lock``),
and one raised by every change of a city or of a person's city — each at once
and again after the commit, so that a list read in between from the old rows
is never served afterwards.
"""

from django.core.cache import cache

from ikone import cache_versions

TIMEOUT = 10 * 60  # a safety net; invalidation is by version
PEOPLE_KEY = "events:people-version"


def _event_key(event_id: int) -> str:
    return f"events:registrations-version:{event_id}"


def registrations_changed(event_id: int) -> None:
    cache_versions.raise_now_and_after_commit(_event_key(event_id))


def registration_saved(sender, instance, **kwargs) -> None:
    """Signal receiver (post_save, post_delete of a registration)."""
    if not kwargs.get("raw"):
        registrations_changed(instance.event_id)


def city_saved(sender, **kwargs) -> None:
    """Signal receiver (post_save, post_delete of a municipality): names, links."""
    if not kwargs.get("raw"):
        cache_versions.raise_now_and_after_commit(PEOPLE_KEY)


def person_saved(sender, **kwargs) -> None:
    """Signal receiver (post_save, post_delete of a user), unless only other
    fields were saved (a login saves ``last_login``)."""
    update_fields = kwargs.get("update_fields")
    if kwargs.get("raw") or (update_fields and "municipality" not in update_fields):
        return
    cache_versions.raise_now_and_after_commit(PEOPLE_KEY)


def cached_cities(event_id: int, compute) -> list:
    event_version = cache_versions.current(_event_key(event_id))
    people_version = cache_versions.current(PEOPLE_KEY)
    key = f"events:cities:{event_id}:{event_version}:{people_version}"
    return cache.get_or_set(key, compute, TIMEOUT)
