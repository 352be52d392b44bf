"""Anonymous visitors get the catalogue from Redis; every write invalidates it."""

import pytest

from projects.services import project_publish
from tests.projects.factories import AdoptionFactory, ProjectFactory

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


def test_an_adoption_and_a_renamed_city_show_at_once(client, speyer, landau):
    project = ProjectFactory(title="Smarte Lichtmasten", lead_municipality=speyer)
    before = page(client, "?adopted=on")
    assert "Smarte Lichtmasten" not in before
    AdoptionFactory(project=project, municipality=landau)
    assert "Smarte Lichtmasten" in page(client, "?adopted=on")
    speyer.name = "Speyer am Rhein"
    speyer.save()
    assert "Speyer am Rhein" in page(client, "?adopted=on")


def test_logged_in_people_bypass_the_cache(client, speyer_staff, actor_client):
    from projects.models import Project

    ProjectFactory(title="Smarte Lichtmasten", lead_municipality=speyer_staff.municipality)
    assert "Smarte Lichtmasten" in page(client)  # cached for anonymous visitors
    # A write that sends no signal (as raw SQL would) leaves the anonymous page stale ...
    Project.objects.filter(title="Smarte Lichtmasten").update(title="Sichere Lichtmasten")
    assert "Smarte Lichtmasten" in page(client)
    # ... but a logged-in person always gets a fresh one.
    assert "Sichere Lichtmasten" in page(actor_client(speyer_staff))


def test_cached_pages_carry_no_csrf_token_and_the_language_switch_still_works(client, speyer):
    ProjectFactory(title="Smarte Lichtmasten", lead_municipality=speyer)
    html = page(client)
    assert "csrfmiddlewaretoken" not in html
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/projekte/"})
    assert response.status_code == 302
    assert response.cookies["django_language"].value == "en"
