"""/api/docs/ in the portal's frame passes axe, in German and English, at 1280
and 375 pixels, with an operation opened by keyboard and tried out."""

import pytest


@pytest.mark.parametrize("language", ["de", "en"])
@pytest.mark.parametrize("width", [1280, 375])
def test_api_docs_pass_axe(browser, live_server, axe_check, language, width):
    context = browser.new_context(
        base_url=live_server.url, locale="de-DE", viewport={"width": width, "height": 900}
    )
    context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto("/api/docs/")
    assert page.locator("html").get_attribute("lang") == language
    heading = "API-Dokumentation" if language == "de" else "API documentation"
    assert page.get_by_role("heading", level=1, name=heading).is_visible()
    # The portal's frame: its navigation and legal links.
    navigation = "Hauptnavigation" if language == "de" else "Main navigation"
    assert page.get_by_role("navigation", name=navigation).is_visible()
    operation = page.locator("#operations-projects-projects_list .opblock-summary-control")
    operation.wait_for()
    axe_check(page, f"closed ({language}, {width} px)")

    operation.focus()
    page.keyboard.press("Enter")
    try_it = page.get_by_role("button", name="Try it out")
    try_it.wait_for()
    try_it.focus()
    page.keyboard.press("Enter")
    page.get_by_role("button", name="Execute").wait_for()
    axe_check(page, f"open, trying out ({language}, {width} px)")
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= width
    context.close()
