"""Demo data (facts only, idempotent), municipality page sections, start-page figures."""

import io

import pytest
from django.core.management import call_command

from members.models import Municipality
from projects.models import Adoption, Project, Topic
from tests.projects.factories import AdoptionFactory, ParticipationFactory, ProjectFactory

pytestmark = pytest.mark.django_db

MARKT_DER_PROJEKTE = {
    "Smarte Lichtmasten",
    "Digitale Dörfer",
    "E-Scooter",
    "VR-Time-Travel",
    "Ausweisterminal",
    "Bürgerportal Cochem-Zell",
    "Digitalisierung Rechnungswesen",
    "Westpfalz-Wiki",
    "MoGII – Mobiles Glasfasernetz",
    "Digitale Kita",
    "epicsave – Simulation von Notfalleinsätzen",
    "Social Wall",
    "Kitaportal",
    "Park-Apps",
}


def test_demo_loads_topics_and_the_2019_market_projects(demo):
    assert set(Topic.objects.values_list("name", flat=True)) == {
        "Verwaltungsorganisation",
        "Bürgerservice",
        "Öffentliche Sicherheit",
        "Mobilität",
        "Bildung & Kita",
        "Kreativwirtschaft",
        "Online-Handel",
        "Infrastruktur & Netze",
        "Tourismus & Kultur",
    }
    market = Project.objects.published().exclude(slug__startswith="beispiel-")
    assert set(market.values_list("title", flat=True)) == MARKT_DER_PROJEKTE


def test_demo_invents_nothing(demo):
    for project in Project.objects.exclude(slug__startswith="beispiel-"):
        # No costs, dates, effort or contacts: the sources give none.
        assert project.investment_cost is None and project.running_cost_per_year is None
        assert project.start_date is None and project.end_date is None
        assert project.effort_person_days is None
        assert not (project.contact_name or project.contact_email or project.contact_phone)
        assert "14. Mai 2019" in project.description
    # Lead cities only where the press release names them; elsewhere an example.
    named = {p.slug: p.lead_municipality.slug for p in Project.objects.filter(is_example=False)}
    # The reuse demo (issue 13): examples through and through, "Beispiel" in every title.
    reuse_examples = Project.objects.filter(slug__startswith="beispiel-")
    assert all(p.is_example and p.title.startswith("Beispiel") for p in reuse_examples)
    assert named == {
        "buergerportal-cochem-zell": "landkreis-cochem-zell",
        "digitalisierung-rechnungswesen-meisenheim": "meisenheim",
    }
    assert Project.objects.filter(is_example=True).count() == 12 + 3
    assert not Adoption.objects.filter(is_example=False).exists()
    assert Adoption.objects.count() == 3 + 2


def test_demo_gives_the_newcomers_their_focus_topics(demo):
    focus = set(
        Municipality.objects.get(slug="bad-kreuznach").focus_topics.values_list("name", flat=True)
    )
    assert focus == {"Verwaltungsorganisation", "Kreativwirtschaft", "Online-Handel"}


def test_demo_is_idempotent(demo, settings):
    before = (Project.objects.count(), Topic.objects.count(), Adoption.objects.count())
    call_command("load_demo", stdout=io.StringIO())
    assert (Project.objects.count(), Topic.objects.count(), Adoption.objects.count()) == before


def test_start_page_shows_project_and_adoption_counts(demo, client):
    page = client.get("/").content.decode()
    assert "Projekte im Katalog" in page
    assert "Nachnutzungen" in page
    figures = {f["label"]: f["value"] for f in client.get("/").context["figures"]}
    assert figures["Projekte im Katalog"] == 14 + 3  # the market and the reuse examples
    assert figures["Nachnutzungen"] == 3 + 2


def test_municipality_page_lists_led_partnered_and_reused_projects(speyer, landau, client):
    led = ProjectFactory(title="Bürger-App Speyer", lead_municipality=speyer)
    ProjectFactory(title="Interner Entwurf", lead_municipality=speyer, state=Project.State.DRAFT)
    partnered = ProjectFactory(title="Gemeinsame Plattform", lead_municipality=landau)
    ParticipationFactory(project=partnered, municipality=speyer)
    reused = ProjectFactory(title="Kitaportal Landau", lead_municipality=landau)
    AdoptionFactory(project=reused, municipality=speyer, status="in_umsetzung")
    page = client.get("/kommunen/speyer/").content.decode()
    for title in (led.title, partnered.title, reused.title):
        assert title in page
    assert "In Umsetzung" in page
    assert "Interner Entwurf" not in page


def test_municipality_page_shows_own_drafts_to_own_staff(speyer, speyer_staff, client):
    ProjectFactory(title="Interner Entwurf", lead_municipality=speyer, state=Project.State.DRAFT)
    client.force_login(speyer_staff)
    assert "Interner Entwurf" in client.get("/kommunen/speyer/").content.decode()


def test_demo_shows_reuse_as_marked_examples(demo, client):
    from projects.lineage import lineage_of
    from projects.models import Answer, ExperienceReport, Question
    from projects.readiness import is_ready

    original = Project.objects.get(slug="beispiel-maengelmelder-speyer")
    kinds = set(original.documents.values_list("kind", flat=True))
    assert is_ready(original, kinds)
    assert ExperienceReport.objects.count() == 2
    assert not ExperienceReport.objects.filter(is_example=False).exists()
    question = Question.objects.get(project=original)
    assert question.is_example and "Beispieldatensatz" in question.body
    assert Answer.objects.get(question=question).municipality.slug == "speyer"
    lineage = lineage_of(original, None)
    assert lineage is not None and lineage.generations == 3
    assert [node.municipality for node in lineage.nodes] == [
        "Speyer",
        "Landau in der Pfalz",
        "Trier",
    ]
    page = client.get("/").content.decode()
    # 48,000 − 9,500 and 9,500 − 4,000 avoided.
    assert "44.000,00\xa0€" in page and "laut 2 Erfahrungsberichten" in page
