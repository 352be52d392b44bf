"""The catalogue page and the list APIs run the same number of queries for 5 and 50 projects."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from tests.members.factories import MunicipalityFactory
from tests.projects.factories import (
    AdoptionFactory,
    ParticipationFactory,
    ProjectFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db


def make_projects(count: int) -> None:
    topics = [TopicFactory(), TopicFactory()]
    for n in range(count):
        project = ProjectFactory(
            title=f"Sensorprojekt {n}", lead_municipality=MunicipalityFactory(), topics=topics
        )
        ParticipationFactory(project=project)
        AdoptionFactory(project=project)
        AdoptionFactory(project=project, status="im_betrieb")


def count_queries(request) -> int:
    # Measure the page as rendered, not a copy from the anonymous page cache.
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = request()
    assert response.status_code == 200
    return len(queries)


def grow(request, *, rows) -> tuple[int, int]:
    make_projects(5)
    request()  # the first request of a session renews it once (a write): not counted
    few = count_queries(request)
    assert rows() == 5
    make_projects(45)
    many = count_queries(request)
    return few, many


@pytest.mark.parametrize("params", [{}, {"q": "Sensorprojekt", "adopted": "on", "sort": "reused"}])
@pytest.mark.parametrize("user", [None, "speyer_staff"])
def test_catalogue_page(params, user, client, request):
    if user:
        client.force_login(request.getfixturevalue(user))
    last = {}

    def fetch():
        last["response"] = client.get("/projekte/", params)
        return last["response"]

    def rows():
        return len(last["response"].context["page"].object_list)

    few, many = grow(fetch, rows=rows)
    assert few == many
    assert len(last["response"].context["page"].object_list) == 20


def test_catalogue_htmx_fragment(client):
    few, many = grow(
        lambda: client.get("/projekte/", {"q": "Sensor"}, HTTP_HX_REQUEST="true"), rows=lambda: 5
    )
    assert few == many


@pytest.mark.parametrize(
    "params", [{}, {"search": "Sensorprojekt", "ordering": "reused", "adopted": "true"}]
)
@pytest.mark.parametrize("user", [None, "coordinator"])
def test_project_list_api(params, user, request):
    client = APIClient()
    actor = request.getfixturevalue(user) if user else None
    last = {}

    def fetch():
        if actor:
            # A fresh user object per request, as in production (its roles are cached on it).
            client.force_authenticate(type(actor).objects.get(pk=actor.pk))
        last["response"] = client.get("/api/v1/projects/", {**params, "page_size": 100})
        return last["response"]

    few, many = grow(fetch, rows=lambda: len(last["response"].json()["results"]))
    assert few == many
    assert len(last["response"].json()["results"]) == 50


def test_adoption_list_api():
    client = APIClient()
    last = {}

    def fetch():
        last["response"] = client.get("/api/v1/adoptions/", {"page_size": 100})
        return last["response"]

    few, many = grow(fetch, rows=lambda: len(last["response"].json()["results"]) // 2)
    assert few == many


def test_topic_list_api():
    client = APIClient()
    few, many = grow(lambda: client.get("/api/v1/topics/"), rows=lambda: 5)
    assert few == many


def test_project_detail_does_not_grow_with_adoptions_and_documents(speyer, client):
    project = ProjectFactory(lead_municipality=speyer, topics=[TopicFactory()])
    for _ in range(3):
        AdoptionFactory(project=project)
        ParticipationFactory(project=project)
    cache.clear()  # the similar projects are cached; count the uncached page
    few = count_queries(lambda: client.get(project.get_absolute_url()))
    for _ in range(20):
        AdoptionFactory(project=project)
        ParticipationFactory(project=project)
    cache.clear()
    many = count_queries(lambda: client.get(project.get_absolute_url()))
    assert few == many


@pytest.mark.parametrize(("user", "expected"), [(None, 2), ("landau_staff", 5)])
def test_project_detail_query_count(user, expected, speyer, client, request):
    """The project; what the page lists of it, and its similar projects, are
    cached until what they show changes. Anonymous visitors see how many
    experience reports there are (one query). For staff also
    session, user with roles and their city (for the adoption form), their
    city's adoption and the partner cities (who may answer); the reports, their savings and
    the questions are read only when their cached parts are out of date."""
    from projects.models import ProjectDocument

    if user:
        client.force_login(request.getfixturevalue(user))
    project = ProjectFactory(lead_municipality=speyer, topics=[TopicFactory()])
    ProjectFactory(title=f"{project.title} mit Sensoren")
    client.get(project.get_absolute_url())  # caches the similar projects, renews the session
    for count in (2, 20):
        for n in range(count):
            AdoptionFactory(project=project)
            ParticipationFactory(project=project)
            ProjectDocument.objects.create(
                project=project,
                title=f"Dokument {n}",
                file="x.pdf",
                original_name="x.pdf",
                content_type="application/pdf",
                size=1,
            )
        with CaptureQueriesContext(connection) as queries:
            page = client.get(project.get_absolute_url())
        assert page.status_code == 200
        assert len(queries) == expected, [q["sql"][:60] for q in queries]
        assert "mit Sensoren" in page.content.decode()


def test_project_list_api_query_count():
    """Count, page, topics: three queries for any page size."""
    client = APIClient()
    make_projects(5)
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/api/v1/projects/", {"page_size": 100}).status_code == 200
    assert len(queries) == 3
