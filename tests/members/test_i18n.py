"""German by default, English on request: the language switch and the catalogue.

The portal's source language is German; ``locale/en/LC_MESSAGES/django.po``
holds the English catalogue. ``make messages`` extracts and compiles it.
"""

import ast
import gettext
import re
import shutil
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.utils import translation

from core.formatting import euro
from members.services import send_invitation
from tests.events.factories import EventFactory, berlin
from tests.projects.factories import ProjectFactory

pytestmark = pytest.mark.django_db

LOCALE = Path(settings.BASE_DIR) / "locale"
PO_FILE = LOCALE / "en" / "LC_MESSAGES" / "django.po"
MO_FILE = LOCALE / "en" / "LC_MESSAGES" / "django.mo"
SWITCH = "/i18n/setlang/"
GERMAN_NAVIGATION = ["Projekte", "Kommunen", "Termine", "Förderung", "Anmelden"]
ENGLISH_NAVIGATION = ["Home", "Projects", "Municipalities", "Events", "Funding", "Log in"]


# --- a small reader for the .po file (polib is not a dependency) -------------


def _unquote(lines: list[str]) -> str:
    # PO strings use C escapes, which Python's string literals understand too.
    return "".join(ast.literal_eval(line) for line in lines)


def read_po(path: Path) -> tuple[dict, list[dict]]:
    """The header entry and every other entry: msgid, msgid_plural, msgstr (by
    index; None for a singular entry), flags."""
    entries = []
    for block in path.read_text(encoding="utf-8").strip().split("\n\n"):
        entry = {"flags": set(), "msgid": [], "msgid_plural": [], "msgstr": {}}
        current = None
        for line in block.splitlines():
            if line.startswith("#,"):
                entry["flags"].update(flag.strip() for flag in line[2:].split(","))
            elif line.startswith("#"):
                continue
            elif match := re.match(r'^(msgid|msgid_plural|msgctxt) (".*")$', line):
                current = entry.setdefault(match[1], [])
                current.append(match[2])
            elif match := re.match(r'^msgstr(?:\[(\d+)\])? (".*")$', line):
                index = int(match[1]) if match[1] is not None else None
                current = entry["msgstr"].setdefault(index, [])
                current.append(match[2])
            elif line.startswith('"'):
                current.append(line)
            else:
                raise AssertionError(f"unexpected line in {path.name}: {line!r}")
        entries.append(
            {
                "flags": entry["flags"],
                "msgid": _unquote(entry["msgid"]),
                "msgid_plural": _unquote(entry["msgid_plural"]) or None,
                "msgstr": {key: _unquote(value) for key, value in entry["msgstr"].items()},
            }
        )
    header, *rest = entries
    assert header["msgid"] == "", "the catalogue starts with its header"
    return header, rest


PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w*\}|<[^>]+>")


def placeholders(text: str) -> list[str]:
    return sorted(PLACEHOLDER.findall(text))


# --- helpers ----------------------------------------------------------------------


def html_lang(response) -> str:
    return re.search(r'<html lang="([\w-]+)"', response.content.decode())[1]


def navigation(response) -> str:
    html = response.content.decode()
    return re.search(r'<nav class="ikone-nav".*?</nav>', html, re.S)[0]


@pytest.fixture
def english(client):
    """A browser that has pressed "English" in the header, like a person would."""
    response = client.post(SWITCH, {"language": "en", "next": "/"})
    assert response.status_code == 302
    return client


@pytest.fixture
def catalogue():
    return read_po(PO_FILE)


# --- the switch -------------------------------------------------------------------


def test_german_is_the_default(client):
    response = client.get("/")
    assert html_lang(response) == "de"
    for label in GERMAN_NAVIGATION:
        assert f">{label}</a>" in navigation(response)
    assert "Zum Inhalt springen" in response.content.decode()


def test_a_browser_asking_for_another_language_than_english_gets_german(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="fr-FR,fr;q=0.9")
    assert html_lang(response) == "de"


def test_accept_language_english_gets_english(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    assert html_lang(response) == "en"
    assert "Skip to content" in response.content.decode()


def test_the_switch_keeps_the_current_page(client):
    response = client.post(SWITCH, {"language": "en", "next": "/kommunen/?q=Speyer"})
    assert response.status_code == 302
    assert response["Location"] == "/kommunen/?q=Speyer"
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    page = client.get(response["Location"])
    assert html_lang(page) == "en"
    assert "Member municipalities" in page.content.decode()


def test_the_switch_refuses_to_redirect_off_site(client):
    response = client.post(SWITCH, {"language": "en", "next": "https://example.org/"})
    assert response.status_code == 302
    assert response["Location"] == "/"


def test_switching_back_to_german(english):
    english.post(SWITCH, {"language": "de", "next": "/"})
    response = english.get("/")
    assert html_lang(response) == "de"
    assert ">Projekte</a>" in navigation(response)


def test_the_header_offers_the_other_language_as_an_accessible_button(client):
    """One button naming the other language in that language (with ``lang`` so a
    screen reader pronounces it right), in a form that returns to this page."""
    html = client.get("/kommunen/?q=Speyer").content.decode()
    form = re.search(r'<form class="ikone-language".*?</form>', html, re.S)[0]
    assert f'action="{SWITCH}"' in form
    assert 'method="post"' in form
    assert "csrfmiddlewaretoken" not in form  # CSRF-exempt, so pages can be cached
    assert '<input name="next" type="hidden" value="/kommunen/?q=Speyer">' in form
    buttons = re.findall(r"<button[^>]*>.*?</button>", form, re.S)
    assert len(buttons) == 1
    assert 'type="submit"' in buttons[0]
    assert 'name="language" value="en" lang="en"' in buttons[0]
    assert re.sub(r"<[^>]+>|\s", "", buttons[0]) == "English"


def test_in_english_the_button_offers_german(english):
    html = english.get("/termine/").content.decode()
    form = re.search(r'<form class="ikone-language".*?</form>', html, re.S)[0]
    assert 'name="language" value="de" lang="de"' in form
    assert ">Deutsch<" in form
    assert '<input name="next" type="hidden" value="/termine/">' in form


# --- pages in English -------------------------------------------------------------


def test_start_page_in_english(english):
    response = english.get("/")
    assert html_lang(response) == "en"
    html = response.content.decode()
    for label in ENGLISH_NAVIGATION:
        assert f">{label}</a>" in navigation(response)
    assert "Not every municipality has to reinvent the digital city." in html
    assert "The network in figures" in html
    assert "Member municipalities" in html
    assert "Skip to content" in html
    for german in ["Zum Inhalt springen", "Das Netzwerk in Zahlen", "Hauptnavigation"]:
        assert german not in html


def test_project_catalogue_in_english(english, speyer):
    ProjectFactory(title="Smarte Lichtmasten", slug="smarte-lichtmasten", lead_municipality=speyer)
    response = english.get("/projekte/")
    html = response.content.decode()
    assert html_lang(response) == "en"
    assert "Project catalogue" in html
    assert "1 project found" in html
    assert "All topics" in html
    assert "Reset all filters" in html
    assert "Smarte Lichtmasten" in html  # data stays as entered
    assert "Projektkatalog" not in html
    assert "Projekt gefunden" not in html


def test_events_list_in_english(english):
    EventFactory(
        title="Interkommunaler Austausch",
        starts_at=berlin(2019, 5, 14, 10),
        ends_at=berlin(2019, 5, 14, 16),
    )
    EventFactory(title="Netzwerktreffen Herbst")
    response = english.get("/termine/")
    html = response.content.decode()
    assert html_lang(response) == "en"
    for text in ["Upcoming events", "Past events", "Network meeting", "All types"]:
        assert text in html
    # Dates read the English way, without the German "Uhr".
    assert "Tuesday, 14 May 2019, 10:00–16:00" in html
    assert "Uhr" not in html
    assert "Kommende Termine" not in html


def test_login_page_in_english(english):
    response = english.get("/konto/anmelden/")
    html = response.content.decode()
    assert html_lang(response) == "en"
    assert "<h1" in html and ">Log in</h1>" in html
    assert "E-mail address" in html
    assert "Forgotten your password?" in html
    assert "Passwort vergessen?" not in html


def test_a_form_error_in_english(english, speyer_staff):
    response = english.post(
        "/konto/anmelden/", {"username": speyer_staff.email, "password": "wrong"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Please check your entries." in html
    assert "The e-mail address or password is incorrect." in html
    assert "Passwort ist falsch" not in html


def test_a_form_error_stays_german_by_default(client, speyer_staff):
    response = client.post("/konto/anmelden/", {"username": speyer_staff.email, "password": "x"})
    assert "E-Mail-Adresse oder Passwort ist falsch." in response.content.decode()


def test_api_error_details_follow_the_language(client):
    headers = {"HTTP_AUTHORIZATION": "Bearer not-a-token"}
    english = client.get("/api/v1/municipalities/", HTTP_ACCEPT_LANGUAGE="en", **headers)
    german = client.get("/api/v1/municipalities/", **headers)
    assert english.status_code == german.status_code == 401
    assert english.json() == {"detail": "Invalid token."}
    assert german.json() == {"detail": "Ungültiges Token."}


def test_money_uses_the_separators_of_the_language():
    assert euro(Decimal("60750")) == "60.750,00\u00a0€"
    with translation.override("en"):
        assert euro(Decimal("60750")) == "60,750.00\u00a0€"
        assert euro(Decimal("-1234567.5")) == "-1,234,567.50\u00a0€"


def test_invitation_mail_stays_german_when_the_coordinator_reads_english(speyer_staff):
    with translation.override("en"):
        send_invitation(speyer_staff)
    message = mail.outbox[-1]
    assert message.subject == "Einladung zum IKONE-Portal"
    assert "Passwort" in message.body


def test_model_names_are_translated(speyer):
    from funding.models import Disbursement
    from projects.models import Adoption

    adoption = Adoption(project=ProjectFactory(title="Kitaportal"), municipality=speyer)
    payout = Disbursement(amount=Decimal("100.00"), paid_on=date(2024, 3, 1))
    assert str(adoption) == "Speyer nutzt Kitaportal nach"
    assert str(payout) == "100.00 EUR am 01.03.2024"
    with translation.override("en"):
        assert str(adoption) == "Speyer reuses Kitaportal"
        assert str(payout) == "100.00 EUR on 01.03.2024"


# --- the catalogue ----------------------------------------------------------------


def test_catalogue_header_is_complete_and_not_fuzzy(catalogue):
    header, _entries = catalogue
    assert "fuzzy" not in header["flags"]
    meta = header["msgstr"][None]
    assert "Language: en\n" in meta
    assert "Content-Type: text/plain; charset=UTF-8\n" in meta
    assert "Plural-Forms: nplurals=2; plural=(n != 1);\n" in meta


def test_every_entry_is_translated_and_none_is_fuzzy(catalogue):
    _header, entries = catalogue
    assert len(entries) > 800
    fuzzy = [e["msgid"] for e in entries if "fuzzy" in e["flags"]]
    assert fuzzy == []
    untranslated = [e["msgid"] for e in entries if not all(e["msgstr"].values())]
    assert untranslated == []
    for entry in entries:
        if entry["msgid_plural"]:
            assert set(entry["msgstr"]) == {0, 1}, entry["msgid"]
        else:
            assert set(entry["msgstr"]) == {None}, entry["msgid"]


def test_translations_keep_every_placeholder_and_tag(catalogue):
    _header, entries = catalogue
    mismatches = []
    for entry in entries:
        sources = [entry["msgid"], entry["msgid_plural"] or entry["msgid"]]
        for index, translated in entry["msgstr"].items():
            source = sources[1] if index == 1 else sources[0]
            if placeholders(source) != placeholders(translated):
                mismatches.append((source, translated))
    assert mismatches == []


# Words that are spelt the same in German and English.
SAME_IN_BOTH = {
    "API",
    "Budget (EUR)",
    "Cookies",
    "Moderation",
    "Name",
    "Online",
    "online",
    "optional",
    "Person",
    "Phase",
    "Status",
    "Text",
    "Text (HTML)",
    "Webinar",
    "Website",
    "Workshop",
}


def test_translations_are_english_not_copies_of_the_german(catalogue):
    _header, entries = catalogue
    umlauts = re.compile(r"[äöüÄÖÜß]")
    # Names of places and organisations keep their spelling in English.
    proper_names = ["Bahnhofstraße", "Wörth am Rhein", "Zweibrücken"]
    copied, german = set(), []
    for entry in entries:
        for translated in entry["msgstr"].values():
            if translated == entry["msgid"]:
                copied.add(translated)
            rest = translated
            for name in proper_names:
                rest = rest.replace(name, "")
            if umlauts.search(rest):
                german.append(translated)
    assert copied == SAME_IN_BOTH
    assert german == []


def test_compiled_catalogue_matches_the_po_file(catalogue):
    """The committed .mo is compiled from the committed .po (``make messages``)."""
    _header, entries = catalogue
    with MO_FILE.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    for entry in entries:
        if entry["msgid_plural"]:
            assert compiled.ngettext(entry["msgid"], entry["msgid_plural"], 1) == entry["msgstr"][0]
            assert compiled.ngettext(entry["msgid"], entry["msgid_plural"], 2) == entry["msgstr"][1]
        else:
            assert compiled.gettext(entry["msgid"]) == entry["msgstr"][None], entry["msgid"]


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="needs GNU gettext")
def test_catalogue_holds_every_translatable_string_of_the_code(
    catalogue, settings, tmp_path, monkeypatch
):
    """Extracting the strings afresh (as ``make messages`` does) finds exactly the
    catalogue's entries: nothing new left untranslated, nothing obsolete."""
    base = Path(settings.BASE_DIR)
    for folder in [
        "ikone",
        "core",
        "members",
        "projects",
        "funding",
        "events",
        "templates",
    ]:
        shutil.copytree(
            base / folder,
            tmp_path / folder,
            ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "migrations"),
        )
    settings.LOCALE_PATHS = [tmp_path / "locale"]
    monkeypatch.chdir(tmp_path)
    call_command("makemessages", locale=["en"], verbosity=0)
    _fresh_header, fresh = read_po(tmp_path / "locale" / "en" / "LC_MESSAGES" / "django.po")
    _header, entries = catalogue
    extracted = {(e["msgid"], e["msgid_plural"]) for e in fresh}
    translated = {(e["msgid"], e["msgid_plural"]) for e in entries}
    assert sorted(extracted - translated) == []
    assert sorted(translated - extracted) == []
