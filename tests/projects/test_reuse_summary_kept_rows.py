"""The reuse summary by city for readers who see published projects only (the
ministry) joins each city's row as the database keeps it, in the city's kept
place among the names (``MunicipalitySavings``, migration 0026). After every
kind of write the kept rows equal rows counted afresh, and the document is
byte for byte the one the live sums give (a city's staff whose city leads no
project see exactly the published projects, through the live sums)."""

from decimal import Decimal

import pytest
from django.db import connection

from members.models import Municipality
from members.services.municipalities import municipality_delete, municipality_save
from projects import services
from projects.models import Adoption, MunicipalitySavings, Project
from projects.selectors.reuse_summary import reuse_summary_json
from tests.members.factories import MunicipalityFactory, StaffFactory
from tests.projects.factories import AdoptionFactory, ProjectFactory
from tests.projects.reuse_helpers import operating, report_on

pytestmark = pytest.mark.django_db


@pytest.fixture
def network(speyer, landau, coordinator):
    """Cities whose names sort differently by case and by the collation, a
    name to escape, one without AGS; reports on projects of two lead cities."""
    cities = {
        name: MunicipalityFactory(name=name, slug=slug, ags=ags)
        for name, slug, ags in [
            ("zweibrücken", "zweibruecken", "07320000"),
            ("Alzey", "alzey", ""),
            ("bad Kreuznach", "bad-kreuznach", "07133006"),
            ('Neustadt "an der" Weinstraße', "neustadt", "07316000"),
            ("Worms", "worms", "07319000"),  # leads nothing: its staff see the published only
        ]
    }
    lights = ProjectFactory(
        lead_municipality=speyer,
        investment_cost=Decimal("50000.10"),
        effort_person_days=100,
    )
    portal = ProjectFactory(lead_municipality=landau, investment_cost=Decimal("900.00"))
    for city in (landau, cities["zweibrücken"], cities["Alzey"], cities["bad Kreuznach"]):
        report_on(operating(AdoptionFactory(project=lights, municipality=city)))
    neustadt = cities['Neustadt "an der" Weinstraße']
    report_on(
        operating(AdoptionFactory(project=portal, municipality=neustadt)),
        investment_cost=Decimal("100.00"),
    )
    return {
        "lights": lights,
        "portal": portal,
        "cities": cities,
        "speyer": speyer,
        "landau": landau,
        "coordinator": coordinator,
        "reader": StaffFactory(municipality=cities["Worms"], email="eve@worms.example"),
    }


def kept_rows() -> list[tuple]:
    return list(
        MunicipalitySavings.objects.order_by("municipality_id").values_list(
            "municipality_id",
            "position",
            "head",
            "reports",
            "investment",
            "effort_days",
            "contributed",
            "contributed_investment",
            "row_json",
        )
    )


def recounted_rows() -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT projects_savings_recount()")
    return kept_rows()


def by_city(user) -> bytes:
    return reuse_summary_json(
        user, "municipality", generated_at="2026-12-06T04:00:00+01:00", total_label="Gesamt"
    )


def _rename(n):
    alzey = n["cities"]["Alzey"]
    alzey.name, alzey.ags = "Zell (Mosel)", "07135111"  # from first to last
    municipality_save(municipality=alzey, actor=n["coordinator"])


def _rename_in_bulk(n):
    Municipality.objects.filter(slug__in=["worms", "speyer"]).update(name="Aach")


def _city_added(n):
    municipality_save(
        municipality=Municipality(
            name="Bingen", slug="bingen", ags="07339005", kind=Municipality.Kind.MUNICIPALITY
        ),
        actor=n["coordinator"],
    )


def _city_deleted(n):
    municipality_delete(municipality=MunicipalityFactory(name="Irrtum"), actor=n["coordinator"])


def _report_added(n):
    adoption = operating(AdoptionFactory(project=n["portal"], municipality=n["speyer"]))
    services.report_save(
        adoption=adoption,
        actor=n["coordinator"],
        effort_person_days=3,
        investment_cost=Decimal("10.50"),
        running_cost_per_year=Decimal("0"),
        duration_months=1,
        adaptations="Keine.",
        recommendation="ja",
        text="Gut.",
    )


def _report_changed(n):
    adoption = Adoption.objects.get(project=n["lights"], municipality=n["landau"])
    services.report_save(
        adoption=adoption, actor=n["coordinator"], investment_cost=Decimal("49999.99")
    )


def _report_deleted(n):
    adoption = Adoption.objects.get(project=n["lights"], municipality=n["landau"])
    services.report_delete(report=adoption.report, actor=n["coordinator"])


def _adoption_cancelled(n):
    adoption = Adoption.objects.get(project=n["lights"], municipality=n["cities"]["Alzey"])
    services.adoption_update(
        adoption=adoption, actor=n["coordinator"], status=Adoption.Status.CANCELLED
    )


def _project_archived(n):
    services.project_archive(project=n["portal"], actor=n["coordinator"])


def _project_unpublished(n):
    Project.objects.filter(pk=n["lights"].pk).update(state=Project.State.DRAFT)


def _lead_city_changed(n):
    services.project_update(
        project=n["lights"], actor=n["coordinator"], lead_municipality=n["landau"]
    )


WRITES = [
    _rename,
    _rename_in_bulk,
    _city_added,
    _city_deleted,
    _report_added,
    _report_changed,
    _report_deleted,
    _adoption_cancelled,
    _project_archived,
    _project_unpublished,
    _lead_city_changed,
]


@pytest.mark.parametrize("write", WRITES, ids=[w.__name__.strip("_") for w in WRITES])
def test_the_kept_rows_equal_fresh_ones_after_each_kind_of_write(network, ministry, write):
    write(network)
    kept, document = kept_rows(), by_city(ministry)
    assert kept == recounted_rows()
    assert by_city(ministry) == document
    assert document == by_city(network["reader"])  # the live sums, the same bytes


def test_the_kept_document_is_the_live_one_byte_for_byte(network, ministry):
    document = by_city(ministry)
    assert document == by_city(network["reader"])
    assert document == by_city(network["coordinator"])  # every project is published
    first_rows = document.decode().split('"rows" : [', 1)[1]
    assert first_rows.startswith('{"key":"alzey","label":"Alzey","ags":null,"reports":1,')
    assert '"label":"Neustadt \\"an der\\" Weinstraße","ags":"07316000"' in document.decode()


def test_every_city_has_a_place_and_a_row_start(network):
    rows = MunicipalitySavings.objects.order_by("position")
    names = [row.head.split('"label":', 1)[1] for row in rows]
    assert len(names) == Municipality.objects.count()
    assert [row.position for row in rows] == list(range(1, len(names) + 1))
    assert names[0].startswith('"Alzey"') and names[-1].startswith('"zweibrücken"')


def test_without_reports_the_document_has_no_rows(speyer, ministry, coordinator):
    document = by_city(ministry)
    assert document == by_city(coordinator)
    assert document.startswith(
        b'{"group_by" : "municipality", "generated_at" : "2026-12-06T04:00:00+01:00", '
        b'"rows" : [], "total" : {"key":"total","label":"Gesamt","ags":null,"reports":0,'
        b'"avoided_investment":"0.00","avoided_effort_days":0,"contributed":null,'
    )
