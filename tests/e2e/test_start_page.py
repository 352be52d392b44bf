import pytest

from tests.e2e.conftest import login


def test_start_page_shows_key_figures_and_passes_axe(page, demo_network, assert_accessible):
    page.goto("/")
    assert page.get_by_role("heading", level=1).is_visible()
    figures = page.get_by_role("region", name="Das Netzwerk in Zahlen")
    assert "Mitgliedskommunen" in figures.inner_text()
    assert_accessible(page)


def test_member_list_search_narrows_results(page, demo_network, assert_accessible):
    page.goto("/kommunen/")
    assert_accessible(page)
    page.get_by_label("Suche").fill("Speyer")
    page.get_by_role("button", name="Filtern").click()
    page.wait_for_url("**q=Speyer**")
    rows = page.locator("#municipality-results tbody tr")
    assert rows.count() == 1
    assert "Speyer" in rows.first.inner_text()
    rows.first.get_by_role("link").click()
    page.wait_for_url("**/kommunen/speyer/")
    assert "07318000" in page.content()
    assert_accessible(page)


def test_login_and_account_page(page, demo_network, assert_accessible):
    page.goto("/konto/anmelden/")
    assert_accessible(page)
    login(page, "speyer@demo.ikone-rlp.de")
    assert page.get_by_role("heading", name="Mein Konto").is_visible()
    assert "Speyer" in page.content()
    assert_accessible(page)


def test_member_list_filter_by_kind(page, demo_network, assert_accessible):
    page.goto("/kommunen/")
    page.get_by_label("Art").select_option(label="Sonstige Organisation")
    page.get_by_role("button", name="Filtern").click()
    page.wait_for_url("**kind=organisation**")
    rows = page.locator("#municipality-results tbody tr")
    assert rows.count() == 1
    assert "KL.digital GmbH" in rows.first.inner_text()
    assert_accessible(page)

    page.get_by_label("Art").select_option(label="Kreisfreie Stadt")
    page.get_by_role("button", name="Filtern").click()
    page.wait_for_url("**kind=kreisfreie_stadt**")
    cities = page.locator("#municipality-results tbody tr").all_inner_texts()
    assert any("Speyer" in row for row in cities)
    assert not any("Andernach" in row for row in cities)
    assert all("Kreisfreie Stadt" in row for row in cities)
    assert_accessible(page)


def test_failed_login_shows_an_accessible_error(page, demo_network, assert_accessible):
    login_page = "/konto/anmelden/"
    page.goto(login_page)
    page.get_by_label("E-Mail-Adresse").fill("speyer@demo.ikone-rlp.de")
    page.get_by_label("Passwort").fill("falsch")
    page.get_by_role("button", name="Anmelden").click()
    assert page.get_by_role("alert").first.is_visible()
    assert "E-Mail-Adresse oder Passwort ist falsch." in page.content()
    assert_accessible(page)


@pytest.mark.parametrize(
    ("path", "heading"),
    [
        ("/impressum/", "Impressum"),
        ("/datenschutz/", "Datenschutzerklärung"),
        ("/barrierefreiheit/", "Erklärung zur Barrierefreiheit"),
        ("/konto/passwort-vergessen/", "Passwort vergessen"),
        ("/kommunen/gibt-es-nicht/", "Seite nicht gefunden"),
    ],
)
def test_other_pages_pass_axe(page, demo_network, assert_accessible, path, heading):
    page.goto(path)
    assert page.get_by_role("heading", level=1).inner_text() == heading
    assert_accessible(page)


def test_skip_link_leads_to_the_content(page, demo_network):
    page.goto("/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Zum Inhalt springen")
    assert skip.evaluate("element => element === document.activeElement")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "inhalt"


def test_the_start_page_search_leads_into_the_catalogue(page, demo_network, assert_accessible):
    page.goto("/")
    page.get_by_label("Welche Lösung suchen Sie?").fill("Kita-Portal")
    page.get_by_role("button", name="Projekte finden").click()
    page.wait_for_url("**/projekte/?q=Kita-Portal")
    assert page.get_by_role("link", name="Kitaportal").is_visible()
    assert page.get_by_role("link", name="Digitale Kita").count() == 0
    assert_accessible(page)
