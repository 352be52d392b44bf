"""Atom feeds of new projects and upcoming meetings, read by a feed parser."""

import feedparser
import pytest

from events.models import Event
from projects.models import Project
from tests.events.factories import EventFactory, in_days
from tests.members.factories import MunicipalityFactory
from tests.projects.factories import ParticipationFactory, ProjectFactory, TopicFactory

pytestmark = pytest.mark.django_db


def _parse(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    return feed


def test_project_feed_lists_published_projects_only(client, speyer):
    ProjectFactory(title="Park-App", lead_municipality=speyer)
    ProjectFactory(title="Geheimer Entwurf", state=Project.State.DRAFT, published_at=None)
    feed = _parse(client, "/projekte/feed/")
    assert [entry.title for entry in feed.entries] == ["Park-App"]
    entry = feed.entries[0]
    assert entry.link.endswith("/projekte/" + Project.objects.get(title="Park-App").slug + "/")
    assert entry.author == "Speyer"  # the city, never a person
    assert "@" not in str(feed)  # no contact addresses


def test_project_feed_by_topic_and_municipality(client, speyer, landau):
    mobility = TopicFactory(name="Mobilität", slug="mobilitaet")
    ProjectFactory(title="E-Scooter", lead_municipality=speyer, topics=[mobility])
    partnered = ProjectFactory(title="Park-App", lead_municipality=landau, topics=[mobility])
    ParticipationFactory(project=partnered, municipality=speyer)
    ProjectFactory(title="Kitaportal", lead_municipality=landau)
    by_topic = _parse(client, "/projekte/feed/?thema=mobilitaet")
    assert {e.title for e in by_topic.entries} == {"E-Scooter", "Park-App"}
    assert [t.term for t in by_topic.entries[0].tags] == ["Mobilität"]
    by_city = _parse(client, "/projekte/feed/?kommune=speyer")
    assert {e.title for e in by_city.entries} == {"E-Scooter", "Park-App"}
    assert client.get("/projekte/feed/?thema=gibt-es-nicht").status_code == 404


def test_event_feed_lists_upcoming_published_meetings(client):
    host = MunicipalityFactory(name="Kaiserslautern", slug="kaiserslautern")
    EventFactory(title="Netzwerktreffen", starts_at=in_days(10), host_municipality=host)
    EventFactory(title="Entwurf", status=Event.Status.DRAFT, starts_at=in_days(5))
    EventFactory(title="Vorbei", starts_at=in_days(-5))
    feed = _parse(client, "/termine/feed/")
    assert [entry.title.split(": ", 1)[1] for entry in feed.entries] == ["Netzwerktreffen"]


def test_pages_link_the_feeds(client):
    catalogue = client.get("/projekte/").content.decode()
    assert 'rel="alternate" type="application/atom+xml"' in catalogue
    assert 'href="/projekte/feed/"' in catalogue
    meetings = client.get("/termine/").content.decode()
    assert 'href="/termine/feed/"' in meetings
