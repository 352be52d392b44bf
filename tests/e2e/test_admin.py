"""The admin pages coordinators use, in a real browser: axe finds nothing, in
German and English, at 1280 and 375 pixels, and no page is wider than the
window; moderation from a project's change page by keyboard."""

import re

import pytest

from events.models import Event
from funding.models import Grant
from members.models import Municipality
from projects.models import Project
from tests.e2e.conftest import login

WIDTHS = [1280, 375]
ENGLISH_LEFTOVERS = re.compile(r"\b(Choose|Remove all|Uploaded by|UPLOADED BY)\b")


def admin_pages() -> list[str]:
    project = Project.objects.order_by("pk").first()
    grant = Grant.objects.order_by("pk").first()
    event = Event.objects.order_by("pk").first()
    city = Municipality.objects.get(slug="speyer")
    return [
        "/admin/",
        "/admin/projects/project/",
        f"/admin/projects/project/{project.pk}/change/",
        f"/admin/projects/project/{project.pk}/ablehnen/",
        "/admin/funding/grant/",
        f"/admin/funding/grant/{grant.pk}/change/",
        f"/admin/events/event/{event.pk}/change/",
        "/admin/events/event/add/",
        "/admin/members/municipality/",
        f"/admin/members/municipality/{city.pk}/change/",
        "/admin/members/user/",
        f"/admin/members/user/{city.staff.first().pk}/change/",
        "/admin/events/registration/",
        "/admin/members/auditentry/",
    ]


@pytest.mark.parametrize("language", ["de", "en"])
def test_admin_pages_pass_axe_and_fit(browser, live_server, demo_network, axe_check, language):
    for width in WIDTHS:
        context = browser.new_context(
            base_url=live_server.url, locale="de-DE", viewport={"width": width, "height": 900}
        )
        page = context.new_page()
        page.set_default_timeout(10_000)
        login(page, "koordination@demo.ikone-rlp.de")
        context.add_cookies(
            [{"name": "django_language", "value": language, "url": live_server.url}]
        )
        for url in admin_pages():
            page.goto(url)
            page.wait_for_load_state("load")
            assert page.locator("html").get_attribute("lang") == language
            axe_check(page, f"{url} ({language}, {width} px)")
            scroll_width = page.evaluate("document.documentElement.scrollWidth")
            assert scroll_width <= width, f"{url} is {scroll_width} px wide at {width} px"
            if language == "de":
                text = page.locator("body").inner_text()
                assert not ENGLISH_LEFTOVERS.search(text), (url, ENGLISH_LEFTOVERS.search(text))
        context.close()


def submitted_project() -> Project:
    project = Project.objects.get(slug="smarte-lichtmasten")
    Project.objects.filter(pk=project.pk).update(state=Project.State.SUBMITTED)
    return project


def test_publish_from_the_change_page_by_keyboard(page, demo_network, axe_check):
    project = submitted_project()
    login(page, "koordination@demo.ikone-rlp.de")
    page.goto(f"/admin/projects/project/{project.pk}/change/")
    button = page.get_by_role("button", name="Veröffentlichen")
    button.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.get_by_text("„Smarte Lichtmasten“ ist veröffentlicht.").is_visible()
    axe_check(page, "after publishing")
    project.refresh_from_db()
    assert project.state == Project.State.PUBLISHED
    assert page.get_by_role("button", name="Veröffentlichen").count() == 0


def test_reject_from_the_change_page_by_keyboard(page, demo_network, axe_check):
    project = submitted_project()
    login(page, "koordination@demo.ikone-rlp.de")
    page.goto(f"/admin/projects/project/{project.pk}/change/")
    page.get_by_role("link", name="Ablehnen").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/ablehnen/")
    axe_check(page, "reject form")
    page.get_by_label("Begründung").focus()
    page.keyboard.type("Bitte die laufenden Kosten ergänzen.")
    page.keyboard.press("Tab")
    with page.expect_navigation(url=f"**/admin/projects/project/{project.pk}/change/"):
        page.keyboard.press("Enter")
    assert page.get_by_text("„Smarte Lichtmasten“ ist abgelehnt.").is_visible()
    project.refresh_from_db()
    assert project.state == Project.State.REJECTED
    assert project.rejection_reason == "Bitte die laufenden Kosten ergänzen."
