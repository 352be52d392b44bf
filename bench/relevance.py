"""The relevance set: German searches and what a municipal user expects to find.

Two halves. Over the demo network (``*/demo.py``): the query and the slugs of
the projects that should be among the first five. Over the generator's
vocabulary (``bench/scale/words.py``): the query and the subjects of the
titles that answer it ("Laterne" → titles about Lichtmasten or
Straßenbeleuchtung). The same for the similar-projects hint: a title being
typed and what it should suggest.

``evaluate()`` runs each query through the catalogue's selector and the hint's
selector, as pages and API do, and reports

- precision@5: of the (up to) five first results, the share that is relevant
  (a query without results counts 0);
- recall@10: of the relevant projects, the share among the first ten — out of
  ten at most (the vocabulary's subjects have thousands of projects).

The demo half looks only at the demo's projects, the vocabulary half only at
synthetic ones, so both can be measured in one database (tests load both;
``make bench`` loads the demo network into its synthetic one for the
measurement and rolls it back).
"""

from dataclasses import dataclass
from statistics import mean

from bench.scale import words

# --- the demo network -------------------------------------------------------------

LIGHTS = {"smarte-lichtmasten"}
KITA = {"kitaportal", "digitale-kita"}
PORTAL = {"buergerportal-cochem-zell"}
ID_CARD = {"ausweisterminal"}
FIBRE = {"mogii-mobiles-glasfasernetz"}
SCOOTER = {"e-scooter"}
PARKING = {"park-apps"}
ACCOUNTING = {"digitalisierung-rechnungswesen-meisenheim"}
WIKI = {"westpfalz-wiki"}
VILLAGES = {"digitale-doerfer"}
EMERGENCY = {"epicsave"}
WALL = {"social-wall"}
VR = {"vr-time-travel"}

DEMO_CATALOGUE: list[tuple[str, set[str]]] = [
    ("Lichtmasten", LIGHTS),
    ("Lichtmast", LIGHTS),
    ("Straßenbeleuchtung", LIGHTS),
    ("Laterne", LIGHTS),
    ("Straßenlaternen", LIGHTS),
    ("Beleuchtung", LIGHTS),
    ("Kitaportal", KITA),
    ("Kita-Portal", KITA),
    ("Portal für Kitas", KITA),
    ("Kita", KITA),
    ("Kindertagesstätte", KITA),
    ("Kindergarten", KITA),
    ("Bürgerportal", PORTAL),
    ("Bürgerportale", PORTAL),
    ("Serviceportal", PORTAL),
    ("Verwaltungsportal", PORTAL),
    ("Personalausweis", ID_CARD),
    ("Ausweis", ID_CARD),
    ("Bürgerterminal", ID_CARD),
    ("Glasfaser", FIBRE),
    ("Breitband", FIBRE),
    ("Glasfasernetz", FIBRE),
    ("Veranstaltung Sicherung", FIBRE),
    ("E-Scooter", SCOOTER),
    ("Elektroroller", SCOOTER),
    ("Tretroller", SCOOTER),
    ("Parken", PARKING),
    ("Parkleitsystem", PARKING),
    ("Rechnungswesen", ACCOUNTING),
    ("Buchhaltung", ACCOUNTING),
    ("Kämmerei", ACCOUNTING),
    ("Wiki", WIKI),
    ("Wissensdatenbank", WIKI),
    ("Dorf", VILLAGES),
    ("Digitale Dörfer", VILLAGES),
    ("Ortsgemeinde", VILLAGES),
    ("Notfalleinsatz", EMERGENCY),
    ("Einsatzsimulation", EMERGENCY),
    ("Social-Media-Wand", WALL),
    ("VR", VR),
]

DEMO_SIMILAR: list[tuple[str, set[str]]] = [
    ("Kita-Portal für die Platzvergabe", KITA),
    ("Kindertagesstätte digital", KITA),
    ("Intelligente Lichtmasten für Innenstädte", LIGHTS),
    ("Straßenbeleuchtung mit LED", LIGHTS),
    ("Digitales Bürgerportal für den Landkreis", PORTAL),
    ("Serviceportal der Verwaltung", PORTAL),
    ("Terminal für Personalausweise", ID_CARD),
    ("Mobiles Glasfasernetz für Großveranstaltungen", FIBRE),
    ("Glasfaserausbau im Landkreis", FIBRE),
    ("E-Scooter im Verleih", SCOOTER),
    ("Elektroroller für Pendler", SCOOTER),
    ("Park-App für die Innenstadt", PARKING),
    ("Parkleitsystem mit Sensoren", PARKING),
    ("Regionales Wiki", WIKI),
    ("Digitale Buchhaltung der Verbandsgemeinde", ACCOUNTING),
    ("Digitalisierung des Rechnungswesens", ACCOUNTING),
    ("Dorf-App für Ortsgemeinden", VILLAGES),
    ("Simulation von Rettungseinsätzen", EMERGENCY),
    ("Social-Media-Wand für das Rathaus", WALL),
    ("Virtuelle Stadtführung mit VR-Brille", VR),
]
# Typos, which must find the project they mean first (tests/bench).
DEMO_TYPOS: list[tuple[str, set[str]]] = [
    ("Bürgerportl", PORTAL),
    ("Kitaportl für Platzvergabe", KITA),
]
DEMO_SIMILAR += DEMO_TYPOS

# --- the generator's vocabulary -----------------------------------------------------

DAYCARE = {"Kitaportal", "Kita-Anmeldung", "Kitaplatz-Vergabe"}
COUNCIL = {"Ratsinformationssystem", "Sitzungsmanagement"}
STREET_LIGHTS = {"Lichtmasten", "Straßenbeleuchtung"}

VOCABULARY_CATALOGUE: list[tuple[str, set[str]]] = [
    ("Laterne", STREET_LIGHTS),
    ("Straßenbeleuchtung", STREET_LIGHTS),
    ("Lichtmast", STREET_LIGHTS),
    ("Kita-Portal", DAYCARE),
    ("Kitaplatzvergabe", DAYCARE),
    ("Kindertagesstätte", DAYCARE),
    ("Ratsinformationssystem", COUNCIL),
    ("RIS", COUNCIL),
    ("Sitzungsdienst", COUNCIL),
    ("WLAN", {"WLAN-Hotspots"}),
    ("WiFi", {"WLAN-Hotspots"}),
    ("Hotspot", {"WLAN-Hotspots"}),
    ("E-Akte", {"E-Akte"}),
    ("elektronische Akte", {"E-Akte"}),
    ("Terminbuchung", {"Terminvergabe"}),
    ("Online-Termin", {"Terminvergabe"}),
    ("Müllkalender", {"Abfall-App"}),
    ("Abfallkalender", {"Abfall-App"}),
    ("Schadensmelder", {"Mängelmelder"}),
    ("Bürgerbeteiligung", {"Bürgerbeteiligung"}),
    ("Partizipation", {"Bürgerbeteiligung"}),
    ("Breitband", {"Glasfaserplanung"}),
    ("Glasfaser", {"Glasfaserplanung"}),
    ("Verkehrserfassung", {"Verkehrszählung"}),
    ("Pegel", {"Wasserstandsmessung"}),
    ("Feinstaub", {"Luftqualitätsmessung"}),
    ("Ladesäule", {"Ladeinfrastruktur"}),
    ("Elektromobilität", {"Ladeinfrastruktur"}),
    ("Bücherei", {"Bibliotheksausweis"}),
    ("Freiwilligenbörse", {"Ehrenamtsbörse"}),
    ("Bürgerbus", {"Rufbus"}),
    ("Anrufsammeltaxi", {"Rufbus"}),
    ("Mitfahrgelegenheit", {"Mitfahrbank"}),
    ("Gewerbeanzeige", {"Gewerbeanmeldung"}),
    ("Fundsachen", {"Fundbüro"}),
    ("Räumdienst", {"Winterdienst-Steuerung"}),
    ("Parkraummanagement", {"Parkraumerfassung", "Parkleitsystem", "Park-App"}),
    ("Stadtportal", {"Stadtplattform"}),
    ("Open Data", {"Open-Data-Portal"}),
    ("Energiemanagement", {"Energie-Monitoring"}),
    ("Baumpflege", {"Baumkataster"}),
    ("Leerstandskataster", {"Leerstandsmanagement"}),
    ("Alarmierung", {"Feuerwehr-Alarmierung"}),
    ("Feuerwehr", {"Feuerwehr-Alarmierung"}),
    ("Notfall", {"Notfallsimulation"}),
    ("Schulwegsicherung", {"Schulwegplanung"}),
    ("Servicekonto", {"Bürgerkonto"}),
    ("Bürgerkonto", {"Bürgerkonto"}),
    ("Portal", {"Bürgerportal", "Kitaportal", "Open-Data-Portal"}),
    ("Dorf-App", {"Dorfplattform"}),
    ("Veranstaltungen", {"Veranstaltungskalender"}),
    ("Stadtrundgang", {"Stadtführung"}),
    ("Quartier", {"Nachbarschaftsplattform"}),
    ("Schul-IT", {"Schuldigitalisierung"}),
    ("Sensoren Boden", {"Bodenfeuchtesensoren"}),
    ("Rechnungseingang", {"Rechnungsbearbeitung"}),
    ("XRechnung", {"Rechnungsbearbeitung"}),
    ("Tourismus", {"Tourismus-App", "Stadtführung"}),
]

VOCABULARY_SIMILAR: list[tuple[str, set[str]]] = [
    ("Intelligente Lichtmasten für Innenstädte", STREET_LIGHTS),
    ("Kita-Portal für die Platzvergabe", DAYCARE),
    ("Ratsinformationssystem für Ortsgemeinden", COUNCIL),
    ("Digitale Terminbuchung im Bürgerbüro", {"Terminvergabe"}),
    ("Müllkalender als App", {"Abfall-App"}),
    ("Melder für Straßenschäden", {"Mängelmelder"}),
    ("Ladesäulen in der Kreisstadt", {"Ladeinfrastruktur"}),
    ("Pegelmessung an der Mosel", {"Wasserstandsmessung"}),
    ("Freies WLAN in der Innenstadt", {"WLAN-Hotspots"}),
    ("Elektronische Akte im Bauamt", {"E-Akte"}),
    ("Bürgerbus auf Abruf", {"Rufbus"}),
    ("Online-Gewerbeanzeige", {"Gewerbeanmeldung"}),
    ("Baumkataster mit Sensoren", {"Baumkataster"}),
    ("Energie-Monitoring für Schulen", {"Energie-Monitoring"}),
    ("Digitale Fundsachenverwaltung", {"Fundbüro"}),
]
# At scale the lookup once scored only the 200 most recent matches of a word
# part ("Bürger…") and left the meant project out.
VOCABULARY_TYPOS: list[tuple[str, set[str]]] = [
    ("Bürgerportl", {"Bürgerportal"}),
    ("Kitaportl für Platzvergabe", DAYCARE),
    ("Intelligente Lichtmastn für Innenstädte", STREET_LIGHTS),
]
VOCABULARY_SIMILAR += VOCABULARY_TYPOS

SYNTHETIC = "synth-"


@dataclass
class Figures:
    case: str
    queries: int
    precision_at_5: float
    recall_at_10: float

    def as_json(self) -> dict:
        return {
            "case": self.case,
            "queries": self.queries,
            "precision_at_5": round(self.precision_at_5, 3),
            "recall_at_10": round(self.recall_at_10, 3),
        }


def _subjects(title: str) -> set[str]:
    return {subject for subject, _gender in words.SUBJECTS if f" {subject} " in f" {title} "}


def _scores(results: list[tuple[str, str]], relevant, total_relevant: int) -> tuple[float, float]:
    """``results``: (slug, title) in order; ``relevant(slug, title)`` says if one is."""
    hits = [relevant(slug, title) for slug, title in results[:10]]
    first_five = hits[:5]
    precision = sum(first_five) / len(first_five) if first_five else 0.0
    recall = sum(hits) / min(total_relevant, 10) if total_relevant else 0.0
    return precision, recall


def _catalogue(query: str, synthetic: bool) -> list[tuple[str, str]]:
    from projects.selectors import CatalogueFilters, project_catalogue

    projects = project_catalogue(user=None, filters=CatalogueFilters(query=query))
    projects = (
        projects.filter(slug__startswith=SYNTHETIC)
        if synthetic
        else projects.exclude(slug__startswith=SYNTHETIC)
    )
    return list(projects.values_list("slug", "title")[:10])


def _similar(title: str, synthetic: bool) -> list[tuple[str, str]]:
    from projects.models import Project

    projects = Project.objects.published()
    projects = (
        projects.filter(slug__startswith=SYNTHETIC)
        if synthetic
        else projects.exclude(slug__startswith=SYNTHETIC)
    )
    # As projects.selectors.similar_projects does, with ten instead of five.
    similar = projects.only("title", "slug", "published_at").similar_to(title, limit=10)
    return [(project.slug, project.title) for project in similar]


def _subject_counts() -> dict[str, int]:
    from projects.models import Project

    counts: dict[str, int] = {}
    titles = Project.objects.published().filter(slug__startswith=SYNTHETIC)
    for title in titles.values_list("title", flat=True).iterator():
        for subject in _subjects(title):
            counts[subject] = counts.get(subject, 0) + 1
    return counts


def _relevant(expected: set[str], synthetic: bool):
    """Whether a result (slug, title) is relevant: one of the demo's expected
    slugs, or a synthetic title about one of the expected subjects."""
    if synthetic:
        return lambda _slug, title: bool(_subjects(title) & expected)
    return lambda slug, _title: slug in expected


def _evaluate(case: str, queries, lookup, synthetic: bool, counts) -> Figures:
    precision, recall = [], []
    for query, expected in queries:
        total = sum(counts.get(s, 0) for s in expected) if synthetic else len(expected)
        p, r = _scores(lookup(query, synthetic), _relevant(expected, synthetic), total)
        precision.append(p)
        recall.append(r)
    return Figures(case, len(queries), mean(precision), mean(recall))


def evaluate(*, demo: bool = True, vocabulary: bool = True) -> list[Figures]:
    """Precision@5 and recall@10 of the catalogue and the similar-projects hint."""
    figures = []
    if demo:
        figures.append(_evaluate("catalogue, demo network", DEMO_CATALOGUE, _catalogue, False, {}))
        figures.append(
            _evaluate("similar projects, demo network", DEMO_SIMILAR, _similar, False, {})
        )
    if vocabulary:
        counts = _subject_counts()
        figures.append(
            _evaluate(
                "catalogue, generator vocabulary", VOCABULARY_CATALOGUE, _catalogue, True, counts
            )
        )
        figures.append(
            _evaluate(
                "similar projects, generator vocabulary", VOCABULARY_SIMILAR, _similar, True, counts
            )
        )
    return figures


def typos_missed() -> list[str]:
    """The typo titles (DEMO_TYPOS, VOCABULARY_TYPOS) whose first similar
    project is not one they mean."""
    missed = []
    for typos, synthetic in ((DEMO_TYPOS, False), (VOCABULARY_TYPOS, True)):
        for title, expected in typos:
            first = _similar(title, synthetic)[:1]
            if not first or not _relevant(expected, synthetic)(*first[0]):
                missed.append(title)
    return missed


def misses(queries, lookup, synthetic: bool) -> list[tuple[str, list[str]]]:
    """What each query found, for looking into a figure (development)."""
    return [
        (query, [title for _slug, title in lookup(query, synthetic)[:5]]) for query, _ in queries
    ]
