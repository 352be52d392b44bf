"""What reuse saved is kept on each experience report by the database (migration
0021): the figures follow every change that decides them — the report, its
adoption's status, its project's costs, state and lead city — however the
change is written (services, admin, a bulk update), and the summary reads
the reports alone."""

from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from projects import services
from projects.models import Adoption, ExperienceReport, FacetCount, MunicipalitySavings, Project
from projects.selectors import active_adoption_count, published_project_count
from projects.selectors.reuse import (
    municipality_savings,
    network_savings,
    project_savings,
    published_network_savings,
)
from tests.members.factories import MunicipalityFactory
from tests.projects.factories import AdoptionFactory, ProjectFactory
from tests.projects.reuse_helpers import REPORT, operating, report_on

pytestmark = pytest.mark.django_db
SUMMARY = "/api/v1/reuse/summary/"


@pytest.fixture
def lights(speyer):
    return ProjectFactory(
        title="Smarte Lichtmasten",
        slug="smarte-lichtmasten",
        lead_municipality=speyer,
        investment_cost=Decimal("50000.10"),
        effort_person_days=100,
    )


@pytest.fixture
def report(lights, landau) -> ExperienceReport:
    """Landau spent 12,000 € and 30 days: 38,000.10 € and 70 days avoided."""
    return report_on(operating(AdoptionFactory(project=lights, municipality=landau)))


def kept(report: ExperienceReport) -> tuple:
    report.refresh_from_db()
    return report.counted, report.avoided_investment, report.avoided_effort_days


def test_a_new_report_carries_its_figures_and_copies(report, lights, speyer, landau):
    assert kept(report) == (True, Decimal("38000.10"), 70)
    assert report.project_id == lights.pk
    assert report.project_state == Project.State.PUBLISHED
    assert report.project_lead_municipality_id == speyer.pk
    assert report.adopter_municipality_id == landau.pk


def test_the_project_costs_changed_through_the_service(report, lights, coordinator):
    services.project_update(project=lights, actor=coordinator, investment_cost=Decimal("10000"))
    assert kept(report) == (True, Decimal("0.00"), 70)  # spent more than the original: 0
    services.project_update(project=lights, actor=coordinator, effort_person_days=None)
    assert kept(report) == (True, Decimal("0.00"), 0)  # unknown original effort: nothing
    assert network_savings().investment == Decimal("0.00")


def test_an_adoption_leaving_operation_stops_counting(report, landau_staff):
    services.adoption_update(
        adoption=report.adoption, actor=landau_staff, status=Adoption.Status.CANCELLED
    )
    assert kept(report)[0] is False
    assert network_savings().reports == 0
    assert project_savings(report.adoption.project).reports == 0


def test_an_archived_project_counts_for_coordinators_only(report, lights, coordinator):
    services.project_archive(project=lights, actor=coordinator)
    report.refresh_from_db()
    assert report.project_state == Project.State.ARCHIVED
    assert network_savings().reports == 0
    assert network_savings(coordinator).investment == Decimal("38000.10")


def test_a_new_lead_city_takes_the_contribution_along(report, lights, speyer, coordinator):
    trier = MunicipalityFactory(name="Trier", slug="trier")
    services.project_update(project=lights, actor=coordinator, lead_municipality=trier)
    assert municipality_savings(trier)["contributed"].reports == 1
    assert municipality_savings(speyer)["contributed"].reports == 0


def test_a_stale_or_forged_value_is_recomputed(report):
    ExperienceReport.objects.filter(pk=report.pk).update(
        avoided_investment=Decimal("999999.00"), counted=False, project_state="draft"
    )
    assert kept(report) == (True, Decimal("38000.10"), 70)
    report.project_state = "draft"
    report.avoided_effort_days = 1
    report.save()  # an instance written back with stale copies
    assert kept(report) == (True, Decimal("38000.10"), 70)
    assert report.project_state == Project.State.PUBLISHED


def test_a_bulk_update_of_projects_is_followed(report, lights):
    Project.objects.filter(pk=lights.pk).update(investment_cost=Decimal("12000.50"))
    assert kept(report)[1] == Decimal("0.50")


def test_a_deleted_adoption_takes_its_report_out_of_the_sums(report, coordinator):
    services.adoption_delete(adoption=report.adoption, actor=coordinator)
    assert network_savings(coordinator).reports == 0


def test_the_report_api_shows_the_figures_right_after_writing(lights, landau, landau_staff):
    adoption = operating(AdoptionFactory(project=lights, municipality=landau))
    client = APIClient()
    client.force_authenticate(landau_staff)
    answer = client.post(
        "/api/v1/experience-reports/",
        {**REPORT, "investment_cost": "20000.00", "running_cost_per_year": "0.00",
         "adoption": adoption.pk},
        format="json",
    )  # fmt: skip
    assert answer.status_code == 201, answer.content
    assert answer.json()["avoided_investment"] == "30000.10"
    assert answer.json()["avoided_effort_days"] == 70


def test_the_summary_by_city_is_sorted_and_its_queries_do_not_grow(
    report, lights, ministry, django_assert_max_num_queries
):
    for index, name in enumerate(["zweibrücken", "Alzey", "bad Kreuznach", "Worms"]):
        city = MunicipalityFactory(name=name, slug=f"stadt-{index}")
        report_on(operating(AdoptionFactory(project=lights, municipality=city)))
    client = APIClient()
    client.force_authenticate(ministry)
    client.get("/api/v1/me/")  # the session's own reads, once
    with django_assert_max_num_queries(4):
        data = client.get(SUMMARY, {"group_by": "municipality"}).json()
    labels = [row["label"] for row in data["rows"]]
    assert labels == sorted(labels, key=str.casefold)
    assert labels[0] == "Alzey" and "zweibrücken" in labels
    assert data["total"]["reports"] == 5
    assert data["total"]["contributed"] is None
    speyer_row = next(row for row in data["rows"] if row["key"] == "speyer")
    assert speyer_row["contributed"] == 5 and speyer_row["reports"] == 0


def kept_totals() -> dict:
    return {
        (f.facet, f.value): f.count
        for f in FacetCount.objects.filter(
            facet__in=("all", "reuses", "reports", "avoided_cents", "avoided_days")
        )
    }


def recounted_totals() -> dict:
    with connection.cursor() as cursor:
        cursor.execute("SELECT projects_facet_recount()")
    return kept_totals()


def test_the_start_page_totals_follow_every_write(
    report, lights, landau, speyer, coordinator, landau_staff, client
):
    """The network figures the start page reads are kept by the database beside
    the facet counts: after each kind of write they equal a fresh count."""
    assert published_network_savings() == network_savings()
    assert kept_totals()[("avoided_cents", "")] == 3800010
    second = report_on(
        operating(AdoptionFactory(project=ProjectFactory(investment_cost=Decimal("500.00")),
                                  municipality=speyer)),
        investment_cost=Decimal("100.25"),
    )  # fmt: skip
    assert published_network_savings().investment == Decimal("38399.85")
    services.project_update(project=lights, actor=coordinator, investment_cost=Decimal("40000"))
    services.adoption_update(
        adoption=second.adoption, actor=coordinator, status=Adoption.Status.CANCELLED
    )
    services.adoption_create(project=lights, municipality=MunicipalityFactory(), actor=coordinator)
    services.project_archive(project=ProjectFactory(), actor=coordinator)
    assert published_network_savings() == network_savings()
    assert published_project_count() == Project.objects.published().count()
    assert active_adoption_count() == 2  # Landau's and the new one; the cancelled not
    kept = kept_totals()
    assert kept == recounted_totals()
    services.report_delete(report=report, actor=coordinator)
    assert published_network_savings().reports == 0
    assert kept_totals() == recounted_totals()
    assert "0,00" in client.get("/").content.decode()


def kept_cities() -> dict:
    return {
        row.municipality_id: (
            row.reports,
            row.investment,
            row.effort_days,
            row.contributed,
            row.contributed_investment,
        )
        for row in MunicipalitySavings.objects.all()
        if row.reports or row.contributed
    }


def recounted_cities() -> dict:
    with connection.cursor() as cursor:
        cursor.execute("SELECT projects_savings_recount()")
    return kept_cities()


def test_the_ministry_reads_each_citys_kept_sums_not_the_reports(
    report, lights, landau, speyer, coordinator, ministry, landau_staff
):
    """By city, a reader who sees published projects only gets the sums the
    database keeps per city: the same rows as summed afresh, after every kind
    of write, without reading a report."""
    trier = MunicipalityFactory(name="Trier", slug="trier")
    report_on(
        operating(AdoptionFactory(project=ProjectFactory(lead_municipality=landau,
                                                         investment_cost=Decimal("900.00")),
                                  municipality=trier)),
        investment_cost=Decimal("100.00"),
    )  # fmt: skip
    ministry_client, coordinator_client = APIClient(), APIClient()
    ministry_client.force_authenticate(ministry)
    coordinator_client.force_authenticate(coordinator)

    def by_city(client) -> dict:
        cache.clear()  # the figures, not the cache (its versions rise after commits)
        data = client.get(SUMMARY, {"group_by": "municipality"}).json()
        return {row["key"]: row for row in data["rows"]} | {"total": data["total"]}

    assert by_city(ministry_client) == by_city(coordinator_client)  # all published
    services.project_update(project=lights, actor=coordinator, lead_municipality=trier)
    services.adoption_update(
        adoption=report.adoption, actor=landau_staff, status=Adoption.Status.CANCELLED
    )
    assert kept_cities() == recounted_cities()
    Adoption.objects.filter(pk=report.adoption_id).update(status=Adoption.Status.OPERATING)
    assert kept_cities() == recounted_cities()  # a bulk write, back in operation
    assert by_city(ministry_client)["trier"]["contributed_investment"] == "38000.10"
    services.project_archive(project=lights, actor=coordinator)
    assert kept_cities() == recounted_cities()
    ministry_view, coordinator_view = by_city(ministry_client), by_city(coordinator_client)
    assert ministry_view["total"]["reports"] == 1  # Trier's on Landau's project
    assert coordinator_view["total"]["reports"] == 2  # and the archived project's
    services.report_delete(report=report, actor=coordinator)
    assert kept_cities() == recounted_cities()
    with CaptureQueriesContext(connection) as captured:
        rows = by_city(ministry_client)
    assert rows["landau"]["contributed"] == 1 and rows["trier"]["reports"] == 1
    assert not any("projects_experiencereport" in q["sql"] for q in captured.captured_queries)
