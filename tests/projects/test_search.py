"""German full-text search on the stored, weighted search vector, and the catalogue filters."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from projects.models import Project
from projects.querysets import SORT_NEWEST, SORT_RELEVANCE, SORT_REUSED, SORT_TITLE
from projects.selectors import CatalogueFilters, project_catalogue
from tests.members.factories import MunicipalityFactory
from tests.projects.factories import (
    AdoptionFactory,
    ParticipationFactory,
    ProjectFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db


def titles(projects) -> list[str]:
    return [project.title for project in projects]


def search(text: str) -> list[str]:
    return titles(Project.objects.published().search(text))


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Lichtmast", "Smarte Lichtmasten"),
        ("lichtmasten", "Smarte Lichtmasten"),
        ("Licht", "Smarte Lichtmasten"),
        ("smart", "Smarte Lichtmasten"),
        ("Dorf", "Digitale Dörfer"),
        ("Dörfern", "Digitale Dörfer"),
        ("digitalen Dörfern", "Digitale Dörfer"),
        ("Mobile", "MoGII – Mobiles Glasfasernetz"),
        ("Bürgerportale", "Bürgerportal Cochem-Zell"),
        ("Notfalleinsatz", "epicsave – Simulation von Notfalleinsätzen"),
        ("Glasfasernetze", "MoGII – Mobiles Glasfasernetz"),
        ("Veranstaltung Sicherung", "MoGII – Mobiles Glasfasernetz"),
    ],
)
def test_german_stemming_finds_demo_projects_by_word_forms(demo, query, expected):
    assert expected in search(query)


def test_search_needs_every_word(demo):
    assert search("Lichtmasten Kita") == []


def test_title_outranks_summary_and_description(speyer):
    in_description = ProjectFactory(
        title="Energieprojekt", summary="Allgemein.", description="Auch Lichtmasten."
    )
    in_summary = ProjectFactory(title="Stadtwerke", summary="Lichtmasten mit Sensoren.")
    in_title = ProjectFactory(title="Lichtmasten digital", summary="Allgemein.")
    ranked = project_catalogue(user=None, filters=CatalogueFilters(query="Lichtmast"))
    assert titles(ranked) == [in_title.title, in_summary.title, in_description.title]


def test_search_vector_is_kept_current_on_every_write(speyer):
    project = ProjectFactory(title="Parkleitsystem")
    assert search("Parkleitsystem") == ["Parkleitsystem"]
    project.title = "Bürgerkonto"
    project.save()
    assert search("Parkleitsystem") == []
    assert search("Bürgerkonto") == ["Bürgerkonto"]
    Project.objects.filter(pk=project.pk).update(summary="Mit Zugang über die Ausweis-App.")
    assert search("Ausweis") == ["Bürgerkonto"]


def test_bulk_insert_is_searchable_without_a_save(speyer):
    Project.objects.bulk_create(
        Project(
            title=f"Sensorik {n}",
            slug=f"sensorik-{n}",
            summary="Umweltdaten.",
            lead_municipality=speyer,
            state="published",
        )
        for n in range(3)
    )
    assert len(search("Sensoren")) == 3


def test_search_uses_the_stored_vector_and_its_gin_index(published):
    projects = Project.objects.published().search("Lichtmast")
    with CaptureQueriesContext(connection) as queries:
        list(projects)
    sql = queries[-1]["sql"]
    assert '"search_vector" @@' in sql
    assert "to_tsvector" not in sql  # nothing computed per row at query time
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # a tiny table would be scanned
    assert "project_search_vector" in Project.objects.search("Lichtmast").explain()


def test_search_input_cannot_break_the_query(published):
    for text in ["'", "a & | !", "(((", "Licht:*", "\\", "<script>", "--", "  "]:
        Project.objects.published().search(text).count()  # no error


@pytest.fixture
def catalogue(speyer, landau):
    mobility = TopicFactory(name="Mobilität", slug="mobilitaet")
    education = TopicFactory(name="Bildung & Kita", slug="bildung-kita")
    park = ProjectFactory(
        title="Park-App",
        lead_municipality=speyer,
        topics=[mobility],
        phase="betrieb",
        investment_cost=Decimal("20000"),
    )
    bus = ProjectFactory(
        title="Bus-Echtzeit",
        lead_municipality=landau,
        topics=[mobility],
        phase="planung",
        investment_cost=Decimal("90000"),
        is_reusable=False,
    )
    kita = ProjectFactory(
        title="Kitaportal",
        lead_municipality=landau,
        topics=[education],
        phase="betrieb",
        investment_cost=Decimal("5000"),
    )
    ParticipationFactory(project=kita, municipality=speyer)
    AdoptionFactory(project=park, municipality=landau)
    AdoptionFactory(project=kita, municipality=MunicipalityFactory())
    AdoptionFactory(project=kita, municipality=MunicipalityFactory())
    AdoptionFactory(project=bus, municipality=MunicipalityFactory(), status="abgebrochen")
    return {"mobility": mobility, "education": education, "park": park, "bus": bus, "kita": kita}


def filtered(**filters) -> list[str]:
    return sorted(titles(project_catalogue(user=None, filters=CatalogueFilters(**filters))))


def test_filters_combine(catalogue, speyer, landau):
    assert filtered(topic=catalogue["mobility"]) == ["Bus-Echtzeit", "Park-App"]
    assert filtered(topic=catalogue["mobility"], phase="betrieb") == ["Park-App"]
    assert filtered(municipality=speyer) == ["Kitaportal", "Park-App"]  # lead or partner
    assert filtered(municipality=speyer, topic=catalogue["education"]) == ["Kitaportal"]
    assert filtered(reusable=True, topic=catalogue["mobility"]) == ["Park-App"]
    assert filtered(cost_min=Decimal("5000"), cost_max=Decimal("20000")) == [
        "Kitaportal",
        "Park-App",
    ]
    assert filtered(cost_min=Decimal("10000"), municipality=landau) == ["Bus-Echtzeit"]
    assert filtered(adopted=True) == ["Kitaportal", "Park-App"]  # cancelled does not count
    assert filtered(adopted=True, phase="betrieb", cost_max=Decimal("10000")) == ["Kitaportal"]
    assert filtered(query="Kita", municipality=speyer, adopted=True) == ["Kitaportal"]
    assert filtered(query="Kita", municipality=landau, topic=catalogue["mobility"]) == []


def test_sorting(catalogue):
    def sorted_by(sort, **filters):
        return titles(project_catalogue(user=None, filters=CatalogueFilters(sort=sort, **filters)))

    assert sorted_by(SORT_REUSED) == ["Kitaportal", "Park-App", "Bus-Echtzeit"]
    assert sorted_by(SORT_TITLE) == ["Bus-Echtzeit", "Kitaportal", "Park-App"]
    assert sorted_by(SORT_NEWEST) == ["Kitaportal", "Bus-Echtzeit", "Park-App"]
    # Relevance without a search falls back to newest.
    assert sorted_by(SORT_RELEVANCE) == sorted_by(SORT_NEWEST)


def test_adoption_count_excludes_cancelled(catalogue):
    counts = {
        p.title: p.adoption_count for p in project_catalogue(user=None, filters=CatalogueFilters())
    }
    assert counts == {"Kitaportal": 2, "Park-App": 1, "Bus-Echtzeit": 0}


def test_catalogue_page_filters_through_the_url(catalogue, client):
    response = client.get("/projekte/", {"topic": "mobilitaet", "phase": "betrieb"})
    page = response.content.decode()
    assert "Park-App" in page
    assert "Bus-Echtzeit" not in page
    assert "1 Projekt gefunden" in page


def test_catalogue_page_answers_htmx_with_the_results_only(catalogue, client):
    response = client.get("/projekte/", {"q": "Kita"}, HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert "Kitaportal" in page
    assert "<html" not in page
    assert "HX-Request" in response["Vary"]
    full = client.get(
        "/projekte/", {"q": "Kita"}, HTTP_HX_REQUEST="true", HTTP_HX_HISTORY_RESTORE_REQUEST="true"
    )
    assert "<html" in full.content.decode()


def test_catalogue_page_shows_invalid_filters_and_applies_the_valid_ones(catalogue, client):
    response = client.get(
        "/projekte/", {"topic": "gibt-es-nicht", "cost_min": "abc", "phase": "betrieb"}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Bitte eine gültige Auswahl treffen." in page
    assert "Bitte einen Betrag wie 12.500,00 eingeben." in page
    assert "Park-App" in page and "Kitaportal" in page and "Bus-Echtzeit" not in page


def test_catalogue_page_rejects_an_inverted_cost_range(catalogue, client):
    response = client.get("/projekte/", {"cost_min": "5000", "cost_max": "100"})
    assert (
        "Der Höchstbetrag darf nicht kleiner als der Mindestbetrag sein."
        in response.content.decode()
    )


def test_catalogue_lists_only_published_projects(published, draft, client, speyer_staff):
    client.force_login(speyer_staff)
    page = client.get("/projekte/").content.decode()
    assert "Smarte Lichtmasten" in page
    assert "Digitales Bürgeramt" not in page


def test_catalogue_paginates_and_keeps_the_filters_in_the_links(speyer, client):
    for n in range(25):
        ProjectFactory(title=f"Sensor {n}", lead_municipality=speyer)
    page = client.get("/projekte/", {"q": "Sensor"}).content.decode()
    assert "Seite 1 von 2" in page
    assert "q=Sensor&amp;page=2" in page
    second = client.get("/projekte/", {"q": "Sensor", "page": "2"}).content.decode()
    assert second.count('class="kern-card"') == 5


def test_reuse_count_follows_every_adoption_write(published, landau, speyer_staff):
    from projects.models import Adoption

    def count():
        return Project.objects.with_adoption_count().get(pk=published.pk).adoption_count

    adoption = AdoptionFactory(project=published, municipality=landau)
    other = AdoptionFactory(project=published)
    assert count() == 2
    Adoption.objects.filter(pk=other.pk).update(status="abgebrochen")
    assert count() == 1
    # A project saved from a stale instance does not overwrite the count.
    published.reuse_count = 0
    published.save()
    assert count() == 1
    adoption.delete()
    assert count() == 0
    Adoption.objects.bulk_create(
        [Adoption(project=published, municipality=MunicipalityFactory()) for _ in range(3)]
    )
    assert count() == 3
