"""What follows shows on other apps' pages (registered in apps.py): the
follow button on a topic's catalogue, a municipality's and a project's page,
and on "Mein Konto" the follows and what changed since the last visit."""

from datetime import timedelta
from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from follows import permissions, selectors, services
from follows.forms import DeliveryForm
from follows.models import Delivery
from members.models import Municipality
from projects.models import Project, Topic

FIRST_VISIT_LOOKBACK = timedelta(days=30)


def _button(request: HttpRequest, kind: str, target: Any, label: str, **lookup: Any) -> dict:
    user = request.user
    follow = selectors.follow_of(user, **lookup) if permissions.can_follow(user) else None
    return {
        "kind": kind,
        "slug": target.slug,
        "label": label,
        "follow": follow,
        "next": request.get_full_path(),
        "is_authenticated": user.is_authenticated,
    }


def project_button(request: HttpRequest, *, project: Project) -> dict | None:
    if project.state != Project.State.PUBLISHED:
        return None
    return _button(request, "projekt", project, project.title, project=project)


def municipality_button(request: HttpRequest, *, municipality: Municipality) -> dict:
    return _button(request, "kommune", municipality, municipality.name, municipality=municipality)


def topic_button(request: HttpRequest, *, topic: Topic | None = None) -> dict | None:
    if topic is None:
        return None
    return _button(request, "thema", topic, topic.name, topic=topic)


def account_follows(request: HttpRequest) -> dict | None:
    user = request.user
    if not permissions.can_follow(user):
        return None
    subscriber = selectors.subscriber_of(user)
    follows = list(selectors.follows_of(user))
    return {
        "follows": [
            (follow, DeliveryForm(initial={"delivery": follow.delivery}, prefix=f"f{follow.pk}"))
            for follow in follows
        ],
        "network_digest": bool(subscriber and subscriber.network_digest),
        "delivery_off": Delivery.OFF,
    }


def account_changes(request: HttpRequest) -> dict | None:
    """What changed in followed items since the last visit of "Mein Konto"
    (then the visit is recorded)."""
    user = request.user
    if not permissions.can_follow(user):
        return None
    subscriber = selectors.subscriber_of(user)
    since = subscriber.last_visit_at if subscriber and subscriber.last_visit_at else None
    changes = selectors.changes_since(user, since or timezone.now() - FIRST_VISIT_LOOKBACK)
    services.account_visit_record(actor=user)
    return {"changes": changes, "since": since}
