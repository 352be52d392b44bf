"""What the events app shows on other apps' pages (registered in apps.py)."""

from datetime import datetime, timedelta
from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from events.models import Event
from events.permissions import may_register
from events.selectors import event_list, hosted_events, next_public_events, registrations_of
from members.models import Municipality

HOME_LIMIT = 3
HOSTED_LIMIT = 10
# The weekly digest's "Termine mit freien Plätzen" (projects.digests).
MEETINGS_AHEAD = timedelta(days=60)
MEETINGS_SHOWN = 10


def my_registrations(request: HttpRequest) -> dict[str, Any] | None:
    """ "Mein Konto": one's registrations, upcoming first; nothing for who cannot register."""
    user = request.user
    registrations = list(registrations_of(user=user)) if user.is_authenticated else []
    if not registrations and not may_register(user):
        return None
    now = timezone.now()
    return {
        "upcoming": [r for r in registrations if r.event.ends_at >= now][::-1],
        "past": [r for r in registrations if r.event.ends_at < now],
    }


def home_events(request: HttpRequest) -> dict[str, Any]:
    """The start page: the next published meetings (a lazy query: the template
    caches the list under the meetings' topic, see events.cache)."""
    return {"next_events": next_public_events()[:HOME_LIMIT], "today": timezone.localdate()}


def municipality_events(request: HttpRequest, *, municipality: Municipality) -> dict[str, Any]:
    """A municipality's page: the meetings it hosted or hosts, newest first."""
    events = hosted_events(municipality=municipality, user=request.user)
    return {
        "hosted": list(events[:HOSTED_LIMIT]),
        "hosted_total": events.count(),
        "municipality": municipality,
        "now": timezone.now(),
    }


def digest_meetings(now: datetime) -> list[Event]:
    """The weekly digest: published meetings of the next weeks with free seats."""
    return [
        event
        for event in event_list(when="upcoming", now=now).filter(
            status=Event.Status.PUBLISHED, starts_at__lte=now + MEETINGS_AHEAD
        )[: MEETINGS_SHOWN * 3]
        if event.seats_left is None or event.seats_left > 0
    ][:MEETINGS_SHOWN]
