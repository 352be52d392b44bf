"""Issue 16.1: money and effort fields read and show numbers the German way,
in the portal's forms and in the admin; the API keeps plain decimal strings."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation
from rest_framework.test import APIClient

from core.formatting import euro
from funding.models import Disbursement, FundingProgram, Grant
from projects.models import Project
from tests.funding.factories import FundingProgramFactory, GrantFactory
from tests.projects.factories import ProjectFactory
from tests.projects.helpers import api_project_data, project_form_data

pytestmark = pytest.mark.django_db

CREATE = reverse("projects:project-create")


@pytest.fixture
def staff_client(actor_client, speyer_staff):
    return actor_client(speyer_staff)


@pytest.fixture
def admin_client(actor_client, coordinator):
    return actor_client(coordinator)


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("12.500,00", Decimal("12500.00")),
        ("1.234.567,89", Decimal("1234567.89")),
        ("12500,5", Decimal("12500.50")),
        ("12.500", Decimal("12500.00")),
        ("12500.00", Decimal("12500.00")),  # the API's and CSV's format, pasted
        ("12.50", Decimal("12.50")),
        (" 20.000,00 € ", Decimal("20000.00")),
    ],
)
def test_project_form_reads_german_amounts(staff_client, typed, stored):
    response = staff_client.post(CREATE, project_form_data(investment_cost=typed))
    assert response.status_code == 302, response.context["form"].errors
    assert Project.objects.get().investment_cost == stored


def test_project_form_reads_grouped_effort(staff_client):
    response = staff_client.post(CREATE, project_form_data(effort_person_days="1.200"))
    assert response.status_code == 302, response.context["form"].errors
    assert Project.objects.get().effort_person_days == 1200


@pytest.mark.parametrize("typed", ["12,5,0", "12.5.0", "zwölf", "1.2345,00", "12,500.00"])
def test_unreadable_amount_is_refused_in_german(staff_client, typed):
    response = staff_client.post(CREATE, project_form_data(investment_cost=typed))
    assert response.status_code == 200
    assert response.context["form"].errors["investment_cost"] == [
        "Bitte einen Betrag wie 12.500,00 eingeben."
    ]
    assert not Project.objects.exists()


def test_effort_with_decimals_is_refused(staff_client):
    response = staff_client.post(CREATE, project_form_data(effort_person_days="12,5"))
    assert response.context["form"].errors["effort_person_days"] == [
        "Bitte eine ganze Zahl wie 1.200 eingeben."
    ]
    assert not Project.objects.exists()


def test_edit_form_shows_amounts_the_german_way(staff_client, speyer, speyer_staff):
    project = ProjectFactory(
        lead_municipality=speyer,
        investment_cost=Decimal("12500.00"),
        running_cost_per_year=Decimal("800.50"),
        effort_person_days=1200,
    )
    html = staff_client.get(reverse("projects:project-edit", args=[project.slug])).content.decode()
    assert 'name="investment_cost" value="12.500,00"' in html
    assert 'name="running_cost_per_year" value="800,50"' in html
    assert 'name="effort_person_days" value="1.200"' in html
    assert 'type="number"' not in html


def test_english_interface_reads_and_shows_english_separators(staff_client):
    staff_client.cookies["django_language"] = "en"
    response = staff_client.post(CREATE, project_form_data(investment_cost="12,500.50"))
    assert response.status_code == 302
    project = Project.objects.get()
    assert project.investment_cost == Decimal("12500.50")
    html = staff_client.get(reverse("projects:project-edit", args=[project.slug])).content.decode()
    assert 'value="12,500.50"' in html


def test_catalogue_filter_reads_german_amounts(client, speyer):
    ProjectFactory(title="Teuer", lead_municipality=speyer, investment_cost=Decimal("90000"))
    ProjectFactory(title="Günstig", lead_municipality=speyer, investment_cost=Decimal("5000"))
    response = client.get(reverse("projects:project-list"), {"cost_min": "20.000,00"})
    html = response.content.decode()
    assert "Teuer" in html
    assert "Günstig" not in html
    assert 'value="20.000,00"' in html


def test_api_keeps_plain_decimal_strings(speyer_staff):
    api = APIClient()
    api.force_authenticate(speyer_staff)
    refused = api.post(
        "/api/v1/projects/", api_project_data(investment_cost="12.500,00"), format="json"
    )
    assert refused.status_code == 400
    assert "investment_cost" in refused.json()
    created = api.post(
        "/api/v1/projects/", api_project_data(investment_cost="12500.50"), format="json"
    )
    assert created.status_code == 201
    assert created.json()["investment_cost"] == "12500.50"


def _inline_management(prefix: str, total: int = 0) -> dict:
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def test_admin_grant_form_reads_german_amounts(admin_client, speyer):
    program = FundingProgramFactory()
    data = {
        "program": program.pk,
        "municipality": speyer.pk,
        "file_reference": "MdI-2024-001",
        "purpose": "Digitale Verwaltung",
        "approved_amount": "20.000,00",
        "funding_rate": "62,5",
        "decision_year": "2024",
        **_inline_management("disbursements", total=1),
        "disbursements-0-paid_on": "2024-03-01",
        "disbursements-0-amount": "1.500,50",
        **_inline_management("obligations"),
    }
    response = admin_client.post(reverse("admin:funding_grant_add"), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    grant = Grant.objects.get()
    assert grant.approved_amount == Decimal("20000.00")
    assert grant.funding_rate == Decimal("62.50")
    assert Disbursement.objects.get().amount == Decimal("1500.50")

    html = admin_client.get(reverse("admin:funding_grant_change", args=[grant.pk])).content
    assert 'name="approved_amount" value="20.000,00"' in html.decode()
    assert 'value="1.500,50"' in html.decode()


def test_admin_grant_form_refuses_unreadable_amount(admin_client, speyer):
    program = FundingProgramFactory()
    data = {
        "program": program.pk,
        "municipality": speyer.pk,
        "file_reference": "MdI-2024-001",
        "purpose": "Digitale Verwaltung",
        "approved_amount": "20.000.00,00",
        "decision_year": "2024",
        **_inline_management("disbursements"),
        **_inline_management("obligations"),
    }
    response = admin_client.post(reverse("admin:funding_grant_add"), data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["approved_amount"] == [
        "Bitte einen Betrag wie 12.500,00 eingeben."
    ]
    assert not Grant.objects.exists()


def test_admin_programme_budget_reads_german_amount(admin_client):
    response = admin_client.post(
        reverse("admin:funding_fundingprogram_add"),
        {
            "name": "Digitale Dörfer",
            "slug": "digitale-doerfer",
            "funder": "MdI",
            "budget": "2.870.000,00",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert FundingProgram.objects.get().budget == Decimal("2870000.00")


def test_grant_list_filter_reads_german_amounts(actor_client, coordinator, speyer):
    program = FundingProgramFactory()
    GrantFactory(program=program, municipality=speyer, approved_amount=Decimal("60750.00"))
    GrantFactory(program=program, municipality=speyer, approved_amount=Decimal("5000.00"))
    response = actor_client(coordinator).get(
        reverse("funding:grant-list"), {"amount_min": "50.000,00"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "60.750,00" in html
    assert "5.000,00" not in html


def test_amounts_are_shown_the_german_way():
    with translation.override("de"):
        assert euro(Decimal("1234567.5")) == "1.234.567,50\u00a0€"
    with translation.override("en"):
        assert euro(Decimal("1234567.5")) == "1,234,567.50\u00a0€"


def test_project_page_shows_grouped_effort_and_amounts(client, speyer):
    project = ProjectFactory(
        lead_municipality=speyer, investment_cost=Decimal("12500"), effort_person_days=1200
    )
    html = client.get(project.get_absolute_url()).content.decode()
    assert "1.200 Personentage" in html
    assert "12.500,00\u00a0€" in html


def test_admin_programme_list_shows_the_budget_the_german_way(admin_client):
    FundingProgramFactory(budget=Decimal("2870000.00"))
    html = admin_client.get(reverse("admin:funding_fundingprogram_changelist")).content.decode()
    assert "2.870.000,00\u00a0€" in html
