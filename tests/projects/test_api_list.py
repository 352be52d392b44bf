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
