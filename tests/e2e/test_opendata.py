"""Open data in the browser: the page and the publiccode.yml import pass axe."""

from tests.e2e.conftest import login

PUBLICCODE = """\
publiccodeYmlVersion: "0.5"
name: Mängelmelder
url: https://gitlab.opencode.de/landau/maengelmelder
developmentStatus: beta
description:
  de:
    shortDescription: Schäden im Stadtgebiet melden.
legal:
  license: EUPL-1.2
maintenance:
  type: internal
"""


def test_the_open_data_page_passes_axe(page, demo_network, assert_accessible):
    page.goto("/")
    page.get_by_role("link", name="Offene Daten").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Offene Daten"
    assert page.get_by_role("link", name="Herunterladen als CSV").first.is_visible()
    assert_accessible(page)


def test_a_pasted_publiccode_yml_prefills_the_project_form(page, demo_network, assert_accessible):
    login(page, "landau@demo.ikone-rlp.de")
    page.goto("/projekte/neu/")
    page.get_by_text("Angaben aus einer publiccode.yml übernehmen").click()
    page.get_by_label("… oder den Inhalt hier einfügen").fill(PUBLICCODE)
    page.get_by_role("button", name="Angaben übernehmen").click()
    assert page.get_by_label("Titel").input_value() == "Mängelmelder"
    assert page.get_by_label("Lizenz").input_value() == "EUPL-1.2"
    assert page.get_by_role("status").filter(has_text="publiccode.yml übernommen").is_visible()
    assert_accessible(page)
    page.get_by_label("… oder den Inhalt hier einfügen").fill("a: &a [*a]")
    page.get_by_role("button", name="Angaben übernehmen").click()
    assert (
        "verweist mit einem Alias auf sich selbst" in page.get_by_role("alert").first.inner_text()
    )
    assert_accessible(page)
