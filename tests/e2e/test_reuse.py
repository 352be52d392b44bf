"""Issue 13 in Chromium, keyboard only, axe finding nothing: Landau asks a
question, Speyer answers it, Landau writes an experience report."""

import re

from playwright.sync_api import expect

from members.models import Municipality
from projects.models import Adoption, Answer, ExperienceReport, Project, Question

PROJECT = "/projekte/beispiel-maengelmelder-speyer/"


def tab_to(page, selector: str, limit: int = 400) -> None:
    """Press Tab until the element matching ``selector`` has the focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement?.matches(s) ?? false", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def login_by_keyboard(page, email: str) -> None:
    page.context.clear_cookies()
    page.goto("/konto/anmelden/")
    tab_to(page, f"#{page.get_by_label('E-Mail-Adresse').get_attribute('id')}")
    page.keyboard.type(email)
    tab_to(page, f"#{page.get_by_label('Passwort').get_attribute('id')}")
    page.keyboard.type("demo-ikone-2019")
    page.keyboard.press("Enter")
    page.wait_for_url("**/konto/")


def test_ask_as_landau_answer_as_speyer_report_as_landau(page, demo_network, assert_accessible):
    login_by_keyboard(page, "landau@demo.ikone-rlp.de")
    page.goto(PROJECT)
    assert_accessible(page)
    tab_to(page, "#id_question-body")
    page.keyboard.type("Läuft der Mängelmelder auch auf dem Smartphone?")
    tab_to(page, 'form[action$="/fragen/"] button[type="submit"]')
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"#frage-\d+$"))
    expect(page.get_by_role("status").first).to_contain_text("Ihre Frage wurde veröffentlicht.")
    assert_accessible(page)
    question = Question.objects.get(body__startswith="Läuft der Mängelmelder")
    assert question.municipality.slug == "landau"

    login_by_keyboard(page, "speyer@demo.ikone-rlp.de")
    page.goto(PROJECT)
    assert_accessible(page)
    tab_to(page, f"#id_answer-{question.pk}-body")
    page.keyboard.type("Ja, als Web-App auf jedem Smartphone.")
    tab_to(page, f'form[action$="/fragen/{question.pk}/antworten/"] button[type="submit"]')
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(rf"#frage-{question.pk}$"))
    expect(page.locator(f"#frage-{question.pk}")).to_contain_text("Ja, als Web-App")
    assert_accessible(page)
    assert Answer.objects.get(question=question).municipality.slug == "speyer"

    # Landau runs another project in operation and reports on it.
    terminal = Project.objects.get(slug="ausweisterminal")
    Adoption.objects.create(
        project=terminal,
        municipality=Municipality.objects.get(slug="landau"),
        status=Adoption.Status.OPERATING,
        is_example=True,
    )
    login_by_keyboard(page, "landau@demo.ikone-rlp.de")
    page.goto(terminal.get_absolute_url())
    tab_to(page, 'a[href$="/erfahrungsbericht/"]')
    page.keyboard.press("Enter")
    page.wait_for_url("**/erfahrungsbericht/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Erfahrungsbericht")
    assert_accessible(page)
    tab_to(page, "#id_recommendation")
    page.keyboard.press("ArrowDown")  # "Ja"
    for selector, value in (
        ("#id_effort_person_days", "12"),
        ("#id_duration_months", "4"),
        ("#id_investment_cost", "2500,50"),
        ("#id_running_cost_per_year", "600"),
        ("#id_adaptations", "Nur das Logo."),
        ("#id_text", "Schnell eingeführt."),
    ):
        tab_to(page, selector)
        page.keyboard.type(value)
    tab_to(page, 'main form button[type="submit"]')
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"#erfahrungsberichte$"))
    expect(page.get_by_role("status").first).to_contain_text("Erfahrungsbericht wurde gespeichert")
    expect(page.locator("#erfahrungsberichte")).to_contain_text("Schnell eingeführt.")
    assert_accessible(page)
    report = ExperienceReport.objects.get(adoption__project=terminal)
    assert (report.recommendation, str(report.investment_cost)) == ("ja", "2500.50")
