"""Browser tests of the project catalogue: search, submit with hint, publish, reuse."""

import re

from playwright.sync_api import expect

from members.models import Municipality
from projects.models import Project
from tests.e2e.conftest import login


def test_search_lichtmast_and_open_the_result(page, demo_network, assert_accessible):
    page.goto("/projekte/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Projektkatalog")
    assert_accessible(page)
    page.get_by_label(re.compile(r"^Suche")).fill("Lichtmast")
    # htmx swaps the results and keeps the search in the URL.
    page.wait_for_url(re.compile(r"q=Lichtmast"))
    results = page.locator("#project-results article")
    expect(results).to_have_count(1)
    expect(page.locator("#project-results")).to_contain_text("1 Projekt gefunden")
    assert_accessible(page)
    results.first.get_by_role("link", name="Smarte Lichtmasten").click()
    page.wait_for_url("**/projekte/smarte-lichtmasten/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Smarte Lichtmasten")
    assert_accessible(page)


def test_search_state_survives_a_reload(page, demo_network):
    page.goto("/projekte/?q=Kita&sort=title")
    expect(page.get_by_label(re.compile(r"^Suche"))).to_have_value("Kita")
    expect(page.locator("#project-results article")).to_have_count(2)


def test_landau_submits_with_hint_and_coordinator_publishes(page, demo_network, assert_accessible):
    login(page, "landau@demo.ikone-rlp.de")
    page.goto("/projekte/neu/")
    assert_accessible(page)
    page.get_by_label("Titel", exact=True).fill("Intelligente Lichtmasten für Innenstädte")
    hint = page.locator("#similar-projects")
    expect(hint).to_contain_text("Ähnliche Projekte gibt es schon")
    expect(hint.get_by_role("link", name=re.compile("Smarte Lichtmasten"))).to_be_visible()
    expect(hint).to_contain_text("nachnutzen statt neu entwickeln?")
    assert_accessible(page)
    page.get_by_label("Kurzbeschreibung").fill(
        "LED-Straßenlaternen mit Sensoren in der Innenstadt."
    )
    page.get_by_label("Phase").select_option(label="Planung")
    page.get_by_role("button", name="Speichern und zur Prüfung einreichen").click()
    page.wait_for_url("**/projekte/intelligente-lichtmasten-fuer-innenstaedte/")
    expect(page.get_by_role("status").first).to_contain_text("zur Prüfung eingereicht")
    assert_accessible(page)
    project = Project.objects.get(slug="intelligente-lichtmasten-fuer-innenstaedte")
    assert project.state == Project.State.SUBMITTED
    assert project.lead_municipality.slug == "landau"

    page.goto("/konto/")
    page.get_by_role("button", name="Abmelden", exact=True).click()
    login(page, "koordination@demo.ikone-rlp.de")
    queue = page.get_by_role("region", name="Zur Prüfung eingereicht")
    queue.get_by_role("link", name="Intelligente Lichtmasten für Innenstädte").click()
    page.wait_for_url("**/projekte/intelligente-lichtmasten-fuer-innenstaedte/")
    assert_accessible(page)
    page.get_by_role("button", name="Veröffentlichen").click()
    expect(page.get_by_role("status").first).to_contain_text("Das Projekt ist veröffentlicht.")
    assert_accessible(page)
    project.refresh_from_db()
    assert project.state == Project.State.PUBLISHED

    page.goto("/projekte/?q=Innenstadt")
    expect(page.locator("#project-results")).to_contain_text(
        "Intelligente Lichtmasten für Innenstädte"
    )


def test_landau_declares_reuse_of_a_speyer_project(page, demo_network, assert_accessible):
    Project.objects.create(
        title="Digitaler Bauantrag",
        slug="digitaler-bauantrag",
        summary="Bauanträge online stellen und verfolgen.",
        lead_municipality=Municipality.objects.get(slug="speyer"),
        phase=Project.Phase.OPERATION,
        state=Project.State.PUBLISHED,
        contact_name="Bauamt Speyer",
        contact_email="bauamt@speyer.example",
    )
    login(page, "landau@demo.ikone-rlp.de")
    page.goto("/projekte/digitaler-bauantrag/")
    expect(page.get_by_text("bauamt@speyer.example")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Wir nutzen das nach").click()
    expect(page.get_by_role("status").first).to_contain_text("Die Nachnutzung wurde eingetragen.")
    adoptions = page.get_by_role("table", name="Kommunen, die dieses Projekt nachnutzen")
    expect(adoptions).to_contain_text("Landau in der Pfalz")
    expect(adoptions).to_contain_text("Interessiert")
    assert_accessible(page)
    page.get_by_label("Stand").select_option(label="In Prüfung")
    page.get_by_role("button", name="Stand aktualisieren").click()
    expect(page.get_by_role("status").first).to_contain_text("aktualisiert")
    expect(adoptions).to_contain_text("In Prüfung")
    assert_accessible(page)

    page.goto("/kommunen/landau/")
    expect(page.get_by_role("region", name="Projekte")).to_contain_text("Digitaler Bauantrag")
    assert_accessible(page)
