"""The permission matrix of docs/architecture.md through the API, for all five actors.

404 for what one may not see, 403 for what one may see but not change, 401
for an anonymous write.
"""

import pytest
from rest_framework.test import APIClient

from projects.models import Adoption, Project
from tests.members.factories import MunicipalityFactory
from tests.projects.helpers import api_project_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    def client_for(user) -> APIClient:
        client = APIClient()
        if user is not None:
            client.force_authenticate(user)
        return client

    return client_for


def url(path: str) -> str:
    return f"/api/v1/{path}"


@pytest.mark.parametrize(
    ("actor", "published_status", "draft_status"),
    [
        ("speyer_staff", 200, 200),
        ("landau_staff", 200, 404),
        ("coordinator", 200, 200),
        ("ministry", 200, 404),
        ("anonymous", 200, 404),
    ],
    indirect=["actor"],
)
def test_retrieve(actor, published_status, draft_status, published, draft, api):
    client = api(actor)
    assert client.get(url(f"projects/{published.slug}/")).status_code == published_status
    assert client.get(url(f"projects/{draft.slug}/")).status_code == draft_status


@pytest.mark.parametrize(
    ("actor", "visible"),
    [
        ("speyer_staff", {"smarte-lichtmasten", "digitales-buergeramt"}),
        ("landau_staff", {"smarte-lichtmasten"}),
        ("coordinator", {"smarte-lichtmasten", "digitales-buergeramt"}),
        ("ministry", {"smarte-lichtmasten"}),
        ("anonymous", {"smarte-lichtmasten"}),
    ],
    indirect=["actor"],
)
def test_list_shows_what_each_actor_may_see(actor, visible, published, draft, api):
    response = api(actor).get(url("projects/"))
    assert response.status_code == 200
    assert {item["slug"] for item in response.json()["results"]} == visible


@pytest.mark.parametrize(
    ("actor", "expected"),
    [
        ("speyer_staff", 201),
        ("landau_staff", 403),
        ("coordinator", 201),
        ("ministry", 403),
        ("anonymous", 401),
    ],
    indirect=["actor"],
)
def test_create_with_speyer_as_lead(actor, expected, speyer, api):
    data = api_project_data(lead_municipality="speyer")
    response = api(actor).post(url("projects/"), data, format="json")
    assert response.status_code == expected, response.content
    assert Project.objects.filter(title=data["title"]).exists() is (expected == 201)


def test_staff_create_defaults_to_own_city(landau_staff, api):
    response = api(landau_staff).post(url("projects/"), api_project_data(), format="json")
    assert response.status_code == 201
    assert response.json()["lead_municipality"]["slug"] == "landau"
    assert response.json()["state"] == "draft"


@pytest.mark.parametrize(
    ("actor", "published_status", "draft_status"),
    [
        ("speyer_staff", 200, 200),
        ("landau_staff", 403, 404),
        ("coordinator", 200, 200),
        ("ministry", 403, 404),
        ("anonymous", 401, 401),
    ],
    indirect=["actor"],
)
def test_update(actor, published_status, draft_status, published, draft, api):
    client = api(actor)
    response = client.patch(url(f"projects/{published.slug}/"), {"summary": "Neu."}, format="json")
    assert response.status_code == published_status
    response = client.patch(url(f"projects/{draft.slug}/"), {"summary": "Neu."}, format="json")
    assert response.status_code == draft_status
    published.refresh_from_db()
    draft.refresh_from_db()
    assert (published.summary == "Neu.") is (published_status == 200)
    assert (draft.summary == "Neu.") is (draft_status == 200)


def test_staff_cannot_move_a_project_to_another_city(published, speyer_staff, landau, api):
    response = api(speyer_staff).patch(
        url(f"projects/{published.slug}/"), {"lead_municipality": "landau"}, format="json"
    )
    assert response.status_code == 403
    published.refresh_from_db()
    assert published.lead_municipality.slug == "speyer"


@pytest.mark.parametrize(
    ("actor", "expected", "state"),
    [
        ("speyer_staff", 200, "submitted"),
        ("landau_staff", 404, "draft"),
        ("coordinator", 200, "submitted"),
        ("ministry", 404, "draft"),
        ("anonymous", 401, "draft"),
    ],
    indirect=["actor"],
)
def test_submit(actor, expected, state, draft, api):
    response = api(actor).post(url(f"projects/{draft.slug}/submit/"))
    assert response.status_code == expected
    draft.refresh_from_db()
    assert draft.state == state


@pytest.mark.parametrize(
    ("actor", "expected", "state"),
    [
        ("speyer_staff", 403, "submitted"),
        ("landau_staff", 404, "submitted"),
        ("coordinator", 200, "published"),
        ("ministry", 404, "submitted"),
        ("anonymous", 401, "submitted"),
    ],
    indirect=["actor"],
)
def test_publish(actor, expected, state, submitted, api):
    response = api(actor).post(url(f"projects/{submitted.slug}/publish/"))
    assert response.status_code == expected
    submitted.refresh_from_db()
    assert submitted.state == state


@pytest.mark.parametrize(
    ("actor", "expected", "state"),
    [
        ("speyer_staff", 403, "submitted"),
        ("landau_staff", 404, "submitted"),
        ("coordinator", 200, "rejected"),
        ("ministry", 404, "submitted"),
        ("anonymous", 401, "submitted"),
    ],
    indirect=["actor"],
)
def test_reject(actor, expected, state, submitted, api):
    response = api(actor).post(
        url(f"projects/{submitted.slug}/reject/"), {"reason": "Unvollständig."}, format="json"
    )
    assert response.status_code == expected
    submitted.refresh_from_db()
    assert submitted.state == state


@pytest.mark.parametrize(
    ("actor", "expected", "state"),
    [
        ("speyer_staff", 403, "published"),
        ("landau_staff", 403, "published"),
        ("coordinator", 200, "archived"),
        ("ministry", 403, "published"),
        ("anonymous", 401, "published"),
    ],
    indirect=["actor"],
)
def test_archive(actor, expected, state, published, api):
    response = api(actor).post(url(f"projects/{published.slug}/archive/"))
    assert response.status_code == expected
    published.refresh_from_db()
    assert published.state == state


@pytest.mark.parametrize(
    ("actor", "expected", "adopted_by"),
    [
        ("speyer_staff", 409, None),  # the lead city cannot adopt its own project
        ("landau_staff", 201, "landau"),
        ("coordinator", 201, "landau"),
        ("ministry", 403, None),
        ("anonymous", 401, None),
    ],
    indirect=["actor"],
)
def test_declare_adoption(actor, expected, adopted_by, published, landau, api):
    data = {"project": published.slug}
    if actor is not None and actor.is_coordinator:
        data["municipality"] = "landau"
    response = api(actor).post(url("adoptions/"), data, format="json")
    assert response.status_code == expected, response.content
    adoption = Adoption.objects.filter(project=published).first()
    assert (adoption.municipality.slug if adoption else None) == adopted_by


def test_staff_cannot_declare_adoption_for_another_city(published, landau_staff, api):
    other = MunicipalityFactory(slug="zweibruecken", name="Zweibrücken")
    response = api(landau_staff).post(
        url("adoptions/"), {"project": published.slug, "municipality": other.slug}, format="json"
    )
    assert response.status_code == 403
    assert not Adoption.objects.exists()


def test_adoption_of_an_invisible_project_is_unknown(draft, landau_staff, api):
    response = api(landau_staff).post(url("adoptions/"), {"project": draft.slug}, format="json")
    assert response.status_code == 404  # as if it did not exist, like its URL
    assert response.json() == {
        "detail": f"„{draft.slug}“ gibt es nicht oder Sie dürfen es nicht sehen."
    }
    assert not Adoption.objects.exists()


@pytest.mark.parametrize(
    ("actor", "expected", "status"),
    [
        ("speyer_staff", 403, "interessiert"),
        ("landau_staff", 200, "in_pruefung"),
        ("coordinator", 200, "in_pruefung"),
        ("ministry", 403, "interessiert"),
        ("anonymous", 401, "interessiert"),
    ],
    indirect=["actor"],
)
def test_update_adoption(actor, expected, status, landau_adoption, api):
    response = api(actor).patch(
        url(f"adoptions/{landau_adoption.pk}/"), {"status": "in_pruefung"}, format="json"
    )
    assert response.status_code == expected
    landau_adoption.refresh_from_db()
    assert landau_adoption.status == status


@pytest.mark.parametrize(
    ("actor", "count"),
    [
        ("speyer_staff", 1),
        ("landau_staff", 1),
        ("coordinator", 1),
        ("ministry", 1),
        ("anonymous", 1),
    ],
    indirect=["actor"],
)
def test_adoptions_of_published_projects_are_public(actor, count, landau_adoption, api):
    response = api(actor).get(url("adoptions/"))
    assert response.status_code == 200
    assert response.json()["count"] == count


@pytest.mark.parametrize(
    ("actor", "sees_contact"),
    [
        ("speyer_staff", True),
        ("landau_staff", True),
        ("coordinator", True),
        ("ministry", True),
        ("anonymous", False),
    ],
    indirect=["actor"],
)
def test_contact_details_only_for_authenticated_clients(actor, sees_contact, published, api):
    published.contact_email = "erika@speyer.example"
    published.contact_phone = "06232 14-0"
    published.save()
    data = api(actor).get(url(f"projects/{published.slug}/")).json()
    assert (data["contact_email"] == "erika@speyer.example") is sees_contact
    assert (data["contact_phone"] == "06232 14-0") is sees_contact
