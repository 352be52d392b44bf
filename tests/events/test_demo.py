"""load_demo: the first network meeting and an example meeting, idempotent."""

import io
from datetime import UTC, datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from events.models import AgendaItem, Event

pytestmark = pytest.mark.django_db


def load_demo():
    call_command("load_demo", "--i-know-this-is-not-production", stdout=io.StringIO())


def test_demo_has_the_first_meeting_and_an_example(settings):
    load_demo()

    first = Event.objects.get(slug="interkommunaler-austausch-digitalisierung-2019")
    assert first.title == "Interkommunaler Austausch – Digitalisierung"
    assert first.venue == "Fraunhofer-Zentrum Kaiserslautern"
    assert first.host_municipality.slug == "kaiserslautern"
    assert timezone.localtime(first.starts_at).date().isoformat() == "2019-05-14"
    assert first.status == Event.Status.PUBLISHED
    assert not first.is_example
    assert "nicht überliefert" in first.time_note and "Beispiel" in first.time_note
    assert "über 50" in first.description
    titles = list(first.agenda_items.values_list("title", flat=True))
    for stand in ("Smarte Lichtmasten", "MoGII", "epicsave", "Kitaportal", "Park-Apps"):
        assert any(stand in title for title in titles), stand

    example = Event.objects.get(slug="beispiel-workshop-nachnutzung")
    assert example.is_example
    assert example.capacity == 3
    assert example.status == Event.Status.PUBLISHED
    assert example.starts_at > timezone.now()
    local_start = timezone.localtime(example.starts_at)
    assert (local_start.weekday(), local_start.hour) == (1, 10)  # a Tuesday, 10:00
    assert example.is_registration_open()
    assert sorted(example.reminder_offsets.values_list("days_before", flat=True)) == [1, 7]


def test_demo_links_agenda_items_to_the_demo_projects():
    load_demo()  # the projects demo runs first (INSTALLED_APPS order)

    linked = {
        item.title: item.project.title
        for item in AgendaItem.objects.filter(project__isnull=False).select_related("project")
    }
    assert "Lichtmast" in linked["Markt der Projekte: Smarte Lichtmasten"]
    assert "Digitale Dörfer" in linked["Vortrag: Digitale Dörfer"]
    assert "Kitaportal" in linked["Markt der Projekte: Kitaportal"]
    assert len(linked) >= 12


def test_demo_runs_twice_without_changes():
    load_demo()
    example = Event.objects.get(slug="beispiel-workshop-nachnutzung")
    before = (
        Event.objects.count(),
        AgendaItem.objects.count(),
        example.starts_at,
        example.ical_uid,
    )

    load_demo()

    example.refresh_from_db()
    assert (
        Event.objects.count(),
        AgendaItem.objects.count(),
        example.starts_at,
        example.ical_uid,
    ) == before
    first = Event.objects.get(slug="interkommunaler-austausch-digitalisierung-2019")
    assert first.starts_at == datetime(2019, 5, 14, 8, 0, tzinfo=UTC)
