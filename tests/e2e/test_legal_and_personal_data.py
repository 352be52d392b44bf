"""Legal pages and one's own data in a real browser: axe in German and English
at 1280 and 375 pixels; the download from "Mein Konto" by keyboard; a
coordinator anonymises a person in the admin by keyboard."""

import json

import pytest

from members.models import User
from projects.models import Project
from tests.e2e.conftest import login

LEGAL_PAGES = ["/impressum/", "/datenschutz/", "/barrierefreiheit/"]


@pytest.mark.parametrize("language", ["de", "en"])
def test_legal_pages_pass_axe_and_fit(browser, live_server, axe_check, language):
    for width in (1280, 375):
        context = browser.new_context(
            base_url=live_server.url, locale="de-DE", viewport={"width": width, "height": 900}
        )
        context.add_cookies(
            [{"name": "django_language", "value": language, "url": live_server.url}]
        )
        page = context.new_page()
        for url in LEGAL_PAGES:
            page.goto(url)
            assert page.locator("html").get_attribute("lang") == language
            axe_check(page, f"{url} ({language}, {width} px)")
            assert page.evaluate("document.documentElement.scrollWidth") <= width
        context.close()


def test_download_my_data_by_keyboard(page, demo_network, axe_check):
    login(page, "speyer@demo.ikone-rlp.de")
    axe_check(page, "Mein Konto")
    link = page.get_by_role("link", name="Meine Daten herunterladen")
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent.trim()") == (
            "Meine Daten herunterladen"
        ):
            break
    assert link.evaluate("element => element === document.activeElement")
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    assert download.value.suggested_filename.startswith("ikone-meine-daten-")
    with open(download.value.path(), encoding="utf-8") as handle:
        data = json.load(handle)
    assert data["account"]["email"] == "speyer@demo.ikone-rlp.de"
    assert data["account"]["municipality"] == "Speyer"


def test_coordinator_anonymises_a_person_by_keyboard(page, demo_network, axe_check):
    person = User.objects.get(email="landau@demo.ikone-rlp.de")
    projects_before = Project.objects.filter(lead_municipality__slug="landau").count()
    login(page, "koordination@demo.ikone-rlp.de")
    page.goto("/admin/members/user/?q=landau%40demo")
    page.get_by_role("checkbox", name="Dieses Objekt für eine Aktion auswählen").last.focus()
    page.keyboard.press("Space")
    page.get_by_label("Aktion:").select_option("anonymise_selected")
    page.get_by_role("button", name="Ausführen").focus()
    page.keyboard.press("Enter")
    page.get_by_role("button", name="Anonymisieren").wait_for()
    axe_check(page, "anonymise confirmation")
    page.get_by_role("button", name="Anonymisieren").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.get_by_text("1 Person(en) anonymisiert.").is_visible()
    person.refresh_from_db()
    assert str(person) == "Ehemalige Person (Landau in der Pfalz)"
    assert Project.objects.filter(lead_municipality__slug="landau").count() == projects_before
