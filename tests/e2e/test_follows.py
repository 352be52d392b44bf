"""Follow a topic by keyboard, a coordinator publishes a project in it by
keyboard, the follower gets the notice (mail and "Mein Konto"); axe finds nothing."""

import re

from django.core import mail
from playwright.sync_api import expect

from members.models import Municipality, User
from projects import services
from projects.models import Topic
from tests.e2e.conftest import login


def _tab_to(page, text: str, limit: int = 80) -> None:
    """Move the focus with Tab alone until the focused element reads ``text``."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate("document.activeElement.textContent.trim()")
        if focused == text:
            return
    raise AssertionError(f"no focusable element reads {text!r}")


def test_follow_a_topic_and_hear_of_a_new_project(page, demo_network, assert_accessible):
    login(page, "speyer@demo.ikone-rlp.de")
    page.goto("/projekte/?topic=tourismus-kultur")
    assert_accessible(page)
    _tab_to(page, "„Tourismus & Kultur“ folgen")
    page.keyboard.press("Enter")
    status = page.locator("#follow-thema-tourismus-kultur [role=status]")
    expect(status).to_contain_text("Sie folgen jetzt „Tourismus & Kultur“.")
    assert_accessible(page)

    landau = User.objects.get(email="landau@demo.ikone-rlp.de")
    project = services.project_create(
        actor=landau,
        title="Digitale Stadtführung",
        summary="Eine Stadtführung mit dem Smartphone.",
        topics=[Topic.objects.get(slug="tourismus-kultur")],
        lead_municipality=Municipality.objects.get(slug="landau"),
    )
    services.project_submit(project=project, actor=landau)

    page.goto("/konto/")
    _tab_to(page, "Abmelden")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"^https?://[^/]+/$"))
    login(page, "koordination@demo.ikone-rlp.de")
    mail.outbox.clear()
    page.goto(project.get_absolute_url())
    _tab_to(page, "Veröffentlichen")
    page.keyboard.press("Enter")
    expect(page.get_by_role("status").first).to_contain_text("Das Projekt ist veröffentlicht.")
    assert_accessible(page)

    notices = [m for m in mail.outbox if m.to == ["speyer@demo.ikone-rlp.de"]]
    assert [m.subject for m in notices] == ["Neu im Katalog: Digitale Stadtführung"]
    assert "weil Sie „Tourismus & Kultur“ folgen" in notices[0].body
    assert notices[0].extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    page.goto("/konto/")
    _tab_to(page, "Abmelden")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"^https?://[^/]+/$"))
    login(page, "speyer@demo.ikone-rlp.de")
    news = page.get_by_role("region", name="Neu seit Ihrem letzten Besuch")
    expect(news).to_contain_text("Neu veröffentlicht: Digitale Stadtführung (Landau")
    assert_accessible(page)
