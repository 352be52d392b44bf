"""What follows shows on other apps' pages (registered in apps.py): the
follow button on a topic's catalogue, a municipality's and a project's page,
and on "Mein Konto" the follows and what changed since the last visit."""

from datetime import timedelta
from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from members.models import Municipality
from projects import permissions
from projects.follow_forms import DeliveryForm
from projects.models import Delivery, Project, Topic
from projects.selectors import follows as selectors
from projects.services import follows as services

FIRST_VISIT_LOOKBACK = timedelta(days=30)


def _button(request: HttpRequest, kind: str, target: Any, label: str) -> dict:
    user = request.user
    found = None
    if permissions.can_follow(user):
        found = selectors.followed_targets(user).get(f"{kind}:{target.pk}")
    return button_context(
        kind=kind,
        slug=target.slug,
        label=label,
        delivery=found[1] if found else None,
        next_url=request.get_full_path(),
        is_authenticated=user.is_authenticated,
    )


def button_context(
    *,
    kind: str,
    slug: str,
    label: str,
    delivery: str | None,
    next_url: str,
    is_authenticated: bool,
    status_message: str = "",
) -> dict:
    """The follow button's context (``delivery`` None: not followed)."""
    return {
        "kind": kind,
        "slug": slug,
        "label": label,
        "following": delivery is not None,
        "delivery_label": Delivery(delivery).label if delivery else "",
        "next": next_url,
        "is_authenticated": is_authenticated,
        "status_message": status_message,
    }


def project_button(request: HttpRequest, *, project: Project) -> dict | None:
    if project.state != Project.State.PUBLISHED:
        return None
    return _button(request, "projekt", project, project.title)


def municipality_button(request: HttpRequest, *, municipality: Municipality) -> dict:
    return _button(request, "kommune", municipality, municipality.name)


def topic_button(request: HttpRequest, *, topic: Topic | None = None) -> dict | None:
    if topic is None:
        return None
    return _button(request, "thema", topic, topic.name)


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
