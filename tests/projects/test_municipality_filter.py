"""The catalogue's city filter takes a typed name, so it scales to every municipality."""

import re

import pytest

from tests.members.factories import MunicipalityFactory
from tests.projects.factories import ProjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def cities():
    speyer = MunicipalityFactory(name="Speyer", slug="speyer")
    sprendlingen = MunicipalityFactory(name="Sprendlingen", slug="sprendlingen")
    spiesheim = MunicipalityFactory(name="Spiesheim", slug="spiesheim")
    ProjectFactory(title="Kitaportal", lead_municipality=speyer)
    ProjectFactory(title="Rufbus", lead_municipality=sprendlingen)
    ProjectFactory(title="Dorf-App", lead_municipality=spiesheim)
    return speyer


def titles(response) -> list[str]:
    """The titles of the cards shown, in order."""
    return re.findall(r'id="project-\d+-title"><a [^>]*>([^<]+)</a>', response.content.decode())


@pytest.mark.parametrize("typed", ["Speyer", "speyer", "Spey"])
def test_a_typed_name_or_its_beginning_filters_by_that_city(client, cities, typed):
    response = client.get("/projekte/", {"municipality": typed})
    assert response.status_code == 200
    assert titles(response) == ["Kitaportal"]


def test_an_ambiguous_beginning_names_the_candidates_and_filters_nothing(client, cities):
    response = client.get("/projekte/", {"municipality": "Sp"})
    page = response.content.decode()
    assert "Mehrere Kommunen passen: Speyer, Spiesheim, Sprendlingen" in page
    assert sorted(titles(response)) == ["Dorf-App", "Kitaportal", "Rufbus"]


def test_an_unknown_name_is_a_german_error(client, cities):
    response = client.get("/projekte/", {"municipality": "Atlantis"})
    assert "Keine Kommune mit dem Namen „Atlantis“ gefunden." in response.content.decode()
    assert len(titles(response)) == 3


def test_the_page_has_no_list_of_every_municipality(client, cities):
    MunicipalityFactory.create_batch(30)
    page = client.get("/projekte/").content.decode()
    assert page.count("<option") < 30
