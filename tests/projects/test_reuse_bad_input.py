"""Bad input of issue 13 through the API and the pages: German field errors, 400,
nothing stored — negative costs or effort, a million days, a report on another
city's adoption or on one not in operation, a lineage that would form a cycle."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from projects.models import Adoption, ExperienceReport, Question
from tests.projects.factories import AdoptionFactory, ProjectFactory
from tests.projects.reuse_helpers import REPORT, api_report, operating

pytestmark = pytest.mark.django_db
REPORTS = "/api/v1/experience-reports/"


@pytest.fixture
def client_of():
    def make(user) -> APIClient:
        client = APIClient()
        client.force_authenticate(user)
        return client

    return make


@pytest.fixture
def in_operation(landau_adoption):
    return operating(landau_adoption)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("investment_cost", "-1.00", "Kosten dürfen nicht negativ sein."),
        ("running_cost_per_year", "-100.00", "Kosten dürfen nicht negativ sein."),
        ("effort_person_days", -5, "zwischen 0 und 20.000 Personentagen"),
        ("effort_person_days", 1_000_000, "zwischen 0 und 20.000 Personentagen"),
        ("duration_months", 9999, "zwischen 0 und 120 Monaten"),
        ("investment_cost", "1e30", "nicht mehr als 13 Ziffern"),
        ("recommendation", "vielleicht", "keine gültige Option"),
    ],
)
def test_bad_report_figures_are_400_with_the_field(
    field, value, message, in_operation, landau_staff, client_of
):
    answer = client_of(landau_staff).post(
        REPORTS, api_report(in_operation.pk, **{field: value}), format="json"
    )
    assert answer.status_code == 400, answer.content
    assert message in " ".join(answer.json()[field])
    assert not ExperienceReport.objects.exists()


def test_report_on_an_adoption_not_in_operation_is_400(landau_adoption, landau_staff, client_of):
    answer = client_of(landau_staff).post(REPORTS, api_report(landau_adoption.pk), format="json")
    assert answer.status_code == 400
    assert "im Betrieb" in answer.json()["adoption"][0]
    assert not ExperienceReport.objects.exists()


def test_report_on_another_citys_adoption_is_400(in_operation, speyer_staff, client_of):
    answer = client_of(speyer_staff).post(REPORTS, api_report(in_operation.pk), format="json")
    assert answer.status_code == 400
    assert "nachnutzende Kommune" in answer.json()["adoption"][0]


def test_second_report_on_the_same_adoption_is_a_conflict(in_operation, landau_staff, client_of):
    client = client_of(landau_staff)
    assert client.post(REPORTS, api_report(in_operation.pk), format="json").status_code == 201
    assert client.post(REPORTS, api_report(in_operation.pk), format="json").status_code == 409
    assert ExperienceReport.objects.count() == 1


def test_bad_figures_on_the_page_show_german_errors(
    published, in_operation, landau_staff, actor_client
):
    url = reverse("projects:report-edit", kwargs={"slug": published.slug, "pk": in_operation.pk})
    form = {**REPORT, "investment_cost": "-3", "effort_person_days": "1000000"}
    page = actor_client(landau_staff).post(url, form)
    assert page.status_code == 200
    text = page.content.decode()
    assert "Kosten dürfen nicht negativ sein." in text
    assert "zwischen 0 und 20.000 Personentagen" in text
    assert not ExperienceReport.objects.exists()


def test_report_page_before_operation_says_why(
    published, landau_adoption, landau_staff, actor_client
):
    url = reverse("projects:report-edit", kwargs={"slug": published.slug, "pk": landau_adoption.pk})
    page = actor_client(landau_staff).post(url, {**REPORT, "investment_cost": "100"})
    assert page.status_code == 200
    assert "erst möglich, wenn die Nachnutzung im Betrieb ist" in page.content.decode()
    assert not ExperienceReport.objects.exists()


def test_lineage_cycle_is_400_and_nothing_stored(published, speyer, landau, coordinator, client_of):
    client = client_of(coordinator)
    landau_project = ProjectFactory(lead_municipality=landau, slug="landau-lichtmasten")
    first = AdoptionFactory(project=published, municipality=landau)
    answer = client.patch(
        f"/api/v1/adoptions/{first.pk}/", {"resulting_project": landau_project.slug}, format="json"
    )
    assert answer.status_code == 200
    assert answer.json()["resulting_project"] == "landau-lichtmasten"
    back = AdoptionFactory(project=landau_project, municipality=speyer)
    answer = client.patch(
        f"/api/v1/adoptions/{back.pk}/", {"resulting_project": published.slug}, format="json"
    )
    assert answer.status_code == 400
    assert "keinen Kreis" in answer.json()["resulting_project"][0]
    back.refresh_from_db()
    assert back.resulting_project_id is None


def test_resulting_project_of_another_city_is_400(
    published, landau, speyer, landau_staff, client_of
):
    adoption = AdoptionFactory(project=published, municipality=landau)
    other = ProjectFactory(lead_municipality=speyer)
    answer = client_of(landau_staff).patch(
        f"/api/v1/adoptions/{adoption.pk}/", {"resulting_project": other.slug}, format="json"
    )
    assert answer.status_code == 400
    assert Adoption.objects.get(pk=adoption.pk).resulting_project_id is None


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("", "darf nicht leer sein"),
        ("<script>alert(1)</script>", "unzulässige Inhalte"),
        ("x" * 5001, "5000"),
    ],
)
def test_bad_questions_are_400(body, message, published, landau_staff, client_of):
    answer = client_of(landau_staff).post(
        "/api/v1/questions/", {"project": published.slug, "body": body}, format="json"
    )
    assert answer.status_code == 400
    assert message in " ".join(answer.json()["body"])
    assert not Question.objects.exists()
