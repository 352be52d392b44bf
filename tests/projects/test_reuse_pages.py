"""Where what reuse saved is shown, the lineage drawing, and the project page's
constant number of queries with 50 questions and 20 reports (issue 13)."""

from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from projects import services
from projects.models import Project, ProjectDocument
from tests.members.factories import MunicipalityFactory
from tests.projects.factories import AdoptionFactory, ProjectFactory
from tests.projects.reuse_helpers import operating, report_on

pytestmark = pytest.mark.django_db


@pytest.fixture
def saved(published, landau):
    Project.objects.filter(pk=published.pk).update(
        investment_cost=Decimal("60750.00"), effort_person_days=80
    )
    return report_on(
        operating(AdoptionFactory(project=published, municipality=landau)),
        investment_cost=Decimal("10000.50"),
    )


def test_start_page_shows_the_savings_and_what_they_rest_on(saved, client):
    page = client.get("/").content.decode()
    assert "Durch Nachnutzung vermieden" in page
    assert "50.749,50\xa0€" in page
    assert "laut 1 Erfahrungsbericht" in page


def test_municipality_page_shows_reused_and_contributed(saved, speyer, landau, client):
    landau_page = client.get(landau.get_absolute_url()).content.decode()
    assert "Landau in der Pfalz hat durch Nachnutzung vermieden" in landau_page
    assert "50.749,50\xa0€" in landau_page
    speyer_page = client.get(speyer.get_absolute_url()).content.decode()
    assert "Projekte aus Speyer ersparten anderen" in speyer_page
    assert "50.749,50\xa0€" in speyer_page


def test_project_page_shows_savings_and_recommendation(saved, published, client):
    page = client.get(published.get_absolute_url()).content.decode()
    assert "Durch Nachnutzung dieses Projekts vermieden: 50.749,50\xa0€" in page
    assert "1 Erfahrungsbericht, 1 Empfehlung" in page


def test_lineage_is_drawn_and_listed_over_three_cities(published, landau, coordinator, client):
    trier = MunicipalityFactory(name="Trier", slug="trier")
    landau_project = ProjectFactory(title="Lichtmasten Landau", lead_municipality=landau)
    trier_project = ProjectFactory(title="Lichtmasten Trier", lead_municipality=trier)
    first = AdoptionFactory(project=published, municipality=landau)
    services.adoption_update(adoption=first, actor=coordinator, resulting_project=landau_project)
    second = AdoptionFactory(project=landau_project, municipality=trier)
    services.adoption_update(adoption=second, actor=coordinator, resulting_project=trier_project)
    page = client.get(trier_project.get_absolute_url()).content.decode()
    assert "<svg" in page and 'role="img"' in page
    assert "über 3 Generationen" in page
    list_part = page[page.index("Herkunftslinie als Liste") :]
    assert list_part.index("Smarte Lichtmasten") < list_part.index("Lichtmasten Landau")
    assert list_part.index("Lichtmasten Landau") < list_part.index("Lichtmasten Trier")


def test_checklist_for_editors_and_badge_when_ready(
    published, speyer_staff, landau_staff, actor_client
):
    page = actor_client(speyer_staff).get(published.get_absolute_url()).content.decode()
    assert "Damit andere Kommunen das Projekt nachnutzen können, fehlt noch:" in page
    assert (
        "Nachnutzungsbereit?"
        not in actor_client(landau_staff).get(published.get_absolute_url()).content.decode()
    )
    Project.objects.filter(pk=published.pk).update(
        licence="EUPL-1.2",
        contact_name="Amt für Digitales",
        contact_email="digital@speyer.example",
        investment_cost=Decimal("1000"),
        running_cost_per_year=Decimal("100"),
    )
    ProjectDocument.objects.create(
        project=published,
        title="Betriebshandbuch",
        kind="betriebshandbuch",
        file="x.pdf",
        original_name="x.pdf",
        content_type="application/pdf",
        size=1,
    )
    page = actor_client(speyer_staff).get(published.get_absolute_url()).content.decode()
    assert "Das Projekt erfüllt alles" in page
    catalogue = actor_client(None).get("/projekte/", {"ready": "on"}).content.decode()
    assert "Smarte Lichtmasten" in catalogue and "Nachnutzungsbereit" in catalogue


def test_recommended_filter(saved, published, client):
    other = ProjectFactory(title="Ohne Empfehlung")
    report_on(operating(AdoptionFactory(project=other)), recommendation="nein")
    page = client.get("/projekte/", {"recommended": "on"}).content.decode()
    assert "Smarte Lichtmasten" in page and "Ohne Empfehlung" not in page
    answer = client.get("/api/v1/projects/", {"recommended": "true"}).json()
    assert [item["slug"] for item in answer["results"]] == [published.slug]
    assert answer["results"][0]["recommend_count"] == 1


@pytest.mark.parametrize("user", [None, "landau_staff", "coordinator"])
def test_project_page_queries_do_not_grow_with_questions_and_reports(
    user, published, speyer_staff, client, request
):
    if user:
        client.force_login(request.getfixturevalue(user))

    def add(questions: int, reports: int) -> None:
        for n in range(questions):
            question = services.question_ask(
                project=published, actor=speyer_staff, body=f"Frage {n}"
            )
            services.answer_create(question=question, actor=speyer_staff, body="Antwort")
        for _ in range(reports):
            report_on(operating(AdoptionFactory(project=published)))

    def count() -> int:
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            assert client.get(published.get_absolute_url()).status_code == 200
        return len(queries)

    add(2, 2)
    client.get(published.get_absolute_url())  # renews the session once
    few = count()
    add(48, 18)
    assert count() == few
