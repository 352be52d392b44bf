"""Bad input the schema fuzzing (tests/api/) found: a 400/404 with a German message, never a 500."""

import pytest
from rest_framework.test import APIClient

from projects.querysets import SORT_RELEVANCE
from projects.selectors import CatalogueFilters, project_catalogue

pytestmark = pytest.mark.django_db

SEARCHES_WITHOUT_WORDS = ["!!", " - ", "„“", "*"]


@pytest.fixture
def api():
    return APIClient()


@pytest.mark.parametrize("search", SEARCHES_WITHOUT_WORDS)
def test_relevance_without_search_words_falls_back_to_newest(search, published, draft):
    # Was a 500: a search without any word is not ranked, yet relevance ordered by "rank".
    projects = project_catalogue(
        user=None, filters=CatalogueFilters(query=search, sort=SORT_RELEVANCE)
    )
    assert [project.slug for project in projects] == ["smarte-lichtmasten"]


@pytest.mark.parametrize("search", SEARCHES_WITHOUT_WORDS)
def test_api_catalogue_with_a_search_without_words(search, api, published):
    response = api.get("/api/v1/projects/", {"search": search, "ordering": "relevance"})
    assert response.status_code == 200, response.content
    assert [item["slug"] for item in response.json()["results"]] == ["smarte-lichtmasten"]


def test_catalogue_page_with_a_search_without_words(client, published):
    response = client.get("/projekte/", {"q": "!!!"})
    assert response.status_code == 200
    assert "Smarte Lichtmasten" in response.content.decode()


@pytest.mark.parametrize("slug", ["%00", "smarte%00lichtmasten"])
def test_similar_projects_of_a_slug_with_a_nul_byte_is_not_found(slug, api, published):
    # Was a 500: PostgreSQL cannot compare a string with a NUL byte.
    response = api.get(f"/api/v1/projects/{slug}/similar/")
    assert response.status_code == 404
    assert response.json() == {"detail": "Nicht gefunden."}


def test_catalogue_search_with_a_nul_byte_is_a_field_error(api, published):
    response = api.get("/api/v1/projects/", {"search": "Licht\x00"})
    assert response.status_code == 400
    assert response.json() == {"search": ["Der Wert enthält unzulässige Zeichen."]}
