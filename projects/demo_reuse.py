"""Demo of reuse (issue 13): every record here is an example, marked as such.

The press releases say nothing about costs, reports or who reused what, so
none of this is a fact about a real city: the projects carry "Beispiel" in
their title and ``is_example``, the reports, questions and answers say so in
their text. It shows a project that is nachnutzungsbereit with its documents,
a question with an answer, two experience reports, a lineage over three
cities (Speyer → Landau → Trier) and the savings derived from them. Keyed on
slugs and texts: a second run changes nothing.
"""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.core.files.base import ContentFile

from members.demo import upsert
from members.models import Municipality, User
from projects.markup import render_markdown
from projects.models import (
    Adoption,
    Answer,
    ExperienceReport,
    Project,
    ProjectDocument,
    Question,
    Topic,
)

PUBLISHED = datetime(2024, 1, 10, 9, 0, tzinfo=ZoneInfo("Europe/Berlin"))
MARK = "Beispieldatensatz – nicht aus den Quellen."
# A one-page PDF, enough for a download.
_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)

# slug, title, lead, investment, running, effort
PROJECTS = [
    (
        "beispiel-maengelmelder-speyer",
        "Beispiel: Mängelmelder",
        "speyer",
        "48000.00",
        "3600.00",
        120,
    ),
    (
        "beispiel-maengelmelder-landau",
        "Beispiel: Mängelmelder (nachgenutzt)",
        "landau",
        "9500.00",
        "2400.00",
        30,
    ),
    (
        "beispiel-maengelmelder-trier",
        "Beispiel: Mängelmelder (dritte Generation)",
        "trier",
        "4000.00",
        "1800.00",
        12,
    ),
]
# (adopted project, adopting city, resulting project, report figures)
LINEAGE = [
    (
        "beispiel-maengelmelder-speyer",
        "landau",
        "beispiel-maengelmelder-landau",
        {
            "effort_person_days": 30,
            "investment_cost": Decimal("9500.00"),
            "running_cost_per_year": Decimal("2400.00"),
            "duration_months": 5,
            "recommendation": "ja",
        },
    ),
    (
        "beispiel-maengelmelder-landau",
        "trier",
        "beispiel-maengelmelder-trier",
        {
            "effort_person_days": 12,
            "investment_cost": Decimal("4000.00"),
            "running_cost_per_year": Decimal("1800.00"),
            "duration_months": 3,
            "recommendation": "eingeschraenkt",
        },
    ),
]
DOCUMENTS = [
    ("Beispiel: Leistungsbeschreibung", ProjectDocument.Kind.TENDER),
    ("Beispiel: Betriebshandbuch", ProjectDocument.Kind.OPERATIONS),
]
QUESTION = (
    "Beispielfrage: Wie viel Aufwand war die Anbindung an das Ticketsystem der Verwaltung? "
    f"({MARK})"
)
ANSWER = (
    "Beispielantwort: Etwa zehn Personentage; die Schnittstelle ist im Betriebshandbuch "
    f"beschrieben. ({MARK})"
)


def _description(lead: str) -> str:
    return (
        f"Ein **Beispielprojekt**, das zeigt, wie Nachnutzung sichtbar wird. {MARK}\n\n"
        f"Federführend im Beispiel: {lead}. Kosten, Aufwand und Erfahrungen sind erfunden."
    )


def load(command) -> None:
    cities = {
        m.slug: m for m in Municipality.objects.filter(slug__in=["speyer", "landau", "trier"])
    }
    if len(cities) < 3:
        return
    topic = Topic.objects.filter(slug="buergerservice").first()
    projects = {}
    for slug, title, lead, investment, running, effort in PROJECTS:
        description = _description(cities[lead].name)
        projects[slug], _created = upsert(
            Project,
            {"slug": slug},
            {
                "title": title,
                "summary": f"Schäden im Stadtgebiet online melden, etwa Schlaglöcher. {MARK}",
                "description": description,
                "description_html": render_markdown(description),
                "lead_municipality": cities[lead],
                "phase": Project.Phase.OPERATION,
                "state": Project.State.PUBLISHED,
                "published_at": PUBLISHED,
                "is_reusable": True,
                "is_example": True,
                "licence": "EUPL-1.2",
                "contact_name": "Beispiel-Ansprechperson",
                "contact_email": "beispiel@demo.ikone-rlp.de",
                "investment_cost": Decimal(investment),
                "running_cost_per_year": Decimal(running),
                "effort_person_days": effort,
            },
        )
        if topic is not None:
            projects[slug].topics.set([topic])
    original = projects["beispiel-maengelmelder-speyer"]
    for title, kind in DOCUMENTS:
        if not ProjectDocument.objects.filter(project=original, title=title).exists():
            ProjectDocument.objects.create(
                project=original,
                title=title,
                kind=kind,
                file=ContentFile(_PDF, name="beispiel.pdf"),
                original_name="beispiel.pdf",
                content_type="application/pdf",
                size=len(_PDF),
            )
    for adopted, city, resulting, figures in LINEAGE:
        adoption, _created = upsert(
            Adoption,
            {"project": projects[adopted], "municipality": cities[city]},
            {
                "status": Adoption.Status.OPERATING,
                "started_on": date(2024, 1, 15),
                "completed_on": date(2024, 6, 1),
                "note": MARK,
                "is_example": True,
                "resulting_project": projects[resulting],
            },
        )
        upsert(
            ExperienceReport,
            {"adoption": adoption},
            {
                **figures,
                "adaptations": f"Logo, Kategorien und Texte angepasst. {MARK}",
                "text": f"Die Übernahme ging schneller als eine Eigenentwicklung. {MARK}",
                "is_example": True,
            },
        )
    asker = User.objects.filter(email="landau@demo.ikone-rlp.de").first()
    answerer = User.objects.filter(email="speyer@demo.ikone-rlp.de").first()
    question, _created = upsert(
        Question,
        {"project": original, "body": QUESTION},
        {
            "body_html": render_markdown(QUESTION),
            "author": asker,
            "municipality": cities["landau"],
            "is_example": True,
        },
    )
    upsert(
        Answer,
        {"question": question, "body": ANSWER},
        {
            "body_html": render_markdown(ANSWER),
            "author": answerer,
            "municipality": cities["speyer"],
            "is_example": True,
        },
    )
    command.stdout.write(
        f"projects: {len(PROJECTS)} Beispielprojekte zur Nachnutzung, "
        f"{ExperienceReport.objects.count()} Erfahrungsberichte"
    )
