"""A page of the projects API renders each project exactly as DRF's generic fields do.

The list renders a page in one pass (``ProjectPageSerializer``); a single
project still goes through the declared fields, which also make the schema.
"""

from decimal import Decimal

import pytest
from django.utils import translation
from rest_framework.request import Request
from rest_framework.test import APIClient, APIRequestFactory

from members.models import Municipality
from projects.api.serializers import ProjectListSerializer
from projects.models import Project
from projects.selectors import CatalogueFilters, project_catalogue
from tests.members.factories import MunicipalityFactory
from tests.projects.factories import AdoptionFactory, ProjectFactory, TopicFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def varied(speyer):
    """Projects that differ in every way a list item can."""
    mobility, safety = TopicFactory(name="Mobilität"), TopicFactory(name="Öffentliche Sicherheit")
    organisation = MunicipalityFactory(
        name="KL.digital", slug="kl-digital", kind=Municipality.Kind.ORGANISATION, ags=""
    )
    full = ProjectFactory(
        title="Smarte Lichtmasten",
        slug="smarte-lichtmasten",
        lead_municipality=speyer,
        topics=[safety, mobility],
        investment_cost=Decimal("60750.00"),
        running_cost_per_year=Decimal("0.50"),
        is_example=True,
    )
    AdoptionFactory(project=full)
    ProjectFactory(
        title="Ohne Angaben",
        slug="ohne_angaben-2",
        lead_municipality=organisation,
        phase="",
        is_reusable=False,
    )
    ProjectFactory(title="Entwurf", lead_municipality=speyer, state=Project.State.DRAFT)
    ProjectFactory(title="Abgelehnt", lead_municipality=speyer, state=Project.State.REJECTED)


@pytest.mark.parametrize("language", ["de", "en"])
def test_page_items_equal_the_generic_rendering(varied, coordinator, language):
    client = APIClient()
    client.force_authenticate(coordinator)
    response = client.get("/api/v1/projects/", {"ordering": "title"}, HTTP_ACCEPT_LANGUAGE=language)
    page = response.json()["results"]
    with translation.override(language):
        request = Request(APIRequestFactory().get("/api/v1/projects/"))
        request.user = coordinator
        projects = project_catalogue(
            user=coordinator, filters=CatalogueFilters(sort="title"), published_only=False
        )
        generic = [
            ProjectListSerializer(project, context={"request": request}).data
            for project in projects
        ]
    assert len(page) == 4
    for fast, slow in zip(page, generic, strict=True):
        assert list(fast) == list(slow)  # same keys, same order
        assert fast == dict(slow)
    first = next(item for item in page if item["slug"] == "smarte-lichtmasten")
    assert first["url"] == "http://testserver/api/v1/projects/smarte-lichtmasten/"
    assert [topic["name"] for topic in first["topics"]] == ["Mobilität", "Öffentliche Sicherheit"]


def _count_and_sql(client: APIClient, params: dict) -> tuple[int, list[str]]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        response = client.get("/api/v1/projects/", params)
    assert response.status_code == 200
    return response.json()["count"], [query["sql"] for query in queries]


@pytest.mark.parametrize("reader", [None, "ministry"])
def test_the_whole_catalogue_is_counted_from_the_kept_total(varied, reader, request):
    """Unfiltered, for readers who see published projects only, the page's
    count is the total the facet triggers keep: no COUNT over the projects."""
    client = APIClient()
    if reader:
        client.force_authenticate(request.getfixturevalue(reader))
    count, sql = _count_and_sql(client, {"page_size": 1})
    assert count == Project.objects.published().count() == 2
    assert not [query for query in sql if '"__count"' in query]
    second, _sql = _count_and_sql(client, {"page_size": 1, "page": 2})
    assert second == 2
    assert client.get("/api/v1/projects/", {"page_size": 1, "page": 3}).status_code == 404


@pytest.mark.parametrize(
    ("reader", "params", "expected"),
    [
        (None, {"is_reusable": "false"}, 1),
        (None, {"search": "Lichtmasten"}, 1),
        ("coordinator", {}, 4),  # drafts and rejected ones too
    ],
)
def test_other_lists_count_their_rows(varied, reader, params, expected, request):
    client = APIClient()
    if reader:
        client.force_authenticate(request.getfixturevalue(reader))
    count, sql = _count_and_sql(client, params)
    assert count == expected
    assert [query for query in sql if '"__count"' in query]
