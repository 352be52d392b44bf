"""A filtered catalogue's statement is compiled once per shape of filters
(projects.selectors.catalogue_statement): each request's own values end up
exactly where the ORM puts them, and the page finds what they ask for."""

from decimal import Decimal

import pytest

from projects.selectors import CatalogueFilters, catalogue_page
from projects.selectors.catalogue import catalogue_statement
from projects.selectors.catalogue_statement import StatementsByShape
from tests.projects.test_catalogue_entries import FILTERS

pytestmark = pytest.mark.django_db


@pytest.fixture
def network(catalogue_network):
    return catalogue_network


# The same shapes as FILTERS, with other values.
OTHER_VALUES = {
    "query": "Kita Portal",
    "phase": "betrieb",
    "topic": "mobility",
    "municipality": "landau",
    "cost_min": Decimal("1.50"),
    "cost_max": Decimal("99999"),
}


def _filters(given: dict, network, speyer, landau) -> CatalogueFilters:
    values = dict(given)
    if "topic" in values:
        values["topic"] = network[values["topic"]]
    if "municipality" in values:
        values["municipality"] = {"speyer": speyer, "landau": landau}[values["municipality"]]
    return CatalogueFilters(**values)


@pytest.mark.parametrize("given", FILTERS, ids=lambda given: ",".join(sorted(given)))
def test_each_value_is_where_the_orm_puts_it(network, speyer, landau, given):
    by_shape = StatementsByShape(catalogue_statement)
    other = {name: OTHER_VALUES.get(name, value) for name, value in given.items()}
    for values in (given, other, given):
        filters = _filters(values, network, speyer, landau)
        if filters.state not in ("", "published"):
            assert by_shape(filters) is None  # no entry is a draft
            continue
        assert by_shape(filters) == catalogue_statement(filters)


def test_one_shape_serves_every_value(network, speyer, landau):
    """Searches and topics of one shape, in turn: each page shows its own results."""
    school, mobility = network["school"], network["mobility"]
    asked = [
        ({"query": "Park", "topic": mobility}, {network["park"].pk, network["guide"].pk}),
        ({"query": "Kitaportal", "topic": school}, {network["kita"].pk}),
        ({"query": "Parkleitsystem", "topic": school}, {network["guide"].pk}),
        ({"query": "Park", "topic": school}, {network["guide"].pk}),
    ]
    for values, expected in asked:
        page = catalogue_page(filters=CatalogueFilters(**values), number=1, per_page=20)
        assert set(page.ids) == expected, values


def test_costs_and_cities_of_one_shape(network, speyer, landau):
    cheap = CatalogueFilters(cost_min=Decimal("1"), cost_max=Decimal("20000"))
    dear = CatalogueFilters(cost_min=Decimal("50000"), cost_max=Decimal("100000"))
    assert catalogue_page(filters=cheap, number=1, per_page=20).ids == [network["park"].pk]
    assert catalogue_page(filters=dear, number=1, per_page=20).ids == [network["guide"].pk]
    in_speyer = catalogue_page(filters=CatalogueFilters(municipality=speyer), number=1, per_page=20)
    in_landau = catalogue_page(filters=CatalogueFilters(municipality=landau), number=1, per_page=20)
    assert set(in_speyer.ids) == {network["park"].pk, network["kita"].pk}
    assert set(in_landau.ids) == {network["guide"].pk, network["kita"].pk}


def test_a_rule_that_hides_its_value_is_refused(network):
    """A filter whose value no longer reaches the SQL as a parameter (a rule
    changed) stops the page instead of showing another topic's results."""

    def topic_by_slug(filters: CatalogueFilters):
        sql, params = catalogue_statement(filters)
        return sql, [param for param in params if param != filters.topic.pk]

    by_shape = StatementsByShape(topic_by_slug)
    with pytest.raises(RuntimeError, match="topic"):
        by_shape(CatalogueFilters(topic=network["school"]))


def test_each_shape_is_built_once(network):
    built = []

    def counted(filters: CatalogueFilters):
        built.append(filters)
        return catalogue_statement(filters)

    by_shape = StatementsByShape(counted)
    by_shape(CatalogueFilters(query="Park", topic=network["school"]))
    by_shape(CatalogueFilters(query="Kita Portal", topic=network["mobility"]))
    assert len(built) == 1
    by_shape(CatalogueFilters(query="Park", topic=network["school"], sort="title"))
    by_shape(CatalogueFilters(query="Park", reusable=True))
    by_shape(CatalogueFilters(query="Park", reusable=False))
    assert len(built) == 4
