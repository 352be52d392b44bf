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
