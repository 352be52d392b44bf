"""The follows app's part of a person's data (core.registry.PersonalData,
registered in apps.py): what they follow, their digest choice, the mails sent."""

from typing import Any

from members.models import User
from projects.models import Digest, Follow, Notice, Subscriber


def collect(user: User) -> dict[str, Any]:
    follows = Follow.objects.filter(user=user).select_related("topic", "municipality", "project")
    subscriber = Subscriber.objects.filter(user=user).first()
    return {
        "follows": [
            {
                "kind": follow.kind,
                "name": str(follow.target),
                "delivery": follow.delivery,
                "since": follow.created_at.isoformat(),
            }
            for follow in follows.order_by("created_at", "pk")
        ],
        "network_digest": bool(subscriber and subscriber.network_digest),
        "last_visit_at": (
            subscriber.last_visit_at.isoformat()
            if subscriber and subscriber.last_visit_at
            else None
        ),
        "notices_sent": [
            {"about": notice.entry.object_repr, "sent_at": notice.sent_at.isoformat()}
            for notice in Notice.objects.filter(recipient=user, sent_at__isnull=False)
            .select_related("entry")
            .order_by("sent_at")
        ],
        "digests_sent": [
            {"week": stage, "sent_at": sent_at.isoformat()}
            for stage, sent_at in Digest.objects.filter(recipient=user, sent_at__isnull=False)
            .order_by("sent_at")
            .values_list("stage", "sent_at")
        ],
    }


def release(*, user: User, actor: User) -> None:
    """Follows and the digest choice are only about the person: they go, and so
    do mails not yet sent to them."""
    Follow.objects.filter(user=user).delete()
    Subscriber.objects.filter(user=user).delete()
    Notice.objects.filter(recipient=user, sent_at__isnull=True).delete()
    Digest.objects.filter(recipient=user, sent_at__isnull=True).delete()
