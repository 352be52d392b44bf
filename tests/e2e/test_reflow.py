"""Issue 16.3: every portal page reflows at 375 CSS pixels (WCAG 1.4.10) for
each role that sees it, and passes axe there; table headers do not break
inside a word at 1280; on a phone a project's key facts come before the
reuse form."""

from decimal import Decimal

import pytest

from events import services as event_services
from events.models import Event, Registration
from funding.models import Grant, ReportingObligation
from members.models import Municipality, User
from projects.models import Project
from tests.e2e.conftest import WCAG_21_AA, login
from tests.projects.factories import ProjectFactory

PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 900}
FIRST_MEETING = "interkommunaler-austausch-digitalisierung-2019"
EXAMPLE_MEETING = "beispiel-workshop-nachnutzung"
SPEYER_PROJECT = "digitale-bauakte-speyer"

# What sticks out of the viewport, outside any container that scrolls on its own.
OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  if (document.documentElement.scrollWidth <= width) return [];
  const scrolls = (el) => {
    for (let node = el.parentElement; node; node = node.parentElement) {
      const style = getComputedStyle(node);
      if (["auto", "scroll", "hidden"].includes(style.overflowX)) return true;
    }
    return false;
  };
  const culprits = [];
  for (const el of document.body.querySelectorAll("*")) {
    const box = el.getBoundingClientRect();
    if (box.right > width + 1 && box.width > 0 && !scrolls(el)) {
      culprits.push(`${el.tagName.toLowerCase()}.${el.className} (${Math.round(box.right)} px)`);
    }
  }
  return [`page ${document.documentElement.scrollWidth} px wide`, ...culprits.slice(0, 5)];
}"""

# Table headers whose words are split over two lines.
BROKEN_HEADERS = """() => {
  const broken = [];
  for (const th of document.querySelectorAll("th")) {
    const walker = document.createTreeWalker(th, NodeFilter.SHOW_TEXT);
    for (let text = walker.nextNode(); text; text = walker.nextNode()) {
      const re = /\\S+/g;
      let match;
      while ((match = re.exec(text.data))) {
        const range = document.createRange();
        range.setStart(text, match.index);
        range.setEnd(text, match.index + match[0].length);
        const lines = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
        if (lines.size > 1) broken.push(match[0]);
      }
    }
  }
  return broken;
}"""


def _pages_for(role: str) -> list[str]:
    """Every portal page ``role`` uses (the admin and the API docs are issue 16's other half)."""
    published = Project.objects.filter(state=Project.State.PUBLISHED).order_by("pk")
    speyer_project = Project.objects.get(slug=SPEYER_PROJECT)
    other_project = published.exclude(lead_municipality__slug="speyer").first()
    common = [
        "/",
        "/projekte/",
        "/projekte/?q=Kita&phase=betrieb",
        f"/projekte/{other_project.slug}/",
        "/kommunen/",
        "/kommunen/speyer/",
        "/kommunen/kl-digital/",
        "/termine/",
        f"/termine/{FIRST_MEETING}/",
        f"/termine/{EXAMPLE_MEETING}/",
        "/impressum/",
        "/datenschutz/",
        "/barrierefreiheit/",
        "/kommunen/gibt-es-nicht/",
    ]
    if role == "public":
        return [*common, "/konto/anmelden/", "/konto/passwort-vergessen/"]
    pages = [*common, "/konto/", "/konto/passwort/", "/foerderung/"]
    grants = Grant.objects.order_by("pk")
    if role == "staff":
        grant = grants.filter(municipality__slug="speyer").first()
        obligation = ReportingObligation.objects.filter(
            grant__municipality__slug="speyer", submitted_on__isnull=True
        ).first()
        pages += [
            f"/projekte/{speyer_project.slug}/",
            f"/projekte/{speyer_project.slug}/bearbeiten/",
            f"/projekte/{speyer_project.slug}/dokumente/neu/",
            "/projekte/neu/",
            f"/foerderung/bescheide/{grant.pk}/",
            f"/termine/{EXAMPLE_MEETING}/stornieren/",
        ]
        if obligation is not None:
            pages.append(f"/foerderung/nachweise/{obligation.pk}/")
    if role == "coordinator":
        registration = Registration.objects.filter(event__slug=EXAMPLE_MEETING).first()
        pages += [
            f"/foerderung/bescheide/{grants.first().pk}/",
            "/foerderung/?year=2019",
            f"/termine/{EXAMPLE_MEETING}/anmeldungen/{registration.pk}/stornieren/",
        ]
    if role == "ministry":
        pages.append(f"/foerderung/bescheide/{grants.first().pk}/")
    return pages


ROLES = {
    "public": None,
    "staff": "speyer@demo.ikone-rlp.de",
    "coordinator": "koordination@demo.ikone-rlp.de",
    "ministry": "ministerium@demo.ikone-rlp.de",
}


def _register_speyer_for_the_example_meeting() -> None:
    """And a project of Speyer's own (the demo has none) to edit."""
    ProjectFactory(
        title="Digitale Bauakte mit einem sehr langen Titel für schmale Bildschirme",
        slug=SPEYER_PROJECT,
        lead_municipality=Municipality.objects.get(slug="speyer"),
        state=Project.State.DRAFT,
        published_at=None,
        description=(
            "Bauanträge **digital**.\n\n| Schritt | Dauer |\n| --- | --- |\n| Antrag | 1 Tag |"
        ),
        investment_cost=Decimal("12500.00"),
        effort_person_days=1200,
    )
    event = Event.objects.get(slug=EXAMPLE_MEETING)
    user = User.objects.get(email="speyer@demo.ikone-rlp.de")
    event_services.registration_create(event=event, user=user, actor=user)


@pytest.mark.parametrize("role", list(ROLES))
def test_every_page_reflows_at_375_pixels_and_passes_axe(page, demo_network, axe, role):
    _register_speyer_for_the_example_meeting()
    page.set_viewport_size(PHONE)
    if ROLES[role]:
        login(page, ROLES[role])
    failures = []
    for path in _pages_for(role):
        page.goto(path)
        if overflow := page.evaluate(OVERFLOW):
            failures.append(f"{path}: {'; '.join(overflow)}")
        results = axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_21_AA}})
        for violation in results.response["violations"]:
            failures.append(f"{path}: axe {violation['id']}")
    assert not failures, "\n".join(failures)


def test_failed_form_reflows_at_375_pixels(page, demo_network):
    page.set_viewport_size(PHONE)
    login(page, "speyer@demo.ikone-rlp.de")
    page.goto("/projekte/neu/")
    page.get_by_role("button", name="Speichern und zur Prüfung einreichen").click()
    page.wait_for_load_state()
    assert page.locator("[data-error-summary]").is_visible()
    assert page.evaluate(OVERFLOW) == []


@pytest.mark.parametrize("role", ["coordinator", "staff", "ministry"])
def test_table_headers_do_not_break_inside_words_at_1280(page, demo_network, role):
    _register_speyer_for_the_example_meeting()
    page.set_viewport_size(DESKTOP)
    login(page, ROLES[role])
    broken = {}
    for path in _pages_for(role):
        page.goto(path)
        if words := page.evaluate(BROKEN_HEADERS):
            broken[path] = words
    assert not broken


def test_key_facts_come_before_the_reuse_form_on_a_phone(page, demo_network):
    page.set_viewport_size(PHONE)
    login(page, "landau@demo.ikone-rlp.de")
    page.goto("/projekte/smarte-lichtmasten/")
    facts = page.get_by_role("heading", name="Eckdaten").bounding_box()
    reuse = page.get_by_role("heading", name="Wir nutzen das nach").bounding_box()
    assert facts["y"] < reuse["y"]
    page.set_viewport_size(DESKTOP)
    facts = page.get_by_role("heading", name="Eckdaten").bounding_box()
    description = page.get_by_role("heading", name="Beschreibung").bounding_box()
    assert facts["x"] > description["x"]  # beside the description on a wide screen
