"""schema.org JSON-LD on project, meeting and municipality pages: parsed from
the page, the required properties there, contact persons never."""

import json
import re
from datetime import datetime

import pytest
from django.urls import reverse

from events.models import Event
from projects.models import Project
from tests.events.factories import EventFactory, berlin
from tests.projects.factories import ProjectFactory

BLOCK = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def json_ld(response) -> list[dict]:
    assert response.status_code == 200
    return [json.loads(block) for block in BLOCK.findall(response.content.decode())]


def only(response) -> dict:
    blocks = json_ld(response)
    assert len(blocks) == 1
    assert blocks[0]["@context"] == "https://schema.org"
    return blocks[0]


@pytest.fixture
def software(speyer):
    return ProjectFactory(
        title="Mängelmelder </script><script>alert(1)</script>",
        slug="maengelmelder",
        summary="Schäden melden & verfolgen.",
        lead_municipality=speyer,
        licence="EUPL-1.2",
        repository_url="https://gitlab.opencode.de/speyer/maengelmelder",
        contact_name="Erika Mustermann",
        contact_email="erika@speyer.example",
        contact_phone="06232 123",
    )


def test_a_software_project_is_a_software_application(client, software, speyer_staff):
    client.force_login(speyer_staff)  # contact data on the page, never in the JSON-LD
    response = client.get(software.get_absolute_url())
    data = only(response)
    assert data["@type"] == "SoftwareApplication"
    assert data["name"] == software.title
    assert data["description"] == software.summary
    assert data["license"] == "https://spdx.org/licenses/EUPL-1.2.html"
    assert datetime.fromisoformat(data["dateModified"])
    assert data["url"].endswith("/projekte/maengelmelder/")
    creator = data["creator"]
    assert creator["@type"] == "GovernmentOrganization"
    assert creator["name"] == "Stadt Speyer"
    assert creator["identifier"]["value"] == "07318000"
    assert data["subjectOf"]["url"].endswith("/projekte/maengelmelder/publiccode.yml")
    block = BLOCK.search(response.content.decode()).group(1)
    assert "</script>" not in block and "\\u003C/script\\u003E" in block
    for private in ("Erika", "erika@speyer.example", "06232"):
        assert private not in block


def test_other_projects_are_creative_works(client, speyer):
    published = ProjectFactory(lead_municipality=speyer)
    data = only(client.get(published.get_absolute_url()))
    assert data["@type"] == "CreativeWork"
    assert data["creator"]["@type"] == "GovernmentOrganization"
    assert "license" not in data  # none given


def test_unpublished_projects_carry_none(client, speyer, speyer_staff):
    draft = ProjectFactory(lead_municipality=speyer, state=Project.State.DRAFT)
    client.force_login(speyer_staff)
    assert json_ld(client.get(draft.get_absolute_url())) == []


def test_a_meeting_is_an_event_in_berlin_time(client, db):
    event = EventFactory(
        slug="sommer",
        starts_at=berlin(2027, 7, 1, 10),
        ends_at=berlin(2027, 7, 1, 14),
        online_url="https://meet.example/geheim",
    )
    data = only(client.get(event.get_absolute_url()))
    assert data["@type"] == "Event"
    assert data["startDate"] == "2027-07-01T10:00:00+02:00"
    assert data["endDate"] == "2027-07-01T14:00:00+02:00"
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert data["eventAttendanceMode"] == "https://schema.org/MixedEventAttendanceMode"
    place, virtual = data["location"]
    assert place["@type"] == "Place" and place["name"] == "Rathaus"
    assert virtual["@type"] == "VirtualLocation"
    # the page does not show the link to the public: neither does the JSON-LD
    assert "meet.example" not in json.dumps(data)
    assert data["organizer"]["name"]


def test_the_online_link_where_the_page_shows_it(client, coordinator):
    event = EventFactory(venue="", address="", online_url="https://meet.example/raum")
    client.force_login(coordinator)
    data = only(client.get(event.get_absolute_url()))
    assert data["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
    assert data["location"] == {"@type": "VirtualLocation", "url": "https://meet.example/raum"}


def test_a_cancelled_meeting_says_so(client, db):
    event = EventFactory(
        status=Event.Status.CANCELLED,
        starts_at=berlin(2027, 1, 15, 9),
        ends_at=berlin(2027, 1, 15, 12),
    )
    data = only(client.get(event.get_absolute_url()))
    assert data["eventStatus"] == "https://schema.org/EventCancelled"
    assert data["startDate"] == "2027-01-15T09:00:00+01:00"


def test_a_municipality_is_a_government_organization_with_its_ags(client, speyer):
    data = only(client.get(reverse("members:municipality-detail", kwargs={"slug": "speyer"})))
    assert data["@type"] == "GovernmentOrganization"
    assert data["identifier"] == {
        "@type": "PropertyValue",
        "propertyID": "Amtlicher Gemeindeschlüssel",
        "value": "07318000",
    }
    assert data["name"] == "Stadt Speyer"
