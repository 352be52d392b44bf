"""Search that speaks municipal German (issue 15): compounds, synonyms, typos,
facet counts — through the catalogue page, the API and the similarity hint."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from projects.models import FacetCount, Project, SynonymGroup, WordPart
from projects.selectors import similar_projects, similar_to_project
from tests.projects.factories import (
    AdoptionFactory,
    ParticipationFactory,
    ProjectFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db


def catalogue(client, **params) -> str:
    response = client.get("/projekte/", params)
    assert response.status_code == 200
    return response.content.decode()


def found(client, query: str) -> list[str]:
    response = client.get("/projekte/", {"q": query})
    return [
        card.split("</a>")[0].rsplit(">", 1)[-1]
        for card in response.content.decode().split('class="kern-title"')[1:]
    ]


def test_the_thesaurus_is_seeded_with_municipal_synonyms():
    assert SynonymGroup.objects.count() >= 60
    groups = [set(group.terms) for group in SynonymGroup.objects.all()]
    assert any({"Bürgerbüro", "Bürgeramt", "Bürgerservice"} <= g for g in groups)
    assert any({"Kita", "Kindertagesstätte"} <= g for g in groups)
    assert any({"Ratsinformationssystem", "RIS"} <= g for g in groups)
    assert any({"WLAN", "WiFi", "Hotspot"} <= g for g in groups)
    assert WordPart.objects.filter(word__in=["kita", "portal", "licht", "mast"]).count() == 4


@pytest.mark.parametrize("query", ["Kitaportal", "Kita-Portal", "Portal für Kitas", "kitaportale"])
def test_compounds_meet_their_parts(demo, client, query):
    assert "Kitaportal" in found(client, query)


@pytest.mark.parametrize(
    "query", ["Straßenbeleuchtung", "Laterne", "Straßenlaternen", "Beleuchtung"]
)
def test_synonyms_find_what_administrations_call_differently(demo, client, query):
    assert found(client, query) == ["Smarte Lichtmasten"]


def operands(words: list[str]) -> list[str]:
    """The operands of the catalogue's query for ``words`` as PostgreSQL
    writes it ("'lichtmast':*"), in their order."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT projects_all_words_query(%s::text[], '')::text", [words])
        (query,) = cursor.fetchone()
    return re.findall(r"'[^']+'(?::[*A-D]+)?", query)


@pytest.mark.parametrize(
    ("word", "operand"),
    [
        ("Lichtmasten", "'lichtmast':*"),  # a term of its own synonym group
        ("Kitas", "'kita':*"),  # a plural: its group, and again that of "Kita"
    ],
)
def test_a_word_stands_in_its_query_with_each_operand_once(word, operand):
    # GIN scans every operand, an equal one again; an "or" of equal operands
    # matches and ranks the same.
    found = operands([word])
    assert operand in found
    assert len(found) == len(set(found)), found


def test_the_catalogue_builds_a_search_query_once_for_match_and_rank(demo, client):
    with CaptureQueriesContext(connection) as queries:
        assert found(client, "Lichtmasten") == ["Smarte Lichtmasten"]
    statement = next(q["sql"] for q in queries if "results AS MATERIALIZED" in q["sql"])
    assert statement.count("projects_all_words_query") == 1
    assert "@@ (SELECT query FROM search_query)" in statement
    assert "ts_rank(" in statement


def test_a_compound_project_is_found_by_its_tail(speyer, client):
    ProjectFactory(title="Bürgerportal Rheinhessen", lead_municipality=speyer)
    ProjectFactory(title="Stadtwerke", lead_municipality=speyer)
    assert found(client, "Portal") == ["Bürgerportal Rheinhessen"]


def test_abbreviations_are_synonyms_too(speyer, client):
    ProjectFactory(title="Ratsinformationssystem für Ortsgemeinden", lead_municipality=speyer)
    ProjectFactory(title="Elektronische Akte im Bauamt", lead_municipality=speyer)
    assert found(client, "RIS") == ["Ratsinformationssystem für Ortsgemeinden"]
    assert found(client, "E-Akte") == ["Elektronische Akte im Bauamt"]
    response = APIClient().get("/api/v1/projects/", {"search": "RIS"})
    assert [p["title"] for p in response.json()["results"]] == [
        "Ratsinformationssystem für Ortsgemeinden"
    ]


def test_a_typo_gets_a_suggestion_not_other_results(demo, client):
    page = catalogue(client, q="Bürgerportl", topic="buergerservice")
    assert "0 Projekte gefunden" in page
    assert "Meinten Sie" in page
    assert "?q=B%C3%BCrgerportal&amp;topic=buergerservice" in page
    assert "„Bürgerportal“" in page
    assert found(client, "Bürgerportal") == ["Bürgerportal Cochem-Zell"]


def test_a_typo_of_a_thesaurus_term_is_suggested(demo, client):
    page = catalogue(client, q="Latrne")
    assert "„Laterne“" in page


def test_no_suggestion_when_the_search_finds_enough(speyer, client):
    for n in range(3):
        ProjectFactory(title=f"Bürgerportal {n}", lead_municipality=speyer)
    assert "Meinten Sie" not in catalogue(client, q="Bürgerportal")
    assert "Meinten Sie" not in catalogue(client, q="Zzzzqqq")  # nothing close


def test_similar_projects_meet_across_word_boundaries(demo):
    hint = [p.title for p in similar_projects(title="Kita-Portal für die Platzvergabe")]
    assert hint[:2] == ["Kitaportal", "Digitale Kita"]
    kitaportal = Project.objects.get(slug="kitaportal")
    assert "Digitale Kita" in [p.title for p in similar_to_project(project=kitaportal)]
    lights = [p.title for p in similar_projects(title="Straßenbeleuchtung mit LED")]
    assert lights == ["Smarte Lichtmasten"]


def test_a_new_synonym_group_applies_to_the_next_search(speyer, client, coordinator, on_commit):
    from projects import services

    ProjectFactory(title="Leuchtturmprojekt Innenstadt", lead_municipality=speyer)
    assert found(client, "Vorzeigeprojekt") == []
    with on_commit():  # the cached results follow after the commit
        services.synonym_group_save(
            group=SynonymGroup(terms=["Vorzeigeprojekt", "Leuchtturmprojekt"]), actor=coordinator
        )
    assert found(client, "Vorzeigeprojekt") == ["Leuchtturmprojekt Innenstadt"]


# --- facet counts -----------------------------------------------------------------


@pytest.fixture
def network(speyer, landau):
    mobility = TopicFactory(name="Mobilität", slug="mobilitaet")
    school = TopicFactory(name="Bildung & Kita", slug="bildung-kita")
    park = ProjectFactory(title="Park-App", lead_municipality=speyer, topics=[mobility])
    ProjectFactory(
        title="Parkleitsystem",
        lead_municipality=landau,
        topics=[mobility],
        phase="planung",
        is_reusable=False,
    )
    kita = ProjectFactory(title="Kitaportal", lead_municipality=landau, topics=[school])
    ParticipationFactory(project=kita, municipality=speyer)
    AdoptionFactory(project=park, municipality=landau)
    ProjectFactory(title="Entwurf", lead_municipality=speyer, state="draft", topics=[school])
    return {"mobility": mobility, "school": school}


def recounted() -> dict:
    with connection.cursor() as cursor:
        cursor.execute("SELECT projects_facet_recount()")
    return counts()


def counts() -> dict:
    return {(f.facet, f.value): f.count for f in FacetCount.objects.all() if f.count}


def test_facet_counts_follow_every_write(network, speyer, landau, coordinator):
    from projects import services

    kept = counts()
    assert kept == recounted()
    assert kept[("all", "")] == 3
    assert kept[("municipality", str(speyer.pk))] == 2  # lead of one, partner of another
    project = Project.objects.get(title="Parkleitsystem")
    services.project_update(project=project, actor=coordinator, phase="betrieb", partners=[speyer])
    services.project_archive(project=Project.objects.get(title="Park-App"), actor=coordinator)
    services.adoption_create(
        project=Project.objects.get(title="Kitaportal"), municipality=speyer, actor=coordinator
    )
    assert counts() == recounted()
    assert counts()[("all", "")] == 2


def test_catalogue_shows_how_many_results_each_filter_keeps(network, client):
    page = catalogue(client)
    assert "3 Projekte gefunden" in page
    assert 'Mobilität <span class="ikone-facets__count">(2)</span>' in page
    assert 'Bildung &amp; Kita <span class="ikone-facets__count">(1)</span>' in page
    assert 'nachnutzbar <span class="ikone-facets__count">(2)</span>' in page
    assert 'wird nachgenutzt <span class="ikone-facets__count">(1)</span>' in page
    assert 'Landau in der Pfalz <span class="ikone-facets__count">(2)</span>' in page
    # Choosing a value shows exactly that many; its own facet is not offered again.
    filtered = catalogue(client, topic="mobilitaet")
    assert "2 Projekte gefunden" in filtered
    assert "Bildung &amp; Kita <span" not in filtered
    assert 'nachnutzbar <span class="ikone-facets__count">(1)</span>' in filtered
    assert 'Planung <span class="ikone-facets__count">(1)</span>' in filtered
    assert "1 Projekt gefunden" in catalogue(client, topic="mobilitaet", phase="planung")
    searched = catalogue(client, q="Park")
    assert "2 Projekte gefunden" in searched
    assert 'Speyer <span class="ikone-facets__count">(1)</span>' in searched


# --- cards cached per project -------------------------------------------------------


def test_a_change_renders_again_only_the_changed_card(speyer, client, coordinator, on_commit):
    from django.test.utils import CaptureQueriesContext

    from projects import services

    projects = [
        ProjectFactory(title=f"Sensorprojekt {n}", lead_municipality=speyer) for n in range(5)
    ]
    catalogue(client, q="Sensorprojekt", sort="title")  # every card cached
    with on_commit():
        services.project_update(project=projects[2], actor=coordinator, summary="Neu gefasst.")

    with CaptureQueriesContext(connection) as queries:
        page = catalogue(client, q="Sensorprojekt", sort="title")
    assert "Neu gefasst." in page
    card_reads = [
        q["sql"] for q in queries.captured_queries if '"projects_project"."summary"' in q["sql"]
    ]
    assert len(card_reads) == 1
    assert f"IN ({projects[2].pk})" in card_reads[0]
