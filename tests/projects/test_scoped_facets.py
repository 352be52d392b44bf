"""The first and second click on a facet of the whole catalogue — a topic, a
phase, "nachnutzbar", "wird nachgenutzt", or two of them — read counts the
database keeps within those filters (ScopedFacetCount, migrations 0029 and
0032): the same counts and the same page as counting their results, after
every kind of write."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from projects import services
from projects.facets import facets_and_page
from projects.models import Project
from projects.selectors import CatalogueFilters, catalogue_page
from projects.selectors.catalogue import catalogue_statement, kept_scope
from tests.members.factories import MunicipalityFactory
from tests.projects.factories import AdoptionFactory, ProjectFactory

pytestmark = pytest.mark.django_db


def _broad_filters(network) -> list[CatalogueFilters]:
    return [
        CatalogueFilters(topic=network["mobility"]),
        CatalogueFilters(topic=network["school"], sort="title"),
        CatalogueFilters(phase="planung"),
        CatalogueFilters(phase="betrieb", sort="reused"),
        CatalogueFilters(reusable=True),
        CatalogueFilters(adopted=True, sort="newest"),
        CatalogueFilters(phase="betrieb", reusable=True),
        CatalogueFilters(topic=network["mobility"], phase="planung", sort="title"),
        CatalogueFilters(topic=network["school"], adopted=True),
        CatalogueFilters(reusable=True, adopted=True, sort="reused"),
        CatalogueFilters(phase="planung", adopted=True),
    ]


def _as_counted(filters: CatalogueFilters):
    """What the page shows when its results are counted (no kept counts)."""
    facets, ids = facets_and_page(catalogue_statement(filters), offset=0, limit=20)
    return facets, ids


def _same(network) -> None:
    for filters in _broad_filters(network):
        assert kept_scope(filters) is not None
        page = catalogue_page(filters=filters, number=1, per_page=20)
        counted, ids = _as_counted(filters)
        assert page.ids == ids, filters
        kept = page.facets
        assert (kept.total, kept.reusable, kept.adopted) == (
            counted.total,
            counted.reusable,
            counted.adopted,
        ), filters
        assert [(v.key, v.count) for v in kept.topic] == [(v.key, v.count) for v in counted.topic]
        assert [(v.key, v.count) for v in kept.municipality] == [
            (v.key, v.count) for v in counted.municipality
        ]
        assert sorted((v.key, v.count) for v in kept.phase) == sorted(
            (v.key, v.count) for v in counted.phase
        )


def test_kept_counts_are_the_counted_ones_after_every_write(
    catalogue_network, speyer, landau, coordinator
):
    network = catalogue_network
    _same(network)
    worms = MunicipalityFactory(name="Worms", slug="worms")
    services.project_update(
        project=network["guide"], actor=coordinator, phase="betrieb", is_reusable=True,
        partners=[speyer, worms], topics=[network["mobility"]],
    )  # fmt: skip
    AdoptionFactory(project=network["kita"], municipality=worms)
    ProjectFactory(title="Parkhaus-App", lead_municipality=worms, topics=[network["school"]])
    _same(network)
    Project.objects.filter(pk=network["draft"].pk).update(state="published")
    network["kita"].topics.add(network["mobility"])
    services.project_archive(project=network["park"], actor=coordinator)
    _same(network)
    with connection.cursor() as cursor:
        cursor.execute("SELECT projects_catalogue_rebuild()")
    _same(network)


def test_kept_counts_are_what_a_recount_gives(catalogue_network, coordinator):
    services.project_archive(project=catalogue_network["guide"], actor=coordinator)
    with connection.cursor() as cursor:
        cursor.execute("SELECT scope, facet, value, count FROM projects_scopedfacetcount")
        kept = {row[:3]: row[3] for row in cursor.fetchall() if row[3]}
        cursor.execute("SELECT projects_scoped_facet_recount()")
        cursor.execute("SELECT scope, facet, value, count FROM projects_scopedfacetcount")
        recounted = {row[:3]: row[3] for row in cursor.fetchall() if row[3]}
    assert kept == recounted
    assert kept[("topic:" + str(catalogue_network["school"].pk), "all", "")] == 1  # the Kitaportal


def test_two_filters_are_named_as_the_database_names_them(catalogue_network):
    topic = catalogue_network["mobility"]
    both = CatalogueFilters(topic=topic, phase="betrieb", reusable=None)
    assert kept_scope(both) == f"topic:{topic.pk} phase:betrieb"
    assert kept_scope(CatalogueFilters(adopted=True, reusable=True)) == "reusable adopted"
    with connection.cursor() as cursor:
        cursor.execute("SELECT DISTINCT scope FROM projects_scopedfacetcount")
        scopes = {row[0] for row in cursor.fetchall()}
    assert "reusable adopted" in scopes
    assert any(scope.startswith("topic:") and " phase:" in scope for scope in scopes)


@pytest.mark.parametrize(
    "filters",
    [
        CatalogueFilters(query="Park", reusable=True),
        CatalogueFilters(reusable=False),
        CatalogueFilters(phase="planung", reusable=False),
        CatalogueFilters(phase="planung", reusable=True, adopted=True),
        CatalogueFilters(adopted=True, cost_min=1),
    ],
    ids=["search", "not-reusable", "phase-not-reusable", "three-filters", "with-costs"],
)
def test_narrower_filters_count_their_results(filters):
    assert kept_scope(filters) is None


@pytest.mark.parametrize("phase", ["", "betrieb"], ids=["one-filter", "two-filters"])
def test_broad_filters_read_two_short_statements(catalogue_network, phase):
    filters = CatalogueFilters(topic=catalogue_network["mobility"], phase=phase)
    with CaptureQueriesContext(connection) as queries:
        catalogue_page(filters=filters, number=1, per_page=20)
    assert len(queries.captured_queries) == 2
    assert "projects_scopedfacetcount" in queries.captured_queries[0]["sql"]
