"""The one-query paginator gives the pages Django's Paginator gives."""

import pytest
from django.core.paginator import Paginator
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.paginators import WindowCountPaginator
from projects.models import Project
from tests.projects.factories import ProjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def projects():
    ProjectFactory.create_batch(45, title="Smarte Lichtmasten")
    ProjectFactory.create_batch(3, title="Bürgerkonto")
    return Project.objects.search("Lichtmasten").order_by("title", "pk")


def _shape(page) -> tuple:
    return (
        page.number,
        page.paginator.count,
        page.paginator.num_pages,
        [project.pk for project in page.object_list],
        page.has_next(),
        page.has_previous(),
    )


@pytest.mark.parametrize("number", [1, 2, 3, "3", 4, 99, 0, -1, "x", None, ""])
def test_pages_equal_djangos(projects, number):
    expected = _shape(Paginator(projects, 20).get_page(number))
    assert _shape(WindowCountPaginator(projects, 20).get_page(number)) == expected


def test_a_page_with_rows_is_one_query(projects):
    with CaptureQueriesContext(connection) as queries:
        page = WindowCountPaginator(projects, 20).get_page(3)
        assert (page.paginator.count, len(page.object_list), page.paginator.num_pages) == (45, 5, 3)
    assert len(queries) == 1
    assert "OVER ()" in queries[0]["sql"]


def test_past_the_end_and_no_results_are_counted_as_django_does(projects):
    with CaptureQueriesContext(connection) as queries:
        page = WindowCountPaginator(projects, 20).get_page(7)
        assert (page.number, len(page.object_list)) == (3, 5)
    assert len(queries) == 3  # the empty page, the count, the last page

    empty = WindowCountPaginator(Project.objects.search("Zeppelinhafen"), 20).get_page(1)
    assert (empty.number, empty.paginator.count, list(empty.object_list)) == (1, 0, [])


def test_catalogue_search_counts_in_the_page_query(client, projects):
    response = client.get("/projekte/", {"q": "Lichtmasten", "page": 2})
    page = response.context["page"]
    assert (page.number, page.paginator.count, len(page.object_list)) == (2, 45, 20)
    assert "45 Projekte gefunden" in response.content.decode()
