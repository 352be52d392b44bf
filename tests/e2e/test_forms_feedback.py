"""Issue 16.1, 16.2 in the browser, keyboard only: German amounts, the error
summary that takes focus and leads to each field, the success message that
takes focus, a draft without the fields only submitting needs."""

import re

from playwright.sync_api import expect

from projects.models import Project
from tests.e2e.conftest import login


def _focused_attribute(page, name: str) -> str | None:
    return page.evaluate(f"document.activeElement.getAttribute({name!r})")


def test_failed_submit_focuses_the_summary_whose_links_lead_to_the_fields(
    page, demo_network, assert_accessible
):
    login(page, "landau@demo.ikone-rlp.de")
    page.goto("/projekte/neu/")
    page.get_by_label("Kurzbeschreibung").fill("Ein Vorhaben ohne Titel.")
    page.get_by_label(re.compile(r"^Investitionskosten")).fill("zwölftausend")
    page.get_by_role("button", name="Speichern und zur Prüfung einreichen").focus()
    page.keyboard.press("Enter")
    page.wait_for_load_state()

    expect(page).to_have_title(re.compile(r"^Fehler: Projekt eintragen"))
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link")).to_have_text(
        [
            "Titel: Dieses Feld ist zwingend erforderlich.",
            "Investitionskosten (EUR): Bitte einen Betrag wie 12.500,00 eingeben.",
        ]
    )
    # The summary is at the top of the viewport, not 1,000 pixels below it.
    assert summary.bounding_box()["y"] < page.viewport_size["height"]
    assert_accessible(page)

    page.keyboard.press("Tab")
    expect(summary.get_by_role("link").nth(0)).to_be_focused()
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(page.get_by_label(re.compile(r"^Investitionskosten"))).to_be_focused()
    page.keyboard.press("Control+a")
    page.keyboard.type("12.500,00")

    title = page.get_by_label("Titel", exact=True)
    title.fill("Digitale Schulanmeldung")
    page.get_by_label("Phase").select_option(label="Planung")
    page.get_by_role("button", name="Speichern und zur Prüfung einreichen").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/projekte/digitale-schulanmeldung/")
    message = page.locator(".ikone-messages [data-message]").first
    expect(message).to_have_text(re.compile("zur Prüfung eingereicht"))
    expect(message).to_be_focused()
    project = Project.objects.get(slug="digitale-schulanmeldung")
    assert project.state == Project.State.SUBMITTED
    assert str(project.investment_cost) == "12500.00"
    assert_accessible(page)


def test_draft_is_saved_without_the_phase(page, demo_network):
    login(page, "landau@demo.ikone-rlp.de")
    page.goto("/projekte/neu/")
    page.get_by_label("Titel", exact=True).fill("Digitale Bauakte")
    page.get_by_label("Kurzbeschreibung").fill("Bauanträge digital.")
    page.get_by_label(re.compile(r"^Aufwand")).fill("1.200")
    page.get_by_role("button", name="Als Entwurf speichern").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/projekte/digitale-bauakte/")
    expect(page.locator(".ikone-messages [data-message]").first).to_be_focused()
    project = Project.objects.get(slug="digitale-bauakte")
    assert project.state == Project.State.DRAFT
    assert project.effort_person_days == 1200
    page.goto("/projekte/digitale-bauakte/bearbeiten/")
    expect(page.get_by_label(re.compile(r"^Aufwand"))).to_have_value("1.200")
