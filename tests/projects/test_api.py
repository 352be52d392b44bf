"""The projects API beyond permissions: shape, filters, search, ordering, actions."""

from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from projects import services
from projects.models import Project
from tests.projects.factories import AdoptionFactory, ProjectFactory, TopicFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


def slugs(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [item["slug"] for item in response.json()["results"]]


def test_list_item_shape(published, landau, api):
    published.topics.set([TopicFactory(name="Mobilität", slug="mobilitaet")])
    published.investment_cost = Decimal("60750.00")
    published.save()
    AdoptionFactory(project=published, municipality=landau)
    (item,) = api.get("/api/v1/projects/").json()["results"]
    assert item["slug"] == "smarte-lichtmasten"
    assert item["url"] == "http://testserver/api/v1/projects/smarte-lichtmasten/"
    assert item["web_url"] == "http://testserver/projekte/smarte-lichtmasten/"
    assert item["lead_municipality"] == {"slug": "speyer", "name": "Speyer", "ags": "07318000"}
    assert item["topics"] == [{"slug": "mobilitaet", "name": "Mobilität"}]
    assert item["investment_cost"] == "60750.00"  # decimals as strings, exact to the cent
    assert item["adoption_count"] == 1
    assert item["phase_display"] == "Betrieb"


def test_detail_shape(published, landau, coordinator, api):
    services.project_update(
        project=published, actor=coordinator, description="**Sensoren** messen."
    )
    published.participations.create(municipality=landau)
    data = api.get("/api/v1/projects/smarte-lichtmasten/").json()
    assert data["description_html"] == "<p><strong>Sensoren</strong> messen.</p>"
    landau_ref = {"slug": "landau", "name": "Landau in der Pfalz", "ags": "07313000"}
    assert data["partners"] == [landau_ref]
    assert data["adoptions"] == []
    assert data["rejection_reason"] is None


def test_search_filters_and_ordering(speyer, landau, api):
    mobility = TopicFactory(slug="mobilitaet")
    park = ProjectFactory(
        title="Park-Apps", slug="park-apps", topics=[mobility], lead_municipality=speyer
    )
    ProjectFactory(
        title="Smarte Lichtmasten", slug="lichtmasten", lead_municipality=landau, phase="planung"
    )
    parking = ProjectFactory(
        title="Parkhaus-Leitsystem",
        slug="parkhaus",
        summary="Zeigt freie Plätze in Parkhäusern.",
        lead_municipality=landau,
        investment_cost=Decimal("100000"),
    )
    AdoptionFactory(project=parking)
    AdoptionFactory(project=parking)
    AdoptionFactory(project=park)
    assert slugs(api.get("/api/v1/projects/", {"search": "Lichtmast"})) == ["lichtmasten"]
    assert slugs(api.get("/api/v1/projects/", {"search": "Park", "ordering": "reused"})) == [
        "parkhaus",
        "park-apps",
    ]
    assert slugs(api.get("/api/v1/projects/", {"ordering": "title"})) == [
        "park-apps",
        "parkhaus",
        "lichtmasten",
    ]
    assert slugs(api.get("/api/v1/projects/", {"topic": "mobilitaet"})) == ["park-apps"]
    assert slugs(api.get("/api/v1/projects/", {"municipality": "landau", "phase": "planung"})) == [
        "lichtmasten"
    ]
    assert slugs(api.get("/api/v1/projects/", {"cost_min": "50000"})) == ["parkhaus"]
    assert sorted(slugs(api.get("/api/v1/projects/", {"adopted": "true"}))) == [
        "park-apps",
        "parkhaus",
    ]
    assert slugs(api.get("/api/v1/projects/", {"adopted": "false"})) == ["lichtmasten"]
    # Relevance: the title match before the summary match.
    assert slugs(api.get("/api/v1/projects/", {"search": "Parkhaus"})) == ["parkhaus"]
    assert slugs(api.get("/api/v1/projects/", {"search": "Park", "ordering": "relevance"}))[0] in {
        "park-apps",
        "parkhaus",
    }


def test_state_filter_for_the_moderation_queue(published, submitted, draft, coordinator, api):
    api.force_authenticate(coordinator)
    assert slugs(api.get("/api/v1/projects/", {"state": "submitted"})) == ["kitaportal-speyer"]


def test_page_size_is_bounded(speyer, api):
    for n in range(3):
        ProjectFactory(lead_municipality=speyer, title=f"P {n}")
    assert api.get("/api/v1/projects/", {"page_size": 100}).json()["count"] == 3
    response = api.get("/api/v1/projects/", {"page_size": 1000})
    assert response.status_code == 400
    assert response.json() == {"page_size": ["Der Wert darf höchstens 100 sein."]}


def test_create_update_submit_publish_through_the_api(speyer_staff, coordinator, speyer):
    staff = APIClient()
    staff.force_authenticate(speyer_staff)
    response = staff.post(
        "/api/v1/projects/",
        {
            "title": "Digitale Sitzungen",
            "summary": "Ratsarbeit ohne Papier.",
            "phase": "umsetzung",
            "topics": [TopicFactory(slug="verwaltung").slug],
            "investment_cost": "1234.56",
            "running_cost_per_year": "99.90",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["slug"] == "digitale-sitzungen"
    assert data["state"] == "draft"
    assert response["Location"] == data["url"]
    project = Project.objects.get(slug="digitale-sitzungen")
    assert project.investment_cost == Decimal("1234.56")
    assert project.created_by == speyer_staff

    response = staff.patch(
        "/api/v1/projects/digitale-sitzungen/", {"summary": "Ratsarbeit digital."}, format="json"
    )
    assert response.json()["summary"] == "Ratsarbeit digital."
    assert staff.post("/api/v1/projects/digitale-sitzungen/submit/").json()["state"] == "submitted"
    response = staff.post("/api/v1/projects/digitale-sitzungen/submit/")
    assert response.status_code == 409  # the state refuses it, not the request
    assert response.json() == {
        "detail": "Nur Entwürfe und abgelehnte Projekte können zur Prüfung eingereicht werden."
    }

    moderator = APIClient()
    moderator.force_authenticate(coordinator)
    response = moderator.post("/api/v1/projects/digitale-sitzungen/reject/", {}, format="json")
    assert response.status_code == 400
    assert "reason" in response.json()
    assert (
        moderator.post("/api/v1/projects/digitale-sitzungen/publish/").json()["state"]
        == "published"
    )


def test_slug_is_unique_and_avoids_reserved_paths(speyer_staff, speyer):
    client = APIClient()
    client.force_authenticate(speyer_staff)
    first = client.post(
        "/api/v1/projects/", {"title": "Neu", "summary": "x", "phase": "idee"}, format="json"
    )
    second = client.post(
        "/api/v1/projects/", {"title": "Neu", "summary": "x", "phase": "idee"}, format="json"
    )
    assert first.json()["slug"] == "neu-2"
    assert second.json()["slug"] == "neu-3"


def test_adoption_lifecycle_through_the_api(published, landau_staff):
    client = APIClient()
    client.force_authenticate(landau_staff)
    response = client.post(
        "/api/v1/adoptions/", {"project": published.slug, "note": "Wir prüfen."}, format="json"
    )
    assert response.status_code == 201
    data = response.json()
    landau_ref = {"slug": "landau", "name": "Landau in der Pfalz", "ags": "07313000"}
    assert data["municipality"] == landau_ref
    assert data["lead_municipality"]["slug"] == "speyer"
    assert data["status"] == "interessiert"
    url = f"/api/v1/adoptions/{data['id']}/"
    response = client.patch(url, {"status": "in_umsetzung"}, format="json")
    assert response.status_code == 200
    assert response.json()["started_on"] is not None  # set when implementation starts
    response = client.patch(url, {"status": "im_betrieb"}, format="json")
    assert response.json()["completed_on"] is not None
    assert APIClient().get(url).json()["note"] is None  # notes only for logged-in users
    assert client.get("/api/v1/adoptions/", {"municipality": "landau"}).json()["count"] == 1
    assert client.get("/api/v1/adoptions/", {"status": "interessiert"}).json()["count"] == 0


def test_topics_api(published):
    topic = TopicFactory(name="Mobilität", slug="mobilitaet")
    published.topics.add(topic)
    ProjectFactory(topics=[topic], state="draft")
    data = APIClient().get("/api/v1/topics/").json()
    assert data == [
        {
            "slug": "mobilitaet",
            "name": "Mobilität",
            "name_en": "",
            "description": "",
            "project_count": 1,
        }
    ]
    assert APIClient().get("/api/v1/topics/mobilitaet/").status_code == 200


def test_schema_documents_the_project_endpoints(client):
    schema = client.get("/api/schema/").content.decode()
    for path in [
        "/api/v1/projects/{slug}/submit/",
        "/api/v1/projects/{slug}/publish/",
        "/api/v1/projects/{slug}/reject/",
        "/api/v1/projects/{slug}/similar/",
        "/api/v1/adoptions/",
        "/api/v1/topics/",
    ]:
        assert path in schema
