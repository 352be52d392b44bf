"""The experience report's figures read the German way on the page ("12.500,00" €,
"1.200" days) like every money and effort field, with the model's German bounds;
the API keeps its machine format (amount strings with two places)."""

from decimal import Decimal

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from projects.models import ExperienceReport, Project
from tests.projects.reuse_helpers import REPORT, api_report, operating, report_on

pytestmark = pytest.mark.django_db
REPORTS = "/api/v1/experience-reports/"


@pytest.fixture
def in_operation(landau_adoption):
    return operating(landau_adoption)


@pytest.fixture
def report_page(published, in_operation, landau_staff, actor_client):
    url = reverse("projects:report-edit", kwargs={"slug": published.slug, "pk": in_operation.pk})
    client = actor_client(landau_staff)

    def post(**figures):
        return client.post(url, {**REPORT, **figures})

    post.get = lambda: client.get(url)  # type: ignore[attr-defined]
    return post


@pytest.fixture
def api(landau_staff):
    client = APIClient()
    client.force_authenticate(landau_staff)
    return client


def test_page_takes_german_figures_and_stores_them_exactly(report_page, in_operation):
    answer = report_page(
        investment_cost="12.500,00",
        running_cost_per_year="1.200,5",
        effort_person_days="1.200",
        duration_months="18",
    )
    assert answer.status_code == 302, answer.content.decode()[:2000]
    report = ExperienceReport.objects.get(adoption=in_operation)
    assert report.investment_cost == Decimal("12500.00")
    assert report.running_cost_per_year == Decimal("1200.50")
    assert report.effort_person_days == 1200
    assert report.duration_months == 18


def test_page_shows_stored_figures_grouped_in_text_inputs(report_page, in_operation):
    report_on(
        in_operation,
        investment_cost=Decimal("12500.00"),
        effort_person_days=1200,
    )
    page = report_page.get().content.decode()
    assert 'value="12.500,00"' in page
    assert 'value="1.200"' in page
    assert 'type="number"' not in page  # browsers mangle "12.500,00" there
    assert "Betrag in Euro, z. B. 60.750,00" in page


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("effort_person_days", "-5", "zwischen 0 und 20.000 Personentagen"),
        ("effort_person_days", "1.000.000", "zwischen 0 und 20.000 Personentagen"),
        ("effort_person_days", "abc", "Bitte eine ganze Zahl wie 1.200 eingeben."),
        ("effort_person_days", "12,5", "Bitte eine ganze Zahl wie 1.200 eingeben."),
        ("duration_months", "-1", "zwischen 0 und 120 Monaten"),
        ("duration_months", "1.200", "zwischen 0 und 120 Monaten"),
        ("investment_cost", "-5", "Kosten dürfen nicht negativ sein."),
        ("investment_cost", "abc", "Bitte einen Betrag wie 12.500,00 eingeben."),
        ("investment_cost", "12.500,005", "2 Dezimalstellen"),
        ("running_cost_per_year", "1.000.000.000.000,00", "zwischen 0 und 99.999.999.999 Euro"),
    ],
)
def test_page_refuses_bad_figures_in_german_and_stores_nothing(report_page, field, value, message):
    answer = report_page(**{field: value})
    assert answer.status_code == 200
    text = answer.content.decode()
    assert message in text
    assert 'aria-invalid="true"' in text
    assert not ExperienceReport.objects.exists()


def test_api_takes_machine_figures_and_answers_in_its_json_shape(api, published, in_operation):
    Project.objects.filter(pk=published.pk).update(investment_cost=Decimal("60750.00"))
    answer = api.post(
        REPORTS,
        api_report(
            in_operation.pk,
            investment_cost="12500.00",
            running_cost_per_year="1200.5",
            effort_person_days=1200,
        ),
        format="json",
    )
    assert answer.status_code == 201, answer.content
    body = answer.json()
    assert body["investment_cost"] == "12500.00"
    assert body["running_cost_per_year"] == "1200.50"
    assert body["effort_person_days"] == 1200
    assert body["duration_months"] == REPORT["duration_months"]
    report = ExperienceReport.objects.get(adoption=in_operation)
    assert (report.investment_cost, report.effort_person_days) == (Decimal("12500.00"), 1200)
    listed = api.get(REPORTS).json()["results"][0]
    assert listed["investment_cost"] == "12500.00"
    assert listed["avoided_investment"] == "48250.00"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("effort_person_days", -5, "zwischen 0 und 20.000 Personentagen"),
        ("effort_person_days", 1_000_000, "zwischen 0 und 20.000 Personentagen"),
        ("effort_person_days", "1.000.000", "gültige Ganzzahl"),
        ("effort_person_days", "1.000", "gültige Ganzzahl"),
        ("effort_person_days", "abc", "gültige Ganzzahl"),
        ("investment_cost", "-5", "Kosten dürfen nicht negativ sein."),
        ("investment_cost", "12.500,00", "Zahl"),
        ("investment_cost", "abc", "Zahl"),
    ],
)
def test_api_refuses_bad_figures_with_german_field_errors(api, in_operation, field, value, message):
    answer = api.post(REPORTS, api_report(in_operation.pk, **{field: value}), format="json")
    assert answer.status_code == 400, answer.content
    assert message in " ".join(answer.json()[field])
    assert not ExperienceReport.objects.exists()


def test_api_change_takes_digits_as_a_string_and_keeps_the_rest(api, in_operation):
    report = report_on(in_operation)
    answer = api.patch(
        f"{REPORTS}{report.pk}/",
        {"effort_person_days": "1200", "investment_cost": "0.5"},
        format="json",
    )
    assert answer.status_code == 200, answer.content
    assert answer.json()["investment_cost"] == "0.50"
    report.refresh_from_db()
    assert (report.effort_person_days, report.investment_cost) == (1200, Decimal("0.50"))
    assert report.running_cost_per_year == REPORT["running_cost_per_year"]


def test_admin_report_form_reads_german_figures(actor_client, coordinator, in_operation):
    report = report_on(in_operation)
    url = reverse("admin:projects_experiencereport_change", args=[report.pk])
    data = {
        "recommendation": "ja",
        "effort_person_days": "1.200",
        "investment_cost": "12.500,00",
        "running_cost_per_year": "1.500,00",
        "duration_months": "6",
        "adaptations": "",
        "text": "",
    }
    response = actor_client(coordinator).post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    report.refresh_from_db()
    assert (report.effort_person_days, report.investment_cost) == (1200, Decimal("12500.00"))
    page = actor_client(coordinator).get(url).content.decode()
    assert 'name="investment_cost" value="12.500,00"' in page
