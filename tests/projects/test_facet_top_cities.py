"""The municipality facet lists the cities with the most results; among equal
counts by name — read through the largest counts and their ties, so the
choice is the same as sorting every city (projects.facets)."""

import pytest

from projects.facets import (
    TOP_MUNICIPALITIES,
    facets_and_page,
    results_statement,
    unfiltered_facets,
)
from projects.models import CatalogueEntry
from tests.members.factories import MunicipalityFactory
from tests.projects.factories import ParticipationFactory, ProjectFactory

pytestmark = pytest.mark.django_db

NAMES = ["Zell", "Alzey", "Worms", "Bingen", "Mainz", "Trier", "Landau", "Speyer", "Andernach"]


@pytest.fixture
def cities():
    """Nine cities with one "Radweg" project each; Worms leads a second and is
    a partner in a third, so it has three."""
    made = {name: MunicipalityFactory(name=name, slug=name.lower()) for name in NAMES}
    for name, city in made.items():
        ProjectFactory(title=f"Radwegeplanung {name}", lead_municipality=city)
    ProjectFactory(title="Radwegekataster", lead_municipality=made["Worms"])
    ParticipationFactory(
        project=ProjectFactory(title="Radweg-App", lead_municipality=made["Mainz"]),
        municipality=made["Worms"],
    )
    return made


def expected(counts: dict[str, int]) -> list[tuple[str, int]]:
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return ranked[:TOP_MUNICIPALITIES]


def test_the_whole_catalogue_lists_the_largest_then_by_name(cities):
    shown = [(value.label, value.count) for value in unfiltered_facets().municipality]
    counts = dict.fromkeys(NAMES, 1) | {"Worms": 3, "Mainz": 2}
    assert shown == expected(counts)
    assert shown[0] == ("Worms", 3) and ("Zell", 1) not in shown  # the ninth, last by name


def test_a_search_lists_the_largest_of_its_results_then_by_name(cities):
    results = CatalogueEntry.objects.filter(title__startswith="Radwegeplanung")
    statement = results_statement(results, ["title"])
    facets, _ids = facets_and_page(statement, offset=0, limit=20)
    shown = [(value.label, value.count) for value in facets.municipality]
    assert shown == expected(dict.fromkeys(NAMES, 1))
    assert [label for label, _count in shown][:2] == ["Alzey", "Andernach"]
