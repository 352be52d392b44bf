"""/api/v1/follows/: one's own follows only; 404 for others' and for what one may not see."""

import pytest
from rest_framework.test import APIClient

from projects.models import Delivery, Follow, Project
from projects.services.follows import follow_set
from tests.projects.factories import ProjectFactory, TopicFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/follows/"


def _api(user=None):
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


@pytest.fixture
def topic():
    return TopicFactory(name="Bildung & Kita", slug="bildung-kita")


def test_anonymous_gets_401():
    assert _api().get(URL).status_code == 401
    assert _api().post(URL, {"kind": "thema", "target": "x"}, format="json").status_code == 401


@pytest.mark.parametrize("actor", ["speyer_staff", "coordinator", "ministry"])
def test_create_list_delete_own(request, actor, topic):
    user = request.getfixturevalue(actor)
    api = _api(user)
    created = api.post(URL, {"kind": "thema", "target": "bildung-kita"}, format="json")
    assert created.status_code == 201
    assert created.json()["target"] == "bildung-kita"
    assert created.json()["delivery"] == "sofort"
    again = api.post(
        URL, {"kind": "thema", "target": "bildung-kita", "delivery": "woechentlich"}, format="json"
    )
    assert again.status_code == 200
    assert again.json()["id"] == created.json()["id"]
    assert Follow.objects.get(user=user).delivery == Delivery.WEEKLY
    listed = api.get(URL).json()
    assert [item["id"] for item in listed["results"]] == [created.json()["id"]]
    assert api.delete(f"{URL}{created.json()['id']}/").status_code == 204
    assert not Follow.objects.exists()


def test_others_follows_are_invisible(speyer_staff, landau_staff, topic):
    follow, _created = follow_set(actor=speyer_staff, topic=topic)
    api = _api(landau_staff)
    assert api.get(URL).json()["results"] == []
    assert api.get(f"{URL}{follow.pk}/").status_code == 404
    assert api.delete(f"{URL}{follow.pk}/").status_code == 404
    assert Follow.objects.filter(pk=follow.pk).exists()


def test_a_project_one_may_not_see_is_404(landau_staff, speyer):
    ProjectFactory(lead_municipality=speyer, slug="entwurf", state=Project.State.DRAFT)
    response = _api(landau_staff).post(URL, {"kind": "projekt", "target": "entwurf"}, format="json")
    assert response.status_code == 404
    assert not Follow.objects.exists()


def test_bad_input_is_a_400_with_field_errors(landau_staff):
    response = _api(landau_staff).post(
        URL, {"kind": "stadt", "target": "a b", "delivery": "immer"}, format="json"
    )
    assert response.status_code == 400
    assert set(response.json()) == {"kind", "target", "delivery"}


def test_list_runs_a_constant_number_of_queries(
    django_assert_max_num_queries, landau_staff, speyer, topic
):
    for _ in range(5):
        follow_set(actor=landau_staff, project=ProjectFactory(lead_municipality=speyer))
    follow_set(actor=landau_staff, topic=topic)
    follow_set(actor=landau_staff, municipality=speyer)
    api = _api(landau_staff)
    with django_assert_max_num_queries(4):
        assert len(api.get(URL).json()["results"]) == 7
