"""The catalogue's filtered pages read narrow entries kept by the database
(projects.models.CatalogueEntry, migration 0025): each published project's
entry follows every write that decides it, however it is written, and the
page finds exactly what the same filters find on the projects themselves."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from projects import services
from projects.models import Adoption, CatalogueEntry, Participation, Project
from projects.selectors import CatalogueFilters, catalogue_page, project_catalogue
from tests.members.factories import MunicipalityFactory
from tests.projects.reuse_helpers import REPORT, operating, report_on

pytestmark = pytest.mark.django_db

COLUMNS = (
    "title", "phase", "is_reusable", "reuse_count", "investment_cost", "possibly_outdated",
    "published_at", "lead_municipality_id", "topic_ids", "city_ids",
)  # fmt: skip


def kept() -> dict:
    entries = CatalogueEntry.objects.values_list("project_id", "search_vector", *COLUMNS)
    return {row[0]: row[1:] for row in entries}


def rebuilt() -> dict:
    with connection.cursor() as cursor:
        cursor.execute("SELECT projects_catalogue_rebuild()")
    return kept()


@pytest.fixture
def network(catalogue_network):
    return catalogue_network


def test_each_published_project_has_its_entry(network, speyer, landau):
    entries = kept()
    assert set(entries) == {network["park"].pk, network["guide"].pk, network["kita"].pk}
    kita = entries[network["kita"].pk]
    assert kita[COLUMNS.index("city_ids") + 1] == [landau.pk, speyer.pk]  # lead first
    guide = entries[network["guide"].pk]
    assert sorted(guide[COLUMNS.index("topic_ids") + 1]) == sorted(
        [network["mobility"].pk, network["school"].pk]
    )
    assert entries[network["park"].pk][COLUMNS.index("reuse_count") + 1] == 1


def test_entries_follow_every_write(network, speyer, landau, coordinator):
    """Services, bulk updates and deletes: the kept entries are what a rebuild writes."""
    worms = MunicipalityFactory(name="Worms", slug="worms")
    services.project_update(
        project=network["guide"], actor=coordinator, phase="betrieb", title="Parkleitsystem 2",
        partners=[speyer, worms], topics=[network["mobility"]],
    )  # fmt: skip
    assert kept() == rebuilt()
    services.project_archive(project=network["park"], actor=coordinator)
    services.adoption_create(project=network["kita"], municipality=worms, actor=coordinator)
    assert kept() == rebuilt()
    Project.objects.filter(pk=network["kita"].pk).update(
        possibly_outdated=True, lead_municipality=worms, investment_cost=Decimal("1.00")
    )
    Participation.objects.filter(project=network["guide"], municipality=worms).delete()
    network["guide"].topics.add(network["school"])
    assert kept() == rebuilt()
    Project.objects.filter(pk=network["draft"].pk).update(state="published")
    assert network["draft"].pk in kept()
    assert kept() == rebuilt()
    services.project_delete(project=Project.objects.get(pk=network["kita"].pk), actor=coordinator)
    worms.delete()
    assert kept() == rebuilt()
    assert network["kita"].pk not in kept()
    assert set(kept()) == set(Project.objects.published().values_list("pk", flat=True))


FILTERS = [
    {"query": "Park"},
    {"query": "Parkleitsystem", "phase": "planung"},
    {"query": "Kita", "reusable": True},
    {"topic": "school"},
    {"topic": "mobility", "reusable": False},
    {"municipality": "speyer"},
    {"municipality": "landau", "adopted": False},
    {"adopted": True},
    {"cost_min": Decimal("10000"), "cost_max": Decimal("50000")},
    {"ready": False, "query": "Park"},
    {"recommended": True},
    {"recommended": False, "topic": "school"},
    {"state": "draft"},
    {"state": "published", "query": "Portal"},
    {"query": "Park", "sort": "title"},
    {"query": "Park", "sort": "reused"},
    {"topic": "school", "sort": "newest"},
]


@pytest.mark.parametrize("given", FILTERS, ids=lambda given: ",".join(sorted(given)))
def test_the_page_finds_what_the_projects_filter_gives(network, speyer, landau, given):
    adoption = Adoption.objects.get(project=network["park"], municipality=landau)
    report_on(operating(adoption), **REPORT)  # "empfohlen"
    values = dict(given)
    if "topic" in values:
        values["topic"] = network[values["topic"]]
    if "municipality" in values:
        values["municipality"] = {"speyer": speyer, "landau": landau}[values["municipality"]]
    filters = CatalogueFilters(**values)

    page = catalogue_page(filters=filters, number=1, per_page=20)

    expected = list(project_catalogue(user=None, filters=filters).values_list("pk", flat=True))
    assert page.ids == expected
    assert page.facets.total == len(expected)


def test_a_search_is_one_statement_over_the_entries(network):
    filters = CatalogueFilters(query="Park", topic=network["mobility"], reusable=True)
    with CaptureQueriesContext(connection) as queries:
        page = catalogue_page(filters=filters, number=1, per_page=20)
    assert page.ids == [network["park"].pk]
    assert len(queries.captured_queries) == 1
    sql = queries.captured_queries[0]["sql"]
    assert "projects_catalogueentry" in sql
    assert '"projects_project"' not in sql
