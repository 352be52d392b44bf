"""Creating never fails under concurrency: the same title at once gets two
slugs, the same form sent twice makes one project (real threads, real
PostgreSQL connections)."""

import threading

import pytest
from django.db import connection
from rest_framework.test import APIClient

from members.models import ApiToken
from projects.models import Project
from tests.members.factories import StaffFactory

pytestmark = pytest.mark.django_db(transaction=True)
FORM = {
    "title": "Kita-Portal für die Platzvergabe",
    "summary": "Eltern melden ihr Kind online an.",
    "phase": "idee",
    "description": "",
    "is_reusable": "on",
}


def _at_once(count: int, work) -> list:
    """``work(index)`` in ``count`` threads released together; their results."""
    barrier = threading.Barrier(count)
    results: list = [None] * count

    def run(index: int) -> None:
        try:
            barrier.wait(timeout=30)
            results[index] = work(index)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


def test_the_same_title_from_several_cities_at_once_gets_free_slugs(speyer, actor_client):
    people = [StaffFactory(municipality=speyer) for _ in range(3)]
    clients = [actor_client(person) for person in people]
    statuses = _at_once(3, lambda i: clients[i].post("/projekte/neu/", FORM).status_code)
    assert statuses == [302, 302, 302]
    slugs = sorted(Project.objects.values_list("slug", flat=True))
    assert slugs == [
        "kita-portal-fuer-die-platzvergabe",
        "kita-portal-fuer-die-platzvergabe-2",
        "kita-portal-fuer-die-platzvergabe-3",
    ]


def test_five_parallel_api_creates_all_succeed(speyer, speyer_staff):
    _token, raw = ApiToken.issue(user=speyer_staff, days=1)

    def create(_index: int) -> int:
        api = APIClient()
        api.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
        body = {"title": "Smarte Lichtmasten", "summary": "Sensoren", "phase": "idee"}
        return api.post("/api/v1/projects/", body, format="json").status_code

    assert _at_once(5, create) == [201] * 5
    assert Project.objects.values("slug").distinct().count() == 5


def test_a_form_sent_twice_at_once_makes_one_project(speyer_staff, actor_client):
    client = actor_client(speyer_staff)
    token = client.get("/projekte/neu/").context["form"]["submission"].value()
    data = {**FORM, "submission": token}
    responses = _at_once(2, lambda _i: client.post("/projekte/neu/", data))
    assert [response.status_code for response in responses] == [302, 302]
    project = Project.objects.get()
    assert {response.url for response in responses} == {project.get_absolute_url()}


def test_a_form_sent_again_later_leads_to_the_first_result(speyer_staff, actor_client):
    client = actor_client(speyer_staff)
    token = client.get("/projekte/neu/").context["form"]["submission"].value()
    first = client.post("/projekte/neu/", {**FORM, "submission": token})
    again = client.post("/projekte/neu/", {**FORM, "submission": token}, follow=True)
    assert Project.objects.count() == 1
    assert again.redirect_chain[0][0] == first.url
    assert "Dieses Formular wurde bereits abgeschickt." in again.content.decode()


def test_a_refused_form_can_be_sent_again_with_its_token(speyer_staff, actor_client):
    client = actor_client(speyer_staff)
    token = client.get("/projekte/neu/").context["form"]["submission"].value()
    refused = client.post(
        "/projekte/neu/",
        {**FORM, "submission": token, "start_date": "2024-02-01", "end_date": "2024-01-01"},
    )
    assert refused.status_code == 200  # the end before the start: shown on the form
    assert client.post("/projekte/neu/", {**FORM, "submission": token}).status_code == 302
    assert Project.objects.count() == 1
