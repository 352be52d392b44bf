"""iCal files and the feed parse back with the right times, also across DST changes."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest

from events import ical, services
from events.models import Event
from tests.events.factories import AgendaItemFactory, EventFactory, berlin

pytestmark = pytest.mark.django_db

BERLIN = ZoneInfo("Europe/Berlin")


def parse(body: bytes) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical(body)


def only_event(calendar: icalendar.Calendar) -> icalendar.Event:
    (component,) = calendar.walk("VEVENT")
    return component


def utc(value: datetime) -> datetime:
    return value.astimezone(UTC)


@pytest.mark.parametrize(
    ("start", "end", "start_utc", "end_utc"),
    [
        # winter time, UTC+1
        (berlin(2027, 1, 20, 10), berlin(2027, 1, 20, 16), "2027-01-20 09:00", "2027-01-20 15:00"),
        # summer time, UTC+2
        (berlin(2027, 7, 14, 10), berlin(2027, 7, 14, 16), "2027-07-14 08:00", "2027-07-14 14:00"),
        # spans the change to summer time (night of 28/29 March 2026): 17 hours
        (berlin(2026, 3, 28, 18), berlin(2026, 3, 29, 12), "2026-03-28 17:00", "2026-03-29 10:00"),
        # spans the change to winter time (night of 24/25 October 2026): 19 hours
        (
            berlin(2026, 10, 24, 18),
            berlin(2026, 10, 25, 12),
            "2026-10-24 16:00",
            "2026-10-25 11:00",
        ),
    ],
)
def test_event_file_parses_back_with_the_right_times(start, end, start_utc, end_utc, client):
    event = EventFactory(starts_at=start, ends_at=end)

    response = client.get(f"/termine/{event.slug}/kalender.ics")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert f'filename="{event.slug}.ics"' in response["Content-Disposition"]
    calendar = parse(response.content)
    component = only_event(calendar)
    dtstart, dtend = component["DTSTART"], component["DTEND"]
    assert dtstart.params["TZID"] == "Europe/Berlin"
    assert dtend.params["TZID"] == "Europe/Berlin"
    assert dtstart.dt == start and dtend.dt == end
    assert utc(dtstart.dt).strftime("%Y-%m-%d %H:%M") == start_utc
    assert utc(dtend.dt).strftime("%Y-%m-%d %H:%M") == end_utc
    # a program that knows no zone names and reads only the file's VTIMEZONE
    (vtimezone,) = calendar.walk("VTIMEZONE")
    own_rules = vtimezone.to_tz(lookup_tzid=False)
    for prop, expected in ((dtstart, start_utc), (dtend, end_utc)):
        local = prop.dt.replace(tzinfo=None).replace(tzinfo=own_rules)
        assert utc(local).strftime("%Y-%m-%d %H:%M") == expected
    # wall-clock times as announced, not UTC
    body = response.content.decode()
    assert f"DTSTART;TZID=Europe/Berlin:{start:%Y%m%dT%H%M%S}" in body
    assert f"DTEND;TZID=Europe/Berlin:{end:%Y%m%dT%H%M%S}" in body


def test_the_vtimezone_matches_europe_berlin_in_every_season():
    calendar = parse(ical.build_calendar([]))
    (vtimezone,) = calendar.walk("VTIMEZONE")
    assert vtimezone["TZID"] == "Europe/Berlin"
    # Build the zone from our VTIMEZONE's rules, not from the name Europe/Berlin.
    tz = vtimezone.to_tz(lookup_tzid=False)
    assert not isinstance(tz, ZoneInfo)

    # naive local wall-clock times, each read once with zoneinfo and once with our rules
    first = datetime(2019, 1, 1, 12)  # noqa: DTZ001
    moments = [first + timedelta(days=d) for d in range(0, 12 * 366, 5)]
    # the hours around each change, where a wrong rule shows first
    for year in range(2019, 2031):
        for month in (3, 10):
            last_sunday = max(
                date(year, month, day)
                for day in range(25, 32)
                if date(year, month, day).weekday() == 6
            )
            moments += [
                datetime.combine(last_sunday, datetime.min.time()) + timedelta(hours=h)
                for h in (0, 1, 4, 5, 23)
            ]
    for naive in moments:
        expected = naive.replace(tzinfo=BERLIN).utcoffset()
        assert naive.replace(tzinfo=tz).utcoffset() == expected, naive


def test_file_carries_uid_sequence_status_url_and_the_agenda(client, settings):
    settings.SITE_URL = "https://portal.ikone-rlp.de"
    event = EventFactory(title="Digitale Dörfer", slug="digitale-doerfer")
    AgendaItemFactory(event=event, title="Begrüßung", speaker="Dr. Muster")

    calendar = parse(client.get("/termine/digitale-doerfer/kalender.ics").content)

    assert calendar["METHOD"] == "PUBLISH"
    assert calendar["VERSION"] == "2.0"
    assert calendar["PRODID"] == ical.PRODID
    assert len(calendar.walk("VTIMEZONE")) == 1
    component = only_event(calendar)
    assert component["UID"] == f"event-{event.ical_uid}@ikone-rlp.de"
    assert component["SEQUENCE"] == 0
    assert component["STATUS"] == "CONFIRMED"
    assert component["SUMMARY"] == "Digitale Dörfer"
    assert component["URL"] == "https://portal.ikone-rlp.de/termine/digitale-doerfer/"
    assert "Begrüßung (Dr. Muster)" in component["DESCRIPTION"]
    assert component["LOCATION"] == "Rathaus, Marktplatz 1, 67346 Speyer"
    assert "DTSTAMP" in component


def test_uid_is_stable_and_sequence_rises_with_every_change(client, coordinator):
    event = EventFactory()
    url = f"/termine/{event.slug}/kalender.ics"
    first = only_event(parse(client.get(url).content))

    event.title = "Verschoben"
    event.starts_at += timedelta(days=1)
    event.ends_at += timedelta(days=1)
    services.event_save(event=event, actor=coordinator, changed=["title", "starts_at", "ends_at"])
    second = only_event(parse(client.get(url).content))

    assert second["UID"] == first["UID"]
    assert (first["SEQUENCE"], second["SEQUENCE"]) == (0, 1)
    assert second["SUMMARY"] == "Verschoben"


def test_cancelled_event_file_is_a_cancellation(client, coordinator):
    event = EventFactory()
    services.event_cancel(event=event, actor=coordinator)

    calendar = parse(client.get(f"/termine/{event.slug}/kalender.ics").content)

    assert calendar["METHOD"] == "CANCEL"
    component = only_event(calendar)
    assert component["STATUS"] == "CANCELLED"
    assert component["SEQUENCE"] == 1


def test_online_link_only_for_seated_participants(client, actor_client, speyer_staff):
    event = EventFactory(venue="", address="", online_url="https://konferenz.example/raum-1")
    public = client.get(f"/termine/{event.slug}/kalender.ics").content.decode()
    assert "konferenz.example" not in public
    assert "LOCATION:Online" in public

    services.registration_create(event=event, user=speyer_staff, actor=speyer_staff)
    own = actor_client(speyer_staff).get(f"/termine/{event.slug}/kalender.ics")
    assert "https://konferenz.example/raum-1" in only_event(parse(own.content))["LOCATION"]


def test_draft_file_is_not_found_for_the_public(client):
    event = EventFactory(status=Event.Status.DRAFT)
    assert client.get(f"/termine/{event.slug}/kalender.ics").status_code == 404


def test_feed_lists_published_and_cancelled_meetings_with_the_right_times(client):
    winter = EventFactory(
        title="Winter", starts_at=berlin(2026, 12, 2, 10), ends_at=berlin(2026, 12, 2, 12)
    )
    summer = EventFactory(
        title="Sommer", starts_at=berlin(2027, 6, 2, 10), ends_at=berlin(2027, 6, 2, 12)
    )
    cancelled = EventFactory(title="Abgesagt", status=Event.Status.CANCELLED)
    EventFactory(title="Entwurf", status=Event.Status.DRAFT)

    response = client.get("/termine/feed.ics")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = parse(response.content)
    assert "METHOD" not in calendar
    assert calendar["X-WR-CALNAME"] == "IKONE-DS – Termine des Netzwerks"
    assert len(calendar.walk("VTIMEZONE")) == 1
    by_title = {str(c["SUMMARY"]): c for c in calendar.walk("VEVENT")}
    assert set(by_title) == {"Winter", "Sommer", "Abgesagt"}
    assert utc(by_title["Winter"]["DTSTART"].dt) == datetime(2026, 12, 2, 9, tzinfo=UTC)
    assert utc(by_title["Sommer"]["DTSTART"].dt) == datetime(2027, 6, 2, 8, tzinfo=UTC)
    assert by_title["Abgesagt"]["STATUS"] == "CANCELLED"
    uids = {str(c["UID"]) for c in calendar.walk("VEVENT")}
    assert uids == {ical.event_uid(e) for e in (winter, summer, cancelled)}


def test_feed_runs_a_constant_number_of_queries(client, django_assert_max_num_queries):
    for _ in range(12):
        event = EventFactory()
        AgendaItemFactory(event=event)
    with django_assert_max_num_queries(3):
        assert client.get("/termine/feed.ics").status_code == 200
