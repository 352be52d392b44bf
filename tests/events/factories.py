from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from events.models import AgendaItem, Event, Registration
from projects.models import Project
from tests.members.factories import MunicipalityFactory

BERLIN = ZoneInfo("Europe/Berlin")


def berlin(year, month, day, hour=10, minute=0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=BERLIN)


def in_days(days: int, at: time = time(10, 0)) -> datetime:
    return datetime.combine(timezone.localdate() + timedelta(days=days), at, tzinfo=BERLIN)


class EventFactory(DjangoModelFactory):
    class Meta:
        model = Event

    kind = Event.Kind.NETWORK_MEETING
    title = factory.Sequence(lambda n: f"Netzwerktreffen {n}")
    slug = factory.Sequence(lambda n: f"netzwerktreffen-{n}")
    description = "Austausch der Mitgliedskommunen."
    starts_at = factory.LazyFunction(lambda: in_days(14))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(hours=4))
    venue = "Rathaus"
    address = "Marktplatz 1\n67346 Speyer"
    status = Event.Status.PUBLISHED
    capacity = None


class AgendaItemFactory(DjangoModelFactory):
    class Meta:
        model = AgendaItem

    event = factory.SubFactory(EventFactory)
    title = factory.Sequence(lambda n: f"Programmpunkt {n}")
    speaker = ""


class ProjectFactory(DjangoModelFactory):
    """Only the Project fields the events app relies on (id, title, slug, state)."""

    class Meta:
        model = Project

    title = factory.Sequence(lambda n: f"Projekt {n}")
    slug = factory.Sequence(lambda n: f"projekt-{n}")
    summary = "Kurzbeschreibung"
    lead_municipality = factory.SubFactory(MunicipalityFactory)
    state = Project.State.PUBLISHED


class RegistrationFactory(DjangoModelFactory):
    """A registration row written directly (tests of reads); writes use the services."""

    class Meta:
        model = Registration

    event = factory.SubFactory(EventFactory)
    status = Registration.Status.CONFIRMED
    confirmed_at = factory.LazyFunction(timezone.now)
