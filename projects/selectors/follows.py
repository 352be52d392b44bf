"""Reads of follows shared by pages and API."""

from datetime import datetime

from django.db.models import QuerySet

from members.models import User
from projects.cache import followed
from projects.follow_changes import Change, change_keys, changes_of, relevant_entries, target_key
from projects.models import Delivery, Follow, Subscriber

CHANGES_SHOWN = 20


def follows_of(user: User) -> QuerySet[Follow]:
    """One's own follows with what they name (one query)."""
    return Follow.objects.filter(user=user).select_related("topic", "municipality", "project")


def followed_targets(user: User) -> dict[str, tuple[int, str]]:
    """{"projekt:12": (follow id, delivery), …}: what the person follows, from
    the cache (projects.cache.followed) — the follow button costs no query on a page."""

    def compute() -> dict[str, tuple[int, str]]:
        return {
            "{}:{}".format(*target_key(follow)): (follow.pk, follow.delivery)
            for follow in Follow.objects.filter(user=user).only(
                "pk", "delivery", "topic_id", "municipality_id", "project_id"
            )
        }

    return followed(user.pk, compute)


def subscriber_of(user: User) -> Subscriber | None:
    return Subscriber.objects.filter(user=user).first()


def changes_since(
    user: User, since: datetime | None, *, limit: int = CHANGES_SHOWN
) -> list[tuple[Change, Follow]]:
    """What happened to one's followed items (any delivery but off) since
    ``since`` (the last visit; the last 30 days when there was none), newest first."""
    follows = list(follows_of(user).exclude(delivery=Delivery.OFF))
    if not follows or since is None:
        return []
    by_key = {target_key(follow): follow for follow in follows}
    entries = relevant_entries().filter(created_at__gt=since).order_by("-created_at", "-pk")
    found = []
    # A bounded look at the newest entries: enough for a start page.
    for change in reversed(changes_of(entries[:500])):
        for key in reversed(change_keys(change)):
            follow = by_key.get(key)
            if follow is not None:
                found.append((change, follow))
                break
        if len(found) >= limit:
            break
    return found
