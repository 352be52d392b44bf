"""Anonymous visitors get the catalogue from Redis; every write invalidates it."""

import pytest

from members import services as members_services
from projects import services
from projects.services import project_publish
from tests.projects.factories import ProjectFactory

pytestmark = pytest.mark.django_db(transaction=True)


def page(client, query: str = "") -> str:
    response = client.get(f"/projekte/{query}")
    assert response.status_code == 200
    return response.content.decode()


def test_a_repeated_anonymous_request_needs_no_database(client, speyer, django_assert_num_queries):
    ProjectFactory(title="Smarte Lichtmasten", lead_municipality=speyer)
    assert "Smarte Lichtmasten" in page(client, "?sort=reused")
    with django_assert_num_queries(0):
        assert "Smarte Lichtmasten" in page(client, "?sort=reused")


def test_publishing_a_project_shows_it_at_once(client, speyer, coordinator):
    ProjectFactory(title="Smarte Lichtmasten", lead_municipality=speyer)
    assert "Kitaportal" not in page(client)
    draft = ProjectFactory(
        title="Kitaportal", lead_municipality=speyer, state="submitted", published_at=None
    )
    assert "Kitaportal" not in page(client)
    project_publish(project=draft, actor=coordinator)
    assert "Kitaportal" in page(client)


def test_an_adoption_and_a_renamed_city_show_at_once(client, speyer, landau, coordinator):
    project = ProjectFactory(title="Smarte Lichtmasten", lead_municipality=speyer)
    before = page(client, "?adopted=on")
    assert "Smarte Lichtmasten" not in before
    services.adoption_create(project=project, municipality=landau, actor=coordinator)
    assert "Smarte Lichtmasten" in page(client, "?adopted=on")
    speyer.name = "Speyer am Rhein"
    members_services.municipality_save(municipality=speyer, actor=coordinator)
    assert "Speyer am Rhein" in page(client, "?adopted=on")


def test_logged_in_people_get_their_own_page_around_the_shared_results(
    client, speyer_staff, actor_client, django_assert_max_num_queries
):
    from projects.models import Project

    ProjectFactory(title="Smarte Lichtmasten", lead_municipality=speyer_staff.municipality)
    ProjectFactory(
        title="Entwurf Kitaportal",
        lead_municipality=speyer_staff.municipality,
        state="draft",
        published_at=None,
    )
    staff = actor_client(speyer_staff)
    anonymous_html, staff_html = page(client, "?q=Lichtmasten"), page(staff, "?q=Lichtmasten")
    # The page is theirs (their actions, no anonymous copy) ...
    assert "Projekt eintragen" in staff_html
    assert "Projekt eintragen" not in anonymous_html
    # ... the results are everyone's: published projects only, not the city's draft.
    assert "Smarte Lichtmasten" in staff_html
    assert "Entwurf Kitaportal" not in page(staff, "?q=Kitaportal")
    # Their results come from the cache: no search query runs again.
    with django_assert_max_num_queries(5) as queries:
        page(staff, "?q=Lichtmasten")
    assert not any("projects_project" in query["sql"] for query in queries.captured_queries)
    # A write around the services (raw SQL) is not seen by anyone ...
    Project.objects.filter(title="Smarte Lichtmasten").update(title="Sichere Lichtmasten")
    assert "Smarte Lichtmasten" in page(staff, "?q=Lichtmasten")
    # ... one through the portal is seen by everyone at once.
    project = Project.objects.get(title="Sichere Lichtmasten")
    services.project_update(project=project, actor=speyer_staff, summary="Neu beschrieben")
    assert "Sichere Lichtmasten" in page(staff, "?q=Lichtmasten")
    assert "Sichere Lichtmasten" in page(client, "?q=Lichtmasten")


def test_the_htmx_results_are_the_cached_results(client, speyer_staff, actor_client):
    ProjectFactory(title="Smarte Lichtmasten", lead_municipality=speyer_staff.municipality)
    staff = actor_client(speyer_staff)
    full = page(staff, "?q=Lichtmasten")
    fragment = staff.get("/projekte/?q=Lichtmasten", HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in fragment
    assert "1 Projekt gefunden" in fragment
    assert fragment.strip() in full


def test_cached_pages_carry_no_csrf_token_and_the_language_switch_still_works(client, speyer):
    ProjectFactory(title="Smarte Lichtmasten", lead_municipality=speyer)
    html = page(client)
    assert "csrfmiddlewaretoken" not in html
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/projekte/"})
    assert response.status_code == 302
    assert response.cookies["django_language"].value == "en"


def test_the_cached_table_of_adoptions_follows_every_change(
    client, speyer, landau, landau_staff, actor_client, coordinator
):
    from projects.models import Adoption

    project = ProjectFactory(title="Smarte Lichtmasten", lead_municipality=speyer)
    staff = actor_client(landau_staff)
    url = project.get_absolute_url()
    assert "Bisher nutzt keine andere Kommune" in page(staff, url.removeprefix("/projekte/"))
    response = staff.post(
        f"{url}nachnutzung/", {"adoption-status": "in_pruefung", "adoption-note": "Intern: Angebot"}
    )
    assert response.status_code == 302
    assert Adoption.objects.filter(project=project, municipality=landau).exists()
    for who in (staff, client):
        html = page(who, url.removeprefix("/projekte/"))
        assert "Landau" in html
        assert "Bisher nutzt keine andere Kommune" not in html
    # Notes are for people who are logged in: the two tables are cached apart.
    assert "Intern: Angebot" in page(staff, url.removeprefix("/projekte/"))
    assert "Intern: Angebot" not in page(client, url.removeprefix("/projekte/"))
    landau.name = "Landau (Pfalz)"
    members_services.municipality_save(municipality=landau, actor=coordinator)
    assert "Landau (Pfalz)" in page(client, url.removeprefix("/projekte/"))


def test_the_cached_parts_of_a_project_page_follow_every_change(
    client, speyer, landau, coordinator
):
    from projects.models import Topic

    project = ProjectFactory(
        title="Smarte Lichtmasten", lead_municipality=speyer, description="Erste **Fassung**"
    )
    path = project.get_absolute_url().removeprefix("/projekte/")
    html = page(client, path)
    assert "Erste <strong>Fassung</strong>" in html
    assert "Mobilität" not in html
    services.project_update(
        project=project,
        actor=coordinator,
        description="Zweite Fassung",
        partners=[landau],
        topics=[Topic.objects.create(name="Mobilität", slug="mobilitaet")],
    )
    html = page(client, path)
    assert "Zweite Fassung" in html
    assert "Erste" not in html
    assert "Landau" in html
    assert "Mobilität" in html


def test_junk_parameters_share_one_entry_and_never_reach_the_page(
    client, speyer, django_assert_num_queries
):
    ProjectFactory(title="Smarte Lichtmasten", lead_municipality=speyer)
    first = page(client, "?sort=reused&utm_source=x1&page=1&q=")
    assert "utm_source" not in first
    with django_assert_num_queries(0):  # one canonical URL: the entry of the first
        for number in range(50):
            assert page(client, f"?junk{number}={number}&sort=reused") == first


def test_the_anonymous_cache_holds_one_entry_per_canonical_page(client, speyer):
    from django.core.cache import cache as django_cache

    ProjectFactory(title="Smarte Lichtmasten", lead_municipality=speyer)
    redis = django_cache._cache.get_client()
    before = len(redis.keys("*catalogue-*"))
    for number in range(100):
        page(client, f"?x={number}&y=%20{number}")
    # the page, its results and its filter form
    assert len(redis.keys("*catalogue-*")) - before == 3


def test_junk_values_of_known_parameters_make_no_entries(client, speyer):
    from django.core.cache import cache as django_cache

    ProjectFactory(title="Smarte Lichtmasten", lead_municipality=speyer)
    redis = django_cache._cache.get_client()
    before = len(redis.keys("*catalogue-*"))
    for number in range(20):
        for junk in (
            f"page=x{number}",
            f"page={900 + number}",  # past the end: the last page, shown but not stored
            f"sort=s{number}",
            f"phase=p{number}",
            f"reusable=ja{number}",
            f"topic=t{number}",
            f"cost_min=viel{number}",
        ):
            assert "Smarte Lichtmasten" in page(client, f"?{junk}")
    # the first page and the "nachnutzbar" page: two pages, two results and
    # two filter forms (the page past the end shares the first one's form)
    assert len(redis.keys("*catalogue-*")) - before == 6


def test_an_invalid_filter_is_shown_with_its_error_every_time(client, speyer):
    ProjectFactory(title="Smarte Lichtmasten", lead_municipality=speyer)
    for _ in range(2):
        assert "Bitte einen Betrag wie 12.500,00 eingeben." in page(client, "?cost_min=abc")


def test_a_member_gets_the_cached_filter_form_and_a_renamed_topic_in_it(
    client, speyer, speyer_staff, coordinator, django_assert_max_num_queries
):
    from projects.models import Topic

    topic = Topic.objects.create(name="Mobilität", slug="mobilitaet")
    ProjectFactory(title="Smarte Lichtmasten", lead_municipality=speyer, topics=[topic])
    client.force_login(speyer_staff)
    first = page(client, "?q=Lichtmasten&topic=mobilitaet")
    assert 'value="Lichtmasten"' in first and "Mobilität" in first
    with django_assert_max_num_queries(5) as queries:  # same form, other page
        again = page(client, "?q=Lichtmasten&topic=mobilitaet&page=1")
    assert again.count('<form class="ikone-filter"') == 1
    # The filters come with the form: the topic is not looked up again.
    assert not any("projects_topic" in query["sql"] for query in queries.captured_queries)
    topic.name = "Verkehr und Mobilität"
    services.topic_save(topic=topic, actor=coordinator)
    assert "Verkehr und Mobilität" in page(client, "?q=Lichtmasten&topic=mobilitaet")
