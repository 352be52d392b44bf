"""A project's page: its experience reports and what they saved are cached
under the project's own topics, read ahead with the page's other cached parts,
and follow every change to what they show."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from members import services as members_services
from projects import services
from projects.models import Adoption
from tests.projects.factories import AdoptionFactory
from tests.projects.reuse_helpers import REPORT, operating

pytestmark = pytest.mark.django_db(transaction=True)

NO_REPORTS = "Noch keine Erfahrungsberichte."
NO_SAVINGS = "Noch keine Kommune im Betrieb hat berichtet"
# 60.000 € of the project's own investment less the 12.000 € of the report.
SAVED = "vermieden: 48.000,00\xa0€"


@pytest.fixture
def adoption(project, landau):
    return operating(AdoptionFactory(project=project, municipality=landau))


def page(client, project) -> str:
    response = client.get(project.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def test_a_new_report_shows_at_once_with_its_savings_and_badge(
    project, adoption, landau_staff, actor_client, client
):
    staff = actor_client(landau_staff)
    html = page(staff, project)
    assert NO_REPORTS in html
    assert NO_SAVINGS in html
    services.report_save(adoption=adoption, actor=landau_staff, **REPORT)
    for who in (staff, actor_client(landau_staff)):
        html = page(who, project)
        assert "Lief gut." in html
        assert NO_REPORTS not in html
        assert SAVED in html
        assert "1 Erfahrungsbericht, 1 Empfehlung" in html
    # Anonymous visitors see how many there are, not the reports.
    html = page(client, project)
    assert "Es gibt 1 Erfahrungsbericht nachnutzender Kommunen." in html
    assert "Lief gut." not in html
    assert SAVED in html


def test_a_cancelled_adoption_no_longer_counts_at_once(
    project, adoption, landau_staff, actor_client
):
    services.report_save(adoption=adoption, actor=landau_staff, **REPORT)
    staff = actor_client(landau_staff)
    assert SAVED in page(staff, project)
    services.adoption_update(
        adoption=adoption, actor=landau_staff, status=Adoption.Status.CANCELLED
    )
    html = page(staff, project)
    assert NO_SAVINGS in html
    assert "1 Erfahrungsbericht" not in html  # the badge counts reports in operation
    assert "Lief gut." in html  # the report itself stays


def test_a_changed_report_and_a_renamed_city_show_at_once(
    project, adoption, landau, landau_staff, coordinator, actor_client
):
    report = services.report_save(adoption=adoption, actor=landau_staff, **REPORT)
    staff = actor_client(landau_staff)
    assert "Landau in der Pfalz" in page(staff, project)
    services.report_save(
        adoption=report.adoption, actor=landau_staff, text="Nach einem Jahr: sehr gut."
    )
    assert "Nach einem Jahr: sehr gut." in page(staff, project)
    landau.name = "Landau (Pfalz)"
    members_services.municipality_save(municipality=landau, actor=coordinator)
    assert "Landau (Pfalz)" in page(staff, project)


def test_the_edit_link_is_cached_per_reader(
    project, adoption, speyer_staff, landau_staff, coordinator, actor_client
):
    services.report_save(adoption=adoption, actor=landau_staff, **REPORT)
    for user, sees_link in ((landau_staff, True), (speyer_staff, False), (coordinator, True)):
        html = page(actor_client(user), project)
        assert ("Erfahrungsbericht bearbeiten" in html) is sees_link, user


def test_a_page_with_its_parts_cached_reads_no_reports(
    project, adoption, landau_staff, actor_client
):
    services.report_save(adoption=adoption, actor=landau_staff, **REPORT)
    staff = actor_client(landau_staff)
    page(staff, project)
    with CaptureQueriesContext(connection) as queries:
        html = page(staff, project)
    assert SAVED in html
    assert "Lief gut." in html
    reads = [q["sql"] for q in queries.captured_queries]
    assert not [sql for sql in reads if 'FROM "projects_experiencereport"' in sql.split("(")[0]]
    assert not [sql for sql in reads if sql.startswith('SELECT "projects_question"')]


def test_the_cached_parts_are_read_ahead_not_one_by_one(
    project, adoption, landau_staff, actor_client, monkeypatch
):
    services.report_save(adoption=adoption, actor=landau_staff, **REPORT)
    staff = actor_client(landau_staff)
    page(staff, project)
    single_reads: list[str] = []
    get = cache.get

    def counting_get(key, *args, **kwargs):
        single_reads.append(key)
        return get(key, *args, **kwargs)

    monkeypatch.setattr(cache, "get", counting_get)
    html = page(staff, project)
    assert "Lief gut." in html
    assert not [key for key in single_reads if key.startswith(("project-", "followed", "similar"))]


def test_the_similar_projects_are_cached_and_follow_their_titles_cities_and_state(
    project, adoption, speyer, landau, landau_staff, coordinator, actor_client
):
    """The list of similar projects is cached under what it names (titles,
    lead cities, which are published): a report or an adoption reads none of
    it again, a change of another project's title, lead city or state shows
    at once."""
    from tests.projects.factories import ProjectFactory

    other = ProjectFactory(title="Smarte Lichtmasten im Quartier", lead_municipality=speyer)
    staff = actor_client(landau_staff)
    assert "Smarte Lichtmasten im Quartier" in similar(staff, project)
    services.report_save(adoption=adoption, actor=landau_staff, **REPORT)
    with CaptureQueriesContext(connection) as queries:
        listed = similar(staff, project)
    assert "Smarte Lichtmasten im Quartier" in listed
    assert not [q for q in queries.captured_queries if "similarity" in q["sql"]]
    assert not [q for q in queries.captured_queries if "Lichtmasten im Quartier" in str(q)]
    services.project_update(project=other, actor=coordinator, title="Smarte Laternen im Quartier")
    assert "Smarte Laternen im Quartier" in similar(staff, project)
    services.project_update(project=other, actor=coordinator, lead_municipality=landau)
    assert (
        f'Smarte Laternen im Quartier</a> <span class="kern-body kern-body--small">({landau.name})'
        in similar(staff, project)
    )
    services.project_archive(project=other, actor=coordinator)
    assert "Smarte Laternen im Quartier" not in similar(staff, project)


def similar(client, project) -> str:
    """The page's list of similar projects."""
    return page(client, project).split('id="similar-title"')[1].split("</section>")[0]
