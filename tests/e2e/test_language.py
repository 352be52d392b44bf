"""The language switch in the header: German by default, English on a click."""

ENGLISH_NAVIGATION = ["Home", "Projects", "Municipalities", "Events", "Funding", "Log in"]
GERMAN_NAVIGATION = ["Start", "Projekte", "Kommunen", "Termine", "Förderung", "Anmelden"]


def html_lang(page) -> str:
    return page.locator("html").get_attribute("lang")


def navigation_labels(page, name: str) -> list[str]:
    links = page.get_by_role("navigation", name=name).get_by_role("link")
    return [text.strip() for text in links.all_inner_texts()]


def wait_for_lang(page, code: str) -> None:
    page.locator(f"html[lang='{code}']").wait_for(state="attached")


def test_english_button_switches_the_page_to_english(page, demo_network, assert_accessible):
    page.goto("/")
    assert html_lang(page) == "de"
    assert navigation_labels(page, "Hauptnavigation") == GERMAN_NAVIGATION
    assert_accessible(page)

    english = page.get_by_role("button", name="English")
    assert english.get_attribute("lang") == "en"
    english.click()
    wait_for_lang(page, "en")

    assert navigation_labels(page, "Main navigation") == ENGLISH_NAVIGATION
    assert page.get_by_role("heading", level=1).inner_text() == (
        "Not every municipality has to reinvent the digital city."
    )
    assert page.get_by_role("link", name="Skip to content").count() == 1
    assert_accessible(page)

    # The choice holds for the next pages.
    page.get_by_role("navigation", name="Main navigation").get_by_role(
        "link", name="Events"
    ).click()
    page.wait_for_url("**/termine/")
    assert html_lang(page) == "en"
    assert page.get_by_role("heading", name="Past events").is_visible()
    assert_accessible(page)


def test_the_switch_keeps_the_page_and_works_by_keyboard(page, demo_network, assert_accessible):
    page.goto("/kommunen/?q=Speyer")
    # Tab through the header until the language button has the focus.
    for _ in range(20):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.getAttribute('name')") == "language":
            break
    assert page.evaluate("document.activeElement.textContent.trim()") == "English"
    page.keyboard.press("Enter")
    wait_for_lang(page, "en")

    assert page.url.endswith("/kommunen/?q=Speyer")
    assert page.get_by_role("heading", level=1).inner_text() == "Member municipalities"
    assert page.get_by_label("Search").input_value() == "Speyer"
    assert "1 member found" in page.content()
    assert_accessible(page)

    page.get_by_role("button", name="Deutsch").click()
    wait_for_lang(page, "de")
    assert page.url.endswith("/kommunen/?q=Speyer")
    assert page.get_by_role("heading", level=1).inner_text() == "Mitgliedskommunen"
    assert_accessible(page)
