"""The "similar projects already exist" hint: trigram similarity plus full-text rank."""

from datetime import timedelta

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from projects import search, similarity
from projects.models import Project
from projects.selectors import similar_projects
from tests.projects.factories import ProjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def projects(published, landau):
    ProjectFactory(
        title="Kitaportal", summary="Anmeldung für Kita-Plätze.", lead_municipality=landau
    )
    ProjectFactory(
        title="Social Wall", summary="Beiträge aus sozialen Medien.", lead_municipality=landau
    )
    return published


def similar_titles(title: str, summary: str = "", user=None) -> list[str]:
    return [p.title for p in similar_projects(user=user, title=title, summary=summary)]


def test_near_duplicate_title_is_found(projects):
    found = similar_titles("Intelligente Lichtmasten für Innenstädte")
    assert found == ["Smarte Lichtmasten"]


def test_typo_is_found_by_trigram_similarity(projects):
    assert similar_titles("Smarte Lichtmastn") == ["Smarte Lichtmasten"]


def test_unrelated_title_finds_nothing(projects):
    assert similar_titles("Digitale Ratsarbeit mit Tablets") == []
    assert similar_titles("Intelligente Mülltonnen") == []


def test_closest_project_comes_first(projects, landau):
    ProjectFactory(
        title="Lichtmasten-Kataster", summary="Alle Masten der Stadt.", lead_municipality=landau
    )
    found = similar_titles("Smarte Lichtmasten für die Innenstadt")
    assert found[0] == "Smarte Lichtmasten"
    assert "Lichtmasten-Kataster" in found


def test_drafts_of_other_cities_are_not_revealed(speyer, landau_staff, speyer_staff):
    ProjectFactory(title="Smarte Lichtmasten", lead_municipality=speyer, state=Project.State.DRAFT)
    assert similar_titles("Smarte Lichtmasten", user=landau_staff) == []
    assert similar_titles("Smarte Lichtmasten", user=speyer_staff) == ["Smarte Lichtmasten"]


def test_short_input_gives_no_hint(projects):
    assert similar_titles("Li") == []
    assert similar_titles("   ") == []


def _published_later(title: str, count: int, municipality) -> None:
    """``count`` projects titled ``title`` and a number, all published after
    every project so far (one statement: the triggers index them as they come)."""
    later = timezone.now() + timedelta(days=1)
    projects = ProjectFactory.build_batch(
        count, lead_municipality=municipality, published_at=later, summary="Ein Vorhaben."
    )
    for n, project in enumerate(projects):
        project.title, project.slug = f"{title} {n}", f"spaeter-{n}"
    Project.objects.bulk_create(projects)


def test_a_typo_finds_its_project_however_many_newer_ones_share_a_word_part(landau):
    # The looser tier once scored only the 200 most recently published of the
    # projects with a word or word part of the title ("Bürger"): the project a
    # typo meant was left out. A typo now stands for the closest title word.
    ProjectFactory(title="Bürgerportal Cochem-Zell", lead_municipality=landau)
    _published_later("Bürgerkonto", 250, landau)
    assert similar_titles("Bürgerportl")[0] == "Bürgerportal Cochem-Zell"


def test_a_typo_in_a_longer_title_finds_its_project(landau):
    ProjectFactory(
        title="Kitaportal",
        summary="Anmeldung und Platzvergabe für alle Kitas der Stadt.",
        lead_municipality=landau,
    )
    _published_later("Kita-Anmeldung", 250, landau)
    assert similar_titles("Kitaportl für Platzvergabe")[0] == "Kitaportal"


def test_a_known_word_is_not_taken_for_a_typo(projects):
    # "Kitas" is no title word, but a word part: it stands for itself only.
    assert similar_titles("Lichtmasten für Kitas")[0] == "Smarte Lichtmasten"
    assert "Kitaportal" in similar_titles("Lichtmasten für Kitas")


@pytest.mark.parametrize("analyzed", [False, True])
def test_a_common_word_is_checked_on_what_the_rarer_words_found(analyzed, landau):
    """A word in more than a tenth of the projects (as ANALYZE estimates it) is
    not asked of the index but checked on the rows the rarer words found: the
    tiers are the same as when it is asked (before any ANALYZE)."""
    ProjectFactory(
        title="Smarte Lichtmasten", summary="Für die Verwaltung.", lead_municipality=landau
    )
    ProjectFactory(title="Lichtmasten-Kataster", summary="Alle Masten.", lead_municipality=landau)
    for n in range(30):
        ProjectFactory(
            title=f"Aktenplan {n}", summary="Für die Verwaltung.", lead_municipality=landau
        )
    if analyzed:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE projects_project")
            cursor.execute("SELECT projects_common_lexemes() ->> 'verwalt'")
            assert float(cursor.fetchone()[0]) > similarity.COMMON_SHARE
    found = similar_projects(title="Lichtmasten der Verwaltung")
    tiers = {project.title: project.tier for project in found}
    assert tiers["Smarte Lichtmasten"] == 0  # both words
    assert tiers["Lichtmasten-Kataster"] == 1  # one of them
    assert [p.title for p in found[:2]] == ["Smarte Lichtmasten", "Lichtmasten-Kataster"]


def test_hint_fragment_names_the_city_and_links_the_project(projects, landau_staff, client):
    client.force_login(landau_staff)
    response = client.get(
        reverse("projects:project-similar"),
        {"title": "Intelligente Lichtmasten für Innenstädte", "summary": ""},
        HTTP_HX_REQUEST="true",
    )
    page = response.content.decode()
    assert "Speyer betreibt bereits" in page
    assert 'href="/projekte/smarte-lichtmasten/"' in page
    assert "nachnutzen statt neu entwickeln?" in page


def test_hint_fragment_is_empty_for_an_unrelated_title(projects, client):
    response = client.get(reverse("projects:project-similar"), {"title": "Ratsinformationssystem"})
    assert response.status_code == 200
    assert response.content.decode().strip() == ""


def test_hint_excludes_the_project_being_edited(projects, client):
    response = client.get(
        reverse("projects:project-similar"),
        {"title": "Smarte Lichtmasten", "exclude": "smarte-lichtmasten"},
    )
    assert "smarte-lichtmasten" not in response.content.decode()


def test_api_similar_endpoint(projects, landau):
    ProjectFactory(title="Lichtmasten mit WLAN", lead_municipality=landau)
    response = APIClient().get("/api/v1/projects/smarte-lichtmasten/similar/")
    assert response.status_code == 200
    assert [item["title"] for item in response.json()] == ["Lichtmasten mit WLAN"]


def test_api_similar_of_invisible_project_is_404(draft):
    assert APIClient().get(f"/api/v1/projects/{draft.slug}/similar/").status_code == 404


def test_close_matches_come_before_looser_ones(projects, landau):
    # "Lichtmasten-Kataster" shares one word form with the title, "Smarte Lichtmasten" two.
    ProjectFactory(title="Lichtmasten-Kataster", lead_municipality=landau)
    assert similar_titles("Smarte Lichtmasten an Schulen") == [
        "Smarte Lichtmasten",
        "Lichtmasten-Kataster",
    ]


def test_a_full_close_tier_leaves_out_looser_matches(projects, landau):
    for town in ["Worms", "Mainz", "Trier", "Bingen"]:
        ProjectFactory(title=f"Smarte Lichtmasten in {town}", lead_municipality=landau)
    ProjectFactory(title="Lichtmasten-Kataster", lead_municipality=landau)
    found = similar_titles("Smarte Lichtmasten an Schulen")
    assert len(found) == 5
    assert "Lichtmasten-Kataster" not in found
    assert found[0] == "Smarte Lichtmasten"


def test_stop_words_neither_pair_nor_match_alone(projects):
    # to_tsquery would drop them, shrinking their pairs to single words.
    assert search.significant(["Lichtmasten", "für", "die", "Schulen"]) == [
        "Lichtmasten",
        "Schulen",
    ]
    assert search.significant(["für", "die"]) == []
    assert similar_titles("für die") == []


def test_hint_suggests_published_projects_only(speyer, speyer_staff, coordinator, client):
    """The hint offers what can be reused; drafts stay out, also for those who may see them."""
    ProjectFactory(title="Smarte Lichtmasten", lead_municipality=speyer, state=Project.State.DRAFT)
    ProjectFactory(title="Smarte Lichtmasten Pilot", slug="pilot", lead_municipality=speyer)
    for user in (speyer_staff, coordinator):
        client.force_login(user)
        page = client.get(reverse("projects:project-similar"), {"title": "Smarte Lichtmasten"})
        assert 'href="/projekte/pilot/"' in page.content.decode()
        assert page.content.decode().count("<li") == 1


@pytest.mark.parametrize("logged_in", [False, True])
def test_hint_runs_one_query_after_the_session(
    logged_in, landau, landau_staff, client, django_assert_num_queries
):
    """Session and user (a logged-in request) and the lookup: nothing per project."""
    if logged_in:
        client.force_login(landau_staff)
    url = reverse("projects:project-similar")
    params = {"title": "Intelligente Lichtmasten für Innenstädte", "exclude": "andere"}
    client.get(url, params)  # a session is renewed on its first request
    for count in (3, 30):
        for n in range(count):
            ProjectFactory(title=f"Smarte Lichtmasten {n}", lead_municipality=landau)
        with django_assert_num_queries(3 if logged_in else 1):
            page = client.get(url, params).content.decode()
        assert page.count("<li") == min(count, 5)
