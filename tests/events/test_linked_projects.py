"""An agenda item links a project only for readers who may see the project;
for everyone else it shows its own title (page and API), as a matrix of
readers and project states."""

import pytest

from projects.models import Project
from tests.events.factories import AgendaItemFactory, EventFactory, ProjectFactory

pytestmark = pytest.mark.django_db

READERS = ["anonymous", "speyer_staff", "landau_staff", "coordinator", "ministry"]
HIDDEN_STATES = ["draft", "submitted", "rejected", "archived"]


def sees(reader: str, state: str) -> bool:
    """Project.objects.visible_to: published for all, all for coordinators,
    every state of its own projects for the lead city's staff (Speyer here)."""
    return state == "published" or reader in ("coordinator", "speyer_staff")


@pytest.fixture
def agenda(speyer):
    def make(state: str):
        event = EventFactory(title="Markt der Projekte", slug="markt")
        project = ProjectFactory(
            title="Geheimer Projekttitel", slug="geheim", state=state, lead_municipality=speyer
        )
        AgendaItemFactory(event=event, title="Stand der Stadt Speyer", project=project)
        return event, project

    return make


@pytest.mark.parametrize("state", ["published", *HIDDEN_STATES])
@pytest.mark.parametrize("reader", READERS)
def test_event_page(reader, state, agenda, request, actor_client):
    event, _project = agenda(state)
    user = None if reader == "anonymous" else request.getfixturevalue(reader)
    body = actor_client(user).get(f"/termine/{event.slug}/").content.decode()
    assert "Stand der Stadt Speyer" in body
    assert ("Geheimer Projekttitel" in body) is sees(reader, state)
    assert ('href="/projekte/geheim/"' in body) is (state == "published")


@pytest.mark.parametrize("state", ["published", *HIDDEN_STATES])
@pytest.mark.parametrize("reader", READERS)
def test_event_api(reader, state, agenda, request, actor_client):
    event, project = agenda(state)
    user = None if reader == "anonymous" else request.getfixturevalue(reader)
    client = actor_client(user)
    for url in (f"/api/v1/events/{event.slug}/", "/api/v1/events/"):
        data = client.get(url).json()
        (item,) = (data if "agenda" in data else data["results"][0])["agenda"]
        assert item["title"] == "Stand der Stadt Speyer"
        expected = {"id": project.pk, "slug": "geheim", "title": "Geheimer Projekttitel"}
        assert item["project"] == (expected if sees(reader, state) else None)


def test_the_calendar_feed_names_no_project(agenda, client):
    event, _project = agenda(Project.State.DRAFT)
    body = client.get(f"/termine/{event.slug}/kalender.ics").content.decode()
    body = body.replace("\r\n ", "")  # unfold the lines of RFC 5545
    assert "Stand der Stadt Speyer" in body and "Geheimer Projekttitel" not in body


def test_the_agenda_costs_one_query_for_all_linked_projects(
    agenda, client, django_assert_num_queries
):
    event, _project = agenda(Project.State.PUBLISHED)
    for number in range(5):
        project = ProjectFactory(title=f"Projekt {number}")
        AgendaItemFactory(event=event, title=f"Punkt {number}", project=project)
    client.get(f"/api/v1/events/{event.slug}/")  # warm up: session, throttle, ...
    with django_assert_num_queries(3):  # event, agenda items, their visible projects
        assert client.get(f"/api/v1/events/{event.slug}/").status_code == 200
