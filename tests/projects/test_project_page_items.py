"""A project's page after a change renders again only what changed: each
cached part follows its own topics (the project's fields, its reuse, its
questions), and the questions, reports and adoption rows inside are cached
one by one — a new answer reads and renders one question, an adoption's new
status one row — while every change still shows at once."""

import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from projects import services
from projects.models import Adoption
from tests.members.factories import MunicipalityFactory
from tests.projects.factories import AdoptionFactory
from tests.projects.reuse_helpers import REPORT, operating

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def questions(project, landau_staff):
    return [
        services.question_ask(project=project, actor=landau_staff, body=f"Frage Nummer {n}?")
        for n in range(3)
    ]


def read(client, project) -> tuple[str, list[str]]:
    """The page as ``client`` sees it, and the SQL it ran."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(project.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode(), [q["sql"] for q in queries.captured_queries]


def rows_read(sql: list[str], table: str) -> list[str]:
    """Statements that read rows of ``table`` itself (not counted in a subquery)."""
    return [s for s in sql if s.startswith(f'SELECT "{table}"."id"')]


def ids_read(sql: list[str], table: str) -> list[list[int]]:
    """The ids of each statement that read whole rows of ``table`` by their
    ids: the items rendered again."""
    lists = [re.search(rf'"{table}"\."id" IN \(([^)]*)\)', s) for s in rows_read(sql, table)]
    return [[int(pk) for pk in found.group(1).split(",")] for found in lists if found]


def test_an_answer_renders_its_question_again_and_no_other(
    project, questions, landau_staff, speyer_staff, actor_client
):
    # Landau's staff neither answer (not a partner) nor moderate: the cached path.
    reader = actor_client(landau_staff)
    read(reader, project)
    services.answer_create(question=questions[1], actor=speyer_staff, body="So geht das.")
    html, sql = read(reader, project)
    assert "So geht das." in html
    assert all(f"Frage Nummer {n}?" in html for n in range(3))
    assert ids_read(sql, "projects_question") == [[questions[1].pk]]


def test_a_new_question_reads_only_itself_and_leaves_reuse_cached(
    project, questions, landau, landau_staff, actor_client
):
    services.report_save(
        adoption=operating(AdoptionFactory(project=project, municipality=landau)),
        actor=landau_staff,
        **REPORT,
    )
    reader = actor_client(landau_staff)
    read(reader, project)
    warm = read(reader, project)[1]
    newest = services.question_ask(project=project, actor=landau_staff, body="Noch eine Frage?")
    html, sql = read(reader, project)
    assert html.index("Noch eine Frage?") < html.index("Frage Nummer 2?")  # newest first
    assert ids_read(sql, "projects_question") == [[newest.pk]]
    for table in ("projects_adoption", "projects_experiencereport"):
        assert rows_read(sql, table) == rows_read(warm, table)  # only the page's own lookups
    assert "Lief gut." in html


def test_hidden_posts_leave_the_page_at_once(
    project, questions, landau_staff, speyer_staff, coordinator, actor_client
):
    answer = services.answer_create(question=questions[0], actor=speyer_staff, body="Antwort A.")
    reader = actor_client(landau_staff)
    assert "Antwort A." in read(reader, project)[0]
    services.answer_hide(answer=answer, actor=coordinator, reason="Werbung")
    html = read(reader, project)[0]
    assert "Antwort A." not in html
    assert "Frage Nummer 0?" in html
    services.question_hide(question=questions[2], actor=coordinator, reason="Doppelt")
    html = read(reader, project)[0]
    assert "Frage Nummer 2?" not in html
    assert "Frage Nummer 1?" in html


def test_an_adoptions_new_status_renders_its_row_again_and_no_other(
    project, landau, landau_staff, actor_client
):
    others = [
        AdoptionFactory(project=project, municipality=MunicipalityFactory(name=f"Ort {n}"))
        for n in range(3)
    ]
    own = AdoptionFactory(project=project, municipality=landau, status="interessiert")
    reader = actor_client(landau_staff)
    read(reader, project)
    services.adoption_update(adoption=own, actor=landau_staff, status="in_umsetzung")
    html, sql = read(reader, project)
    assert "In Umsetzung" in html
    assert all(f"Ort {n}" in html for n in range(3))
    [read_again] = ids_read(sql, "projects_adoption")
    assert read_again == [own.pk]
    assert not {other.pk for other in others} & set(read_again)


def test_new_costs_show_in_the_reports_avoided_figures_at_once(
    project, landau, landau_staff, speyer_staff, actor_client
):
    adoption = operating(AdoptionFactory(project=project, municipality=landau))
    services.report_save(adoption=adoption, actor=landau_staff, **REPORT)
    reader = actor_client(landau_staff)
    # 60.000 € of the project's own investment less the 12.000 € of the report
    assert read(reader, project)[0].count("48.000,00\xa0€") == 2  # the report and the total
    # The database rewrites the report's figures; no service names the report.
    services.project_update(project=project, actor=speyer_staff, investment_cost=Decimal("70000"))
    html = read(reader, project)[0]
    assert "48.000,00\xa0€" not in html
    assert html.count("58.000,00\xa0€") == 2


def test_an_edit_of_the_text_renders_no_report_again(
    project, landau, landau_staff, speyer_staff, coordinator, actor_client
):
    adoption = operating(AdoptionFactory(project=project, municipality=landau))
    services.report_save(adoption=adoption, actor=landau_staff, **REPORT)
    reader = actor_client(landau_staff)
    read(reader, project)
    services.project_update(project=project, actor=speyer_staff, summary="Neu beschrieben.")
    html, sql = read(reader, project)
    assert "Neu beschrieben." in html
    assert html.count("48.000,00\xa0€") == 2  # the report and the total, from the cache
    assert rows_read(sql, "projects_experiencereport") == []
    # An archived project's reports count no longer: its state is reported.
    moderator = actor_client(coordinator)
    read(moderator, project)
    services.project_archive(project=project, actor=coordinator)
    _html, sql = read(moderator, project)
    assert rows_read(sql, "projects_experiencereport") != []


def test_a_deleted_report_and_a_cancelled_adoption_show_at_once(
    project, landau, landau_staff, coordinator, actor_client
):
    adoption = operating(AdoptionFactory(project=project, municipality=landau))
    report = services.report_save(adoption=adoption, actor=landau_staff, **REPORT)
    reader = actor_client(landau_staff)
    assert "Lief gut." in read(reader, project)[0]
    services.report_delete(report=report, actor=coordinator)
    html = read(reader, project)[0]
    assert "Lief gut." not in html
    assert "Noch keine Erfahrungsberichte." in html
    services.adoption_update(
        adoption=adoption, actor=landau_staff, status=Adoption.Status.CANCELLED
    )
    assert "Abgebrochen" in read(reader, project)[0]
