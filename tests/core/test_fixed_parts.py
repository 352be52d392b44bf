"""The parts of every page that only translations, URLs and static files
decide are rendered once per process ({% fixed %}, core_tags): each page
still marks its own section, and each reader and language gets their own."""

import re

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

NAV = re.compile(r'<nav class="ikone-nav".*?</nav>', re.S)


def _nav(client: Client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200
    return NAV.search(response.content.decode()).group(0)


def _current(nav: str) -> list[str]:
    return re.findall(r'aria-current="page">([^<]+)<', nav)


def test_each_page_marks_its_own_section(client, speyer_staff):
    assert _current(_nav(client, "/")) == ["Start"]
    assert _current(_nav(client, "/projekte/")) == ["Projekte"]
    assert _current(_nav(client, "/kommunen/")) == ["Kommunen"]
    assert _current(_nav(client, "/impressum/")) == []
    client.force_login(speyer_staff)
    assert _current(_nav(client, "/konto/")) == ["Mein Konto"]
    assert _current(_nav(client, "/termine/")) == ["Termine"]


def test_who_reads_decides_account_or_login(client, speyer_staff):
    anonymous = _nav(client, "/projekte/")
    client.force_login(speyer_staff)
    member = _nav(client, "/projekte/")
    assert "Anmelden" in anonymous and "Mein Konto" not in anonymous
    assert "Mein Konto" in member and "Anmelden" not in member


def test_each_language_its_own(client):
    german = client.get("/impressum/").content.decode()
    client.cookies["django_language"] = "en"
    english = client.get("/impressum/").content.decode()
    assert "Erklärung zur Barrierefreiheit" in german
    assert "Erklärung zur Barrierefreiheit" not in english
    assert 'aria-label="Hauptnavigation"' in german
    assert 'aria-label="Hauptnavigation"' not in english


def test_a_changed_setting_is_rendered_anew(client, settings):
    client.get("/impressum/")
    settings.STATIC_URL = "/assets/"
    page = client.get("/impressum/").content.decode()
    assert 'href="/assets/css/ikone.css"' in page
