"""iCalendar (RFC 5545) for meetings: one file per event, a feed, mail attachments.

Times are written in Europe/Berlin with a TZID and a matching VTIMEZONE, so
calendar programs show the wall-clock time the network announced, across the
change between summer and winter time. The UID of an event never changes;
SEQUENCE rises with every change, so programs replace their copy.
"""

from collections.abc import Iterable
from datetime import datetime, timedelta
from email.utils import parseaddr
from zoneinfo import ZoneInfo

import icalendar
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from events.models import Event

BERLIN = ZoneInfo("Europe/Berlin")
PRODID = "-//IKONE-DS//IKONE-Portal//DE"
UID_DOMAIN = "ikone-rlp.de"
CONTENT_TYPE = "text/calendar; charset=utf-8"


def berlin_vtimezone() -> icalendar.Timezone:
    """Europe/Berlin as the EU has defined it since 1996: summer time from the
    last Sunday in March 02:00 to the last Sunday in October 03:00 local time."""
    tz = icalendar.Timezone()
    tz.add("TZID", "Europe/Berlin")
    tz.add("X-LIC-LOCATION", "Europe/Berlin")

    daylight = icalendar.TimezoneDaylight()
    daylight.add("TZNAME", "CEST")
    daylight.add("TZOFFSETFROM", timedelta(hours=1))
    daylight.add("TZOFFSETTO", timedelta(hours=2))
    daylight.add("DTSTART", datetime(1970, 3, 29, 2, 0, 0))  # noqa: DTZ001 - local time by RFC
    daylight.add("RRULE", {"FREQ": "YEARLY", "BYMONTH": 3, "BYDAY": "-1SU"})

    standard = icalendar.TimezoneStandard()
    standard.add("TZNAME", "CET")
    standard.add("TZOFFSETFROM", timedelta(hours=2))
    standard.add("TZOFFSETTO", timedelta(hours=1))
    standard.add("DTSTART", datetime(1970, 10, 25, 3, 0, 0))  # noqa: DTZ001 - local time by RFC
    standard.add("RRULE", {"FREQ": "YEARLY", "BYMONTH": 10, "BYDAY": "-1SU"})

    tz.add_component(daylight)
    tz.add_component(standard)
    return tz


def event_uid(event: Event) -> str:
    return f"event-{event.ical_uid}@{UID_DOMAIN}"


def event_url(event: Event) -> str:
    return f"{settings.SITE_URL}{event.get_absolute_url()}"


def _location(event: Event, *, include_private: bool) -> str:
    parts = [event.venue, event.address.replace("\r\n", ", ").replace("\n", ", ")]
    place = ", ".join(part for part in parts if part)
    if event.online_url:
        online = event.online_url if include_private else _("Online")
        place = f"{place} / {online}" if place else online
    return place


def _description(event: Event, *, include_private: bool) -> str:
    lines = []
    if event.description:
        lines.append(event.description.strip())
    if event.time_note:
        lines.append(event.time_note)
    agenda = list(event.agenda_items.all())
    if agenda:
        lines.append("")
        lines.append(_("Programm:"))
        for item in agenda:
            when = f"{timezone.localtime(item.starts_at, BERLIN):%H:%M} " if item.starts_at else ""
            speaker = f" ({item.speaker})" if item.speaker else ""
            lines.append(f"- {when}{item.title}{speaker}")
    if include_private and event.online_url:
        lines.append("")
        lines.append(_("Online-Teilnahme: %(url)s") % {"url": event.online_url})
    lines.append("")
    lines.append(event_url(event))
    return "\n".join(lines).strip()


def _organizer() -> icalendar.vCalAddress:
    name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    organizer = icalendar.vCalAddress(f"mailto:{address}")
    organizer.params["CN"] = icalendar.vText(name or "IKONE-Portal")
    return organizer


def event_component(event: Event, *, include_private: bool = False) -> icalendar.Event:
    """One VEVENT. ``include_private`` adds the online link (for participants only)."""
    component = icalendar.Event()
    component.add("UID", event_uid(event))
    component.add("DTSTAMP", timezone.now().astimezone(ZoneInfo("UTC")))
    component.add("DTSTART", timezone.localtime(event.starts_at, BERLIN))
    component.add("DTEND", timezone.localtime(event.ends_at, BERLIN))
    component.add("SEQUENCE", event.sequence)
    component.add("SUMMARY", event.title)
    component.add("DESCRIPTION", _description(event, include_private=include_private))
    location = _location(event, include_private=include_private)
    if location:
        component.add("LOCATION", location)
    component.add("URL", event_url(event), parameters={"VALUE": "URI"})
    component.add("CATEGORIES", [event.get_kind_display()])
    component.add("ORGANIZER", _organizer())
    component.add("STATUS", "CANCELLED" if event.status == Event.Status.CANCELLED else "CONFIRMED")
    component.add("TRANSP", "OPAQUE")
    if event.created_at:
        component.add("CREATED", event.created_at.astimezone(ZoneInfo("UTC")))
    if event.updated_at:
        component.add("LAST-MODIFIED", event.updated_at.astimezone(ZoneInfo("UTC")))
    return component


def build_calendar(
    events: Iterable[Event],
    *,
    method: str | None = None,
    include_private: bool = False,
    name: str | None = None,
) -> bytes:
    calendar = icalendar.Calendar()
    calendar.add("PRODID", PRODID)
    calendar.add("VERSION", "2.0")
    calendar.add("CALSCALE", "GREGORIAN")
    if method:
        calendar.add("METHOD", method)
    if name:
        calendar.add("X-WR-CALNAME", name)
        calendar.add("X-WR-TIMEZONE", "Europe/Berlin")
    calendar.add_component(berlin_vtimezone())
    for event in events:
        calendar.add_component(event_component(event, include_private=include_private))
    return calendar.to_ical()


def event_calendar(event: Event, *, include_private: bool = False) -> bytes:
    """The .ics for one event: METHOD:CANCEL once it is cancelled, PUBLISH before."""
    method = "CANCEL" if event.status == Event.Status.CANCELLED else "PUBLISH"
    return build_calendar([event], method=method, include_private=include_private)


def feed_calendar(events: Iterable[Event]) -> bytes:
    """The subscription feed. No METHOD: a feed is a published calendar, not a
    scheduling message; cancelled meetings stay in it with STATUS:CANCELLED."""
    return build_calendar(events, name=_("IKONE-DS – Termine des Netzwerks"))
