"""Demo projects: the topics and the 2019 *Markt der Projekte* (docs/architecture.md).

Only what the press releases say: the first network meeting on 14 May 2019 in
the Fraunhofer-Zentrum Kaiserslautern presented these projects. Where a source
names the municipality behind a project (Bürgerportal Cochem-Zell, Rechnungs-
wesen aus Meisenheim) it leads the record; elsewhere the sources are silent,
so the organiser of the market (KL.digital GmbH) stands in and the record is
marked ``is_example``. Costs, dates, contacts stay empty. The few adoptions are
examples, marked as such. Everything is keyed on slugs: a second run changes
nothing.
"""

from datetime import datetime
from zoneinfo import ZoneInfo

from members.demo import upsert
from members.models import Municipality
from projects import demo_reuse, follow_demo
from projects.markup import render_markdown
from projects.models import Adoption, Project, Topic

MARKET_DAY = datetime(2019, 5, 14, 9, 0, tzinfo=ZoneInfo("Europe/Berlin"))
SOURCE = (
    "Vorgestellt beim „Markt der Projekte“ des ersten Netzwerktreffens "
    "„Interkommunaler Austausch – Digitalisierung“ am 14. Mai 2019 im "
    "Fraunhofer-Zentrum Kaiserslautern (Pressemitteilung der KL.digital GmbH vom 14.05.2019)."
)
PROVEN = (
    "In den Vorträgen des Treffens als bewährtes Beispiel aus den Kommunen vorgestellt "
    "(Pressemitteilung der KL.digital GmbH vom 14.05.2019)."
)
PROVEN_SUMMARY = (
    "Bewährtes Beispiel aus den Kommunen, vorgestellt beim ersten Netzwerktreffen am 14. Mai 2019."
)
MARKET_SUMMARY = "Vorgestellt beim Markt der Projekte des ersten Netzwerktreffens am 14. Mai 2019."
PLACEHOLDER_LEAD = (
    "Die Quellen nennen keine federführende Kommune; eingetragen ist ersatzweise die "
    "KL.digital GmbH als Veranstalterin des Markts der Projekte (Beispieldatensatz)."
)

# name, slug, English name
TOPICS = [
    ("Verwaltungsorganisation", "verwaltungsorganisation", "Administrative organisation"),
    ("Bürgerservice", "buergerservice", "Citizen services"),
    ("Öffentliche Sicherheit", "oeffentliche-sicherheit", "Public safety"),
    ("Mobilität", "mobilitaet", "Mobility"),
    ("Bildung & Kita", "bildung-kita", "Education & childcare"),
    ("Kreativwirtschaft", "kreativwirtschaft", "Creative industries"),
    ("Online-Handel", "online-handel", "Online retail"),
    ("Infrastruktur & Netze", "infrastruktur-netze", "Infrastructure & networks"),
    ("Tourismus & Kultur", "tourismus-kultur", "Tourism & culture"),
]
# "Themenschwerpunkte der drei neu hinzukommenden Städte werden die Bereiche
# Verwaltungsorganisation, Kreativwirtschaft und Online-Handel sein" (Dec 2019);
# the sources name two of the three newcomers.
NEWCOMER_FOCUS = ["verwaltungsorganisation", "kreativwirtschaft", "online-handel"]
NEWCOMERS = ["bad-kreuznach", "katzenelnbogen"]

# Municipalities named as the origin of a project but not members of the network.
PRESENTERS = [
    {
        "slug": "landkreis-cochem-zell",
        "name": "Landkreis Cochem-Zell",
        "official_name": "Landkreis Cochem-Zell",
        "kind": Municipality.Kind.DISTRICT,
        "description": "Stellte beim ersten Netzwerktreffen am 14. Mai 2019 das "
        "Bürgerportal Cochem-Zell vor.",
        "is_example": False,
    },
    {
        "slug": "meisenheim",
        "name": "Meisenheim",
        "official_name": "",
        # The press release says only "aus Meisenheim": town or Verbandsgemeinde
        # is not stated, so the kind is a placeholder.
        "kind": Municipality.Kind.ORGANISATION,
        "description": "Stellte beim ersten Netzwerktreffen am 14. Mai 2019 die "
        "Digitalisierung des Rechnungswesens vor. Art der Körperschaft in der Quelle "
        "nicht genannt.",
        "is_example": True,
    },
]

# slug, title, lead slug (None: placeholder), phase, topics, extra sentence
PROJECTS = [
    ("smarte-lichtmasten", "Smarte Lichtmasten", None, "", ["infrastruktur-netze"], ""),
    ("digitale-doerfer", "Digitale Dörfer", None, "betrieb", [], PROVEN),
    (
        "e-scooter",
        "E-Scooter",
        None,
        "",
        ["mobilitaet"],
        "Ein Parcours lud ein, praktische Erfahrungen mit dem neuen Gerätetyp zu sammeln, "
        "der wahrscheinlich ab dem 1. Juli 2019 auf den Straßen des Landes rollen sollte.",
    ),
    ("vr-time-travel", "VR-Time-Travel", None, "", ["tourismus-kultur"], ""),
    ("ausweisterminal", "Ausweisterminal", None, "", ["buergerservice"], ""),
    (
        "buergerportal-cochem-zell",
        "Bürgerportal Cochem-Zell",
        "landkreis-cochem-zell",
        "betrieb",
        ["buergerservice"],
        PROVEN,
    ),
    (
        "digitalisierung-rechnungswesen-meisenheim",
        "Digitalisierung Rechnungswesen",
        "meisenheim",
        "betrieb",
        ["verwaltungsorganisation"],
        PROVEN,
    ),
    ("westpfalz-wiki", "Westpfalz-Wiki", None, "betrieb", [], PROVEN),
    (
        "mogii-mobiles-glasfasernetz",
        "MoGII – Mobiles Glasfasernetz",
        None,
        "",
        ["infrastruktur-netze", "oeffentliche-sicherheit"],
        "MoGII bietet Behörden Bandbreite bei der Sicherung großer Veranstaltungen.",
    ),
    ("digitale-kita", "Digitale Kita", None, "", ["bildung-kita"], ""),
    (
        "epicsave",
        "epicsave – Simulation von Notfalleinsätzen",
        None,
        "",
        ["oeffentliche-sicherheit"],
        "",
    ),
    ("social-wall", "Social Wall", None, "", [], ""),
    ("kitaportal", "Kitaportal", None, "", ["bildung-kita"], ""),
    ("park-apps", "Park-Apps", None, "", ["mobilitaet"], ""),
]

# Example adoptions between demo cities (not from the sources).
ADOPTIONS = [
    ("kitaportal", "speyer", Adoption.Status.INTERESTED),
    ("ausweisterminal", "zweibruecken", Adoption.Status.REVIEW),
    ("buergerportal-cochem-zell", "andernach", Adoption.Status.INTERESTED),
]
EXAMPLE_NOTE = "Beispieldatensatz – nicht aus den Quellen."


def load(command) -> None:
    topics = {}
    for name, slug, name_en in TOPICS:
        topics[slug], _created = upsert(Topic, {"slug": slug}, {"name": name, "name_en": name_en})
    for slug in NEWCOMERS:
        municipality = Municipality.objects.filter(slug=slug).first()
        if municipality is not None:
            municipality.focus_topics.add(*(topics[s] for s in NEWCOMER_FOCUS))

    for presenter in PRESENTERS:
        upsert(
            Municipality,
            {"slug": presenter["slug"]},
            {k: v for k, v in presenter.items() if k != "slug"},
        )
    placeholder = Municipality.objects.get(slug="kl-digital")

    for slug, title, lead_slug, phase, topic_slugs, extra in PROJECTS:
        lead = Municipality.objects.get(slug=lead_slug) if lead_slug else placeholder
        summary = PROVEN_SUMMARY if extra == PROVEN else (extra or MARKET_SUMMARY)
        parts = [SOURCE, extra, "" if lead_slug else PLACEHOLDER_LEAD]
        description = "\n\n".join(part for part in parts if part)
        project, _created = upsert(
            Project,
            {"slug": slug},
            {
                "title": title,
                "summary": summary,
                "description": description,
                "description_html": render_markdown(description),
                "lead_municipality": lead,
                "phase": phase,
                "state": Project.State.PUBLISHED,
                "submitted_at": MARKET_DAY,
                "published_at": MARKET_DAY,
                "is_reusable": True,
                "is_example": lead_slug is None,
            },
        )
        project.topics.set([topics[s] for s in topic_slugs])

    for project_slug, municipality_slug, status in ADOPTIONS:
        municipality = Municipality.objects.filter(slug=municipality_slug).first()
        if municipality is None:
            continue
        upsert(
            Adoption,
            {"project": Project.objects.get(slug=project_slug), "municipality": municipality},
            {"status": status, "note": EXAMPLE_NOTE, "is_example": True},
        )
    demo_reuse.load(command)
    follow_demo.load(command)
    command.stdout.write(
        f"projects: {Topic.objects.count()} Themenfelder, "
        f"{Project.objects.published().count()} veröffentlichte Projekte, "
        f"{Adoption.objects.count()} Nachnutzungen"
    )
