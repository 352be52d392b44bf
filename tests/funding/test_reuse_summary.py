"""/api/v1/reuse/summary/: what reuse saved per project, municipality, topic and
programme, exact to the cent, as JSON, CSV and XLSX (issue 13)."""

import csv
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook
from rest_framework.test import APIClient

from projects import services
from projects.models import Project
from tests.funding.factories import FundingProgramFactory, GrantFactory
from tests.members.factories import MunicipalityFactory
from tests.projects.factories import AdoptionFactory, ProjectFactory, TopicFactory
from tests.projects.reuse_helpers import REPORT, operating, report_on

pytestmark = pytest.mark.django_db
URL = "/api/v1/reuse/summary/"


def api(user) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


@pytest.fixture
def network(speyer, landau):
    """Speyer's project (50,000.10 €, 100 days) reused by Landau (12,000 €, 30 days)
    and by Trier (spent more: avoids nothing); Landau's own project reused by Speyer."""
    trier = MunicipalityFactory(name="Trier", slug="trier", ags="07211000")
    mobility = TopicFactory(name="Mobilität", slug="mobilitaet")
    citizens = TopicFactory(name="Bürgerservice", slug="buergerservice")
    lights = ProjectFactory(
        title="Smarte Lichtmasten",
        slug="smarte-lichtmasten",
        lead_municipality=speyer,
        investment_cost=Decimal("50000.10"),
        effort_person_days=100,
        topics=[mobility, citizens],
    )
    portal = ProjectFactory(
        title="Kitaportal",
        slug="kitaportal",
        lead_municipality=landau,
        investment_cost=Decimal("20000.00"),
        effort_person_days=40,
        topics=[citizens],
    )
    report_on(operating(AdoptionFactory(project=lights, municipality=landau)))
    report_on(
        operating(AdoptionFactory(project=lights, municipality=trier)),
        investment_cost=Decimal("70000.00"),
        effort_person_days=200,
    )
    report_on(
        operating(AdoptionFactory(project=portal, municipality=speyer)),
        investment_cost=Decimal("0.05"),
        effort_person_days=5,
    )
    program = FundingProgramFactory(name="Digitale Kommunen", slug="digitale-kommunen")
    grant = GrantFactory(program=program, municipality=speyer, approved_amount=Decimal("60750.00"))
    grant.projects.set([lights])
    return {"lights": lights, "portal": portal, "trier": trier}


def rows_of(data: dict) -> dict:
    return {row["key"]: row for row in data["rows"]}


def test_by_project_exact_to_the_cent(network, landau_staff):
    data = api(landau_staff).get(URL, {"group_by": "project"}).json()
    rows = rows_of(data)
    assert rows["smarte-lichtmasten"]["avoided_investment"] == "38000.10"
    assert rows["smarte-lichtmasten"]["avoided_effort_days"] == 70
    assert rows["smarte-lichtmasten"]["reports"] == 2
    assert rows["kitaportal"]["avoided_investment"] == "19999.95"
    assert data["total"] == {
        **data["total"],
        "key": "total",
        "reports": 3,
        "avoided_investment": "58000.05",
        "avoided_effort_days": 105,
    }


def test_by_municipality_contributed_reused_avoided(network, coordinator):
    rows = rows_of(api(coordinator).get(URL, {"group_by": "municipality"}).json())
    assert rows["speyer"]["contributed"] == 2
    assert rows["speyer"]["contributed_investment"] == "38000.10"
    assert rows["speyer"]["reports"] == 1
    assert rows["speyer"]["avoided_investment"] == "19999.95"
    assert rows["speyer"]["ags"] == "07318000"
    assert rows["landau"]["avoided_investment"] == "38000.10"
    assert rows["trier"]["avoided_investment"] == "0.00"


def test_by_topic_counts_a_project_in_each_of_its_topics_and_once_in_the_total(network, ministry):
    data = api(ministry).get(URL, {"group_by": "topic"}).json()
    rows = rows_of(data)
    assert rows["mobilitaet"]["avoided_investment"] == "38000.10"
    assert rows["buergerservice"]["avoided_investment"] == "58000.05"
    assert data["total"]["avoided_investment"] == "58000.05"


def test_by_programme_euros_avoided_per_funding_euro(network, coordinator):
    row = rows_of(api(coordinator).get(URL, {"group_by": "program"}).json())["digitale-kommunen"]
    assert row["funded_projects"] == 1
    assert row["times_reused"] == 2
    assert row["approved"] == "60750.00"
    assert row["avoided_investment"] == "38000.10"
    assert row["avoided_per_funding_euro"] == "0.63"


def test_staff_see_the_network_but_no_other_citys_unpublished_data(
    network, speyer_staff, landau_staff
):
    Project.objects.filter(pk=network["portal"].pk).update(state=Project.State.DRAFT)
    landau_view = rows_of(api(landau_staff).get(URL).json())
    speyer_view = rows_of(api(speyer_staff).get(URL).json())
    assert "kitaportal" in landau_view  # Landau's own draft
    assert "kitaportal" not in speyer_view
    assert "smarte-lichtmasten" in speyer_view


def test_csv_and_xlsx_carry_the_same_figures(network, ministry):
    answer = api(ministry).get(URL, {"group_by": "project", "format": "csv"})
    assert answer.status_code == 200
    assert "nachnutzung-nach-projekt" in answer["Content-Disposition"]
    lines = list(csv.DictReader(io.StringIO(answer.content.decode())))
    assert lines[-1]["key"] == "total" and lines[-1]["avoided_investment"] == "58000.05"
    book = api(ministry).get(URL, {"group_by": "project", "format": "xlsx"})
    sheet = load_workbook(io.BytesIO(book.content)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[-1][0] == "total"
    assert Decimal(str(values[-1][4])) == Decimal("58000.05")


def test_anonymous_and_bad_grouping(network, landau_staff):
    assert api(None).get(URL).status_code == 401
    answer = api(landau_staff).get(URL, {"group_by": "stadt"})
    assert answer.status_code == 400
    assert "keine gültige Auswahl" in answer.json()["group_by"][0]


def test_cached_and_renewed_after_a_new_report(
    network, landau, landau_staff, django_capture_on_commit_callbacks
):
    first = api(landau_staff).get(URL).json()
    again = api(landau_staff).get(URL).json()
    assert first["generated_at"] == again["generated_at"]  # from the cache
    third = ProjectFactory(investment_cost=Decimal("1000.00"))
    adoption = operating(AdoptionFactory(project=third, municipality=landau))
    with django_capture_on_commit_callbacks(execute=True):
        services.report_save(
            adoption=adoption, actor=landau_staff, **{**REPORT, "investment_cost": 0}
        )
    after = api(landau_staff).get(URL).json()
    assert after["total"]["avoided_investment"] == "59000.05"


def test_the_ministrys_report_by_city_is_joined_from_the_kept_rows_each_time(
    network, landau, landau_staff, ministry, coordinator
):
    """Not cached: the database keeps its rows, and joining them costs less
    than storing the megabytes and reading them back. A new report shows in
    the next request though no version was raised (on-commit callbacks do not
    run in this test); the coordinator's report, summed afresh, is cached."""
    params = {"group_by": "municipality"}
    first = api(ministry).get(URL, params).json()
    summed = api(coordinator).get(URL, params).json()
    adoption = operating(AdoptionFactory(project=ProjectFactory(), municipality=landau))
    services.report_save(adoption=adoption, actor=landau_staff, **REPORT)
    after = api(ministry).get(URL, params).json()
    assert after["generated_at"] != first["generated_at"]
    assert after["total"]["reports"] == first["total"]["reports"] + 1
    assert api(coordinator).get(URL, params).json() == summed  # from the cache
