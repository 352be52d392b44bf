"""The English interface in a real browser: German content is marked
lang="de" (WCAG 3.1.2), topic names are English, axe finds nothing, at 1280
and 375 pixels."""

import pytest

from events.models import Event
from tests.e2e.conftest import login


def language_of(page, selector: str) -> str:
    return page.locator(selector).first.evaluate("e => e.closest('[lang]').lang")


@pytest.mark.parametrize("width", [1280, 375])
def test_english_pages_mark_german_content(browser, live_server, demo_network, axe_check, width):
    context = browser.new_context(
        base_url=live_server.url, locale="de-DE", viewport={"width": width, "height": 900}
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    login(page, "speyer@demo.ikone-rlp.de")
    context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])

    page.goto("/")
    assert language_of(page, "#home-projects-title ~ * a") == "de"
    axe_check(page, f"start page in English ({width} px)")

    page.goto("/projekte/")
    assert page.locator("html").get_attribute("lang") == "en"
    assert language_of(page, ".kern-card h2 a") == "de"
    badges = page.locator(".kern-card .kern-badge").all_inner_texts()
    assert "Infrastructure & networks" in badges
    assert "Infrastruktur & Netze" not in badges
    axe_check(page, f"catalogue in English ({width} px)")

    page.goto("/projekte/smarte-lichtmasten/")
    assert language_of(page, "h1") == "de"
    assert language_of(page, "main .kern-body--large") == "de"
    assert language_of(page, "#description-title") == "en"  # the interface's own heading
    axe_check(page, f"project in English ({width} px)")

    event = Event.objects.order_by("starts_at").first()
    page.goto(event.get_absolute_url())
    assert language_of(page, "h1") == "de"
    axe_check(page, f"event in English ({width} px)")

    page.goto("/kommunen/speyer/")
    assert page.locator("html").get_attribute("lang") == "en"
    axe_check(page, f"municipality in English ({width} px)")

    page.goto("/foerderung/")
    assert language_of(page, ".ikone-grant p.kern-body") == "de"
    axe_check(page, f"funding in English ({width} px)")
    context.close()
