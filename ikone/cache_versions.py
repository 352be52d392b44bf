"""Version counters in the cache, for content cached until the next write.

Cached catalogue pages (projects.cache), summary reports (funding.cache) and
lists of a meeting's cities (events.cache) live under keys that contain a
version. A write raises the version: nothing cached under the old one is read
again, and it expires by its timeout. One counter per key, kept in Redis (the
default cache) without a timeout.
"""

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save


def current(key: str) -> int:
    version = cache.get(key)
    if version is None:
        cache.add(key, 1, timeout=None)
        version = cache.get(key, 1)
    return version


def raise_now(key: str) -> None:
    try:
        cache.incr(key)
    except ValueError:  # no version yet: nothing is cached under one
        cache.add(key, 1, timeout=None)


def raise_after_commit(key: str) -> None:
    transaction.on_commit(lambda: raise_now(key))


def raise_now_and_after_commit(key: str) -> None:
    """For content read by writers' own requests too: raised at once, and again
    after the commit, so that what was cached in between from the old rows is
    never read afterwards."""
    raise_now(key)
    raise_after_commit(key)


def connect_saves_and_deletes(receiver, models, *, uid: str) -> None:
    """``receiver`` on post_save and post_delete of each of ``models``."""
    for model in models:
        post_save.connect(receiver, sender=model, dispatch_uid=f"{uid}-save-{model}")
        post_delete.connect(receiver, sender=model, dispatch_uid=f"{uid}-delete-{model}")
