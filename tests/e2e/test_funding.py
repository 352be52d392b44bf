"""Funding pages in a real browser, checked with axe."""

import re

from funding.models import ReportingObligation
from tests.e2e.conftest import login

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_speyer_staff_sees_only_speyer_and_submits_a_proof(
    page, demo_network, assert_accessible, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    login(page, "speyer@demo.ikone-rlp.de")
    page.get_by_role("navigation", name="Hauptnavigation").get_by_role(
        "link", name="Förderung"
    ).click()
    page.wait_for_url("**/foerderung/")
    assert_accessible(page)
    grants = page.locator(".ikone-grant")
    assert grants.count() == 1
    text = grants.first.inner_text()
    assert "60.750,00\u00a0€" in text
    assert "Überfällig" in text
    content = page.content()
    for other in ("Andernach", "Zweibrücken", "Wörth am Rhein", "708.000", "2.870.000"):
        assert other not in content

    page.get_by_role(
        "link", name=re.compile(r"Verwendungsnachweis \(fällig .*\) einreichen")
    ).click()
    page.wait_for_url("**/einreichen/")
    assert_accessible(page)
    page.get_by_label("Nachweisdokument").set_input_files(
        files=[{"name": "verwendungsnachweis.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    page.get_by_role("button", name="Als eingereicht vermerken").click()
    page.wait_for_url(re.compile(r".*/foerderung/bescheide/\d+/$"))
    assert page.get_by_role("status").filter(has_text="als eingereicht vermerkt").is_visible()
    assert_accessible(page)

    with page.expect_download() as download:
        page.get_by_role("link", name="Dokument zum Verwendungsnachweis herunterladen").click()
    assert download.value.suggested_filename == "verwendungsnachweis.pdf"
    with open(download.value.path(), "rb") as handle:
        assert handle.read() == PDF
    obligation = ReportingObligation.objects.get(grant__municipality__slug="speyer")
    assert obligation.is_submitted


def test_ministry_overview_with_chart_and_table(page, demo_network, assert_accessible):
    login(page, "ministerium@demo.ikone-rlp.de")
    page.goto("/foerderung/")
    assert_accessible(page)
    chart = page.get_by_role(
        "img", name=re.compile("Balkendiagramm: Förderung nach Förderprogramm")
    )
    assert chart.is_visible()
    table = page.get_by_role("table", name="Förderung nach Förderprogramm (Tabelle)")
    assert "3.821.000,00\u00a0€" in table.inner_text()
    page.get_by_label("Kommune").fill("Kaiserslautern")
    page.get_by_role("button", name="Filtern").click()
    page.wait_for_url("**municipality=Kaiserslautern**")
    assert "2 Förderbescheide" in page.content()
    assert_accessible(page)
    page.get_by_role("link", name="Kaiserslautern – 3. Projektphase").click()
    page.wait_for_url(re.compile(r".*/foerderung/bescheide/\d+/$"))
    assert_accessible(page)
