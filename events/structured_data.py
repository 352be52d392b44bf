"""schema.org for meeting pages: an Event, times in Europe/Berlin with their
offset, cancelled ones marked so. The online link only where the page shows
it (``show_online_link``); participants and speakers' contacts never."""

from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone

from core.structured_data import CONTEXT, absolute
from events.models import Event
from members.structured_data import municipality_organisation

BERLIN = ZoneInfo("Europe/Berlin")
STATUS = {
    Event.Status.PUBLISHED: "https://schema.org/EventScheduled",
    Event.Status.CANCELLED: "https://schema.org/EventCancelled",
}


def _attendance_mode(event: Event) -> str:
    on_site = bool(event.venue or event.address)
    if event.online_url and on_site:
        return "https://schema.org/MixedEventAttendanceMode"
    if event.online_url:
        return "https://schema.org/OnlineEventAttendanceMode"
    return "https://schema.org/OfflineEventAttendanceMode"


def _locations(event: Event, *, show_online_link: bool) -> list[dict[str, Any]]:
    locations: list[dict[str, Any]] = []
    if event.venue or event.address:
        place: dict[str, Any] = {"@type": "Place", "name": event.venue or event.address}
        if event.address:
            place["address"] = " ".join(event.address.split())
        locations.append(place)
    if event.online_url:
        virtual: dict[str, Any] = {"@type": "VirtualLocation"}
        # Without the link the page shows, the place is the meeting's own page.
        virtual["url"] = (
            event.online_url if show_online_link else absolute(event.get_absolute_url())
        )
        locations.append(virtual)
    return locations


def event_page(event: Event, *, show_online_link: bool) -> dict[str, Any] | None:
    if event.status not in STATUS:
        return None
    data: dict[str, Any] = {
        "@context": CONTEXT,
        "@type": "Event",
        "name": event.title,
        "url": absolute(event.get_absolute_url()),
        "startDate": timezone.localtime(event.starts_at, BERLIN).isoformat(),
        "endDate": timezone.localtime(event.ends_at, BERLIN).isoformat(),
        "eventStatus": STATUS[event.status],
        "eventAttendanceMode": _attendance_mode(event),
        "inLanguage": "de",
    }
    if event.description:
        data["description"] = event.description
    locations = _locations(event, show_online_link=show_online_link)
    if locations:
        data["location"] = locations[0] if len(locations) == 1 else locations
    if event.host_municipality_id:
        data["organizer"] = municipality_organisation(event.host_municipality)
    else:
        data["organizer"] = {
            "@type": "Organization",
            "name": settings.OPENDATA_PUBLISHER_NAME,
            "url": settings.OPENDATA_PUBLISHER_URL,
        }
    return data
