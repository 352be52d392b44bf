"""The English interface: what people wrote in German is marked lang="de"
(WCAG 3.1.2), topic names are shown in English (Topic.name_en)."""

import re

import pytest
from django.test import Client

from projects.models import Topic
from tests.projects.factories import ProjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def english(client):
    client.cookies["django_language"] = "en"
    return client


@pytest.fixture
def mobility(db):
    return Topic.objects.create(name="Mobilität", slug="mobilitaet", name_en="Mobility")


@pytest.fixture
def untranslated(db):
    return Topic.objects.create(name="Smart Region", slug="smart-region-de")


@pytest.fixture
def project(speyer, mobility, untranslated):
    return ProjectFactory(
        title="Smarte Lichtmasten",
        slug="smarte-lichtmasten",
        summary="Straßenlaternen mit Sensoren.",
        description="Die Masten messen **Verkehr**.",
        lead_municipality=speyer,
        topics=[mobility, untranslated],
    )


def test_project_page_marks_german_content_in_english(project, english):
    page = english.get(project.get_absolute_url()).content.decode()
    assert '<html lang="en"' in page
    assert '<h1 class="kern-heading-large" lang="de">Smarte Lichtmasten</h1>' in page
    summary = '<p class="kern-body kern-body--large" lang="de">Straßenlaternen mit Sensoren.</p>'
    assert summary in page
    assert re.search(r'class="ikone-description kern-body" lang="de">\s*<p>Die Masten', page)
    # Topic names: English where kept, the German one marked where not.
    assert "<span>Mobility</span>" in page
    assert '<span lang="de">Smart Region</span>' in page


def test_german_interface_has_no_extra_lang(project, client):
    page = client.get(project.get_absolute_url()).content.decode()
    assert '<h1 class="kern-heading-large">Smarte Lichtmasten</h1>' in page
    assert ' lang="de">' not in page.split("<main", 1)[1]
    assert "Mobilität" in page
    assert "Mobility" not in page


def test_catalogue_shows_topics_in_the_interface_language(project, english):
    english_page = english.get("/projekte/").content.decode()
    assert "Mobility" in english_page
    assert 'lang="de">Smarte Lichtmasten</a>' in english_page
    german_page = Client().get("/projekte/").content.decode()  # its own cache entry
    assert "Mobilität" in german_page
    assert "Mobility" not in german_page
    filtered = english.get("/projekte/", {"q": "Lichtmasten"}).content.decode()
    assert "Mobility" in filtered


def test_topics_api_offers_the_english_name(mobility, client):
    topics = client.get("/api/v1/topics/").json()
    topics = topics["results"] if isinstance(topics, dict) else topics
    assert {"slug": "mobilitaet", "name": "Mobilität", "name_en": "Mobility"}.items() <= (
        topics[0].items()
    )


def test_demo_topics_have_english_names(demo):
    assert not Topic.objects.filter(name_en="").exists()
    assert Topic.objects.get(slug="bildung-kita").name_en == "Education & childcare"
