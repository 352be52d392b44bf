"""Impressum, privacy page and accessibility statement: the operator's details
from the settings, the EU model statement's parts, what is stored and how long."""

from datetime import date, timedelta

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

from ikone.env import env_date
from members.tasks import clear_expired_sessions

pytestmark = pytest.mark.django_db


@pytest.fixture
def operator(settings):
    settings.OPERATOR_NAME = "Musterbetrieb GmbH"
    settings.OPERATOR_ADDRESS = ["Hauptstraße 1", "12345 Musterstadt"]
    settings.OPERATOR_REPRESENTED_BY = "Erika Mustermann (Geschäftsführerin)"
    settings.OPERATOR_EMAIL = "kontakt@muster.example"
    settings.OPERATOR_PHONE = "0631 000000"
    settings.OPERATOR_REGISTER = "Amtsgericht Kaiserslautern, HRB 0000"
    settings.OPERATOR_VAT_ID = "DE000000000"
    settings.CONTENT_RESPONSIBLE = "Max Mustermann"
    settings.ACCESSIBILITY_CONTACT_EMAIL = "barrierefrei@muster.example"
    settings.ACCESSIBILITY_STATEMENT_PREPARED_ON = date(2026, 3, 1)
    settings.ACCESSIBILITY_STATEMENT_REVIEWED_ON = date(2026, 11, 15)
    settings.ACCESSIBILITY_ENFORCEMENT_BODY = ["Ombudsstelle Muster", "Postfach 1"]
    settings.ACCESSIBILITY_ENFORCEMENT_URL = "https://ombudsstelle.example"
    settings.PRIVACY_OFFICER = "Datenschutz Muster, dsb@muster.example"
    settings.LOG_RETENTION_DAYS = 30
    return settings


def text(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_imprint_names_the_operator_from_the_settings(operator, client):
    page = text(client, "/impressum/")
    for detail in (
        "Musterbetrieb GmbH",
        "Hauptstraße 1<br>",
        "12345 Musterstadt",
        "Erika Mustermann (Geschäftsführerin)",
        'href="mailto:kontakt@muster.example"',
        "0631 000000",
        "Amtsgericht Kaiserslautern, HRB 0000",
        "DE000000000",
        "Max Mustermann",
    ):
        assert detail in page
    main = page.split("<main", 1)[1].split("</main>", 1)[0]
    assert "KL.digital" not in main  # (the footer names the network's coordinator)


def test_imprint_leaves_out_what_is_not_configured(settings, client):
    settings.OPERATOR_EMAIL = settings.OPERATOR_REGISTER = settings.OPERATOR_VAT_ID = ""
    page = text(client, "/impressum/")
    assert "KL.digital GmbH" in page  # the default operator
    assert "Registereintrag" not in page
    assert "mailto:" not in page


def test_accessibility_statement_follows_the_eu_model(operator, client):
    page = text(client, "/barrierefreiheit/")
    for heading in (
        "Stand der Vereinbarkeit mit den Anforderungen",
        "Nicht barrierefreie Inhalte",
        "Erstellung dieser Erklärung zur Barrierefreiheit",
        "Feedback und Kontaktangaben",
        "Durchsetzungsverfahren",
    ):
        assert f">{heading}</h" in page
    assert "BITV 2.0" in page
    assert "teilweise" in page
    assert "Inhalte Dritter" in page  # the known barrier: uploaded documents
    assert "am 1. März 2026 erstellt und zuletzt am 15. November 2026 überprüft" in page
    assert 'href="mailto:barrierefrei@muster.example"' in page
    assert "Ombudsstelle Muster" in page
    assert 'href="https://ombudsstelle.example"' in page


def test_accessibility_statement_defaults_to_the_bgg_arbitration_board(client):
    page = text(client, "/barrierefreiheit/")
    assert "Schlichtungsstelle nach § 16 Behindertengleichstellungsgesetz (BGG)" in page
    assert "https://www.schlichtungsstelle-bgg.de" in page


def test_privacy_page_lists_what_is_stored_and_how_long(operator, client):
    page = text(client, "/datenschutz/")
    for item in (
        "Benutzerkonto",
        "Sitzungen",
        "Fehlgeschlagene Anmeldungen",
        "Server-Protokolle",
        "E-Mails",
        "Anmeldungen zu Netzwerktreffen",
        "Änderungsverlauf",
    ):
        assert f">{item}</dt>" in page
    # The periods are the settings the portal works with.
    assert "nach 30 Minuten ohne Aktivität, spätestens nach 12 Stunden" in page
    assert "Nach 5 Fehlversuchen" in page
    assert "15 Minuten gesperrt" in page
    assert "nach 30 Tagen gelöscht" in page  # LOG_RETENTION_DAYS
    assert "Musterbetrieb GmbH" in page
    assert "Datenschutz Muster, dsb@muster.example" in page
    assert "Meine Daten herunterladen" in page
    assert "Hintere Bleiche 34" in page  # the supervisory authority


def test_privacy_page_follows_the_settings(settings, client):
    settings.SESSION_COOKIE_AGE = 20 * 60
    page = text(client, "/datenschutz/")
    assert "nach 20 Minuten ohne Aktivität" in page


def test_dates_of_the_statement_are_checked(monkeypatch):
    monkeypatch.setenv("ACCESSIBILITY_STATEMENT_PREPARED_ON", "5.12.2026")
    with pytest.raises(ImproperlyConfigured):
        env_date("ACCESSIBILITY_STATEMENT_PREPARED_ON", date(2026, 1, 1))
    monkeypatch.setenv("ACCESSIBILITY_STATEMENT_PREPARED_ON", "2026-12-05")
    assert env_date("ACCESSIBILITY_STATEMENT_PREPARED_ON", date(2026, 1, 1)) == date(2026, 12, 5)


def test_ended_sessions_are_deleted(speyer_staff):
    ended, running = SessionStore(), SessionStore()
    for store in (ended, running):
        store["_auth_user_id"] = str(speyer_staff.pk)
        store.create()
    Session.objects.filter(session_key=ended.session_key).update(
        expire_date=timezone.now() - timedelta(minutes=1)
    )
    assert clear_expired_sessions() == 1
    assert list(Session.objects.values_list("session_key", flat=True)) == [running.session_key]
