"""Demo meetings: the network's first meeting (14.05.2019) and one example.

Facts only from the press release of 14.05.2019 (docs/architecture.md,
"Facts for the demo data"): title, place, over 50 municipalities, the opening by
Staatssekretärin Nicole Steingaß and Oberbürgermeister Dr. Klaus Weichel,
the talks and the stands of the *Markt der Projekte*. The sources give no
times of day: the times are assumed and say so (``time_note``). Agenda items
link to the demo projects of the projects app by title, where they exist.

The upcoming meeting is an example (``is_example``) with three seats, so the
waiting list can be tried. Its date is set once, six weeks ahead, and not
moved by later runs.
"""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

from events.models import DEFAULT_REMINDER_DAYS, AgendaItem, Event, ReminderOffset
from members.demo import upsert
from members.models import Municipality
from projects.models import Project

BERLIN = ZoneInfo("Europe/Berlin")

FIRST_MEETING = {
    "slug": "interkommunaler-austausch-digitalisierung-2019",
    "title": "Interkommunaler Austausch – Digitalisierung",
    "kind": Event.Kind.NETWORK_MEETING,
    "description": (
        "Vernetzungstreffen von KL.digital GmbH, dem rheinland-pfälzischen Innenministerium "
        "und der Stadt Kaiserslautern im Fraunhofer-Zentrum mit über 50 rheinland-pfälzischen "
        "Kommunen – zugleich Auftakt des Interkommunalen Netzwerks Digitale Stadt. Neben "
        "Vorträgen mit bewährten Beispielen aus den Kommunen gab es beim „Markt der Projekte“ "
        "an Ständen Informationen zu Umsetzung und Kosten der Projekte, dazu einen Parcours "
        "auf einem E-Scooter."
    ),
    "starts_at": datetime(2019, 5, 14, 10, 0, tzinfo=BERLIN),
    "ends_at": datetime(2019, 5, 14, 16, 0, tzinfo=BERLIN),
    "time_note": "Uhrzeiten nicht überliefert – 10 bis 16 Uhr ist eine Beispielangabe.",
    "venue": "Fraunhofer-Zentrum Kaiserslautern",
    "address": "",
    "capacity": None,
    "status": Event.Status.PUBLISHED,
    "is_example": False,
}

# (title, speaker, words to find a demo project by its title)
FIRST_MEETING_AGENDA = [
    (
        "Eröffnung",
        "Staatssekretärin Nicole Steingaß, Oberbürgermeister Dr. Klaus Weichel",
        (),
    ),
    ("Vortrag: Bürgerportal Cochem-Zell", "", ("Bürgerportal",)),
    ("Vortrag: Digitalisierung Rechnungswesen (Meisenheim)", "", ("Rechnungswesen",)),
    ("Vortrag: Digitale Dörfer", "", ("Digitale Dörfer",)),
    ("Vortrag: Westpfalz-Wiki", "", ("Westpfalz",)),
    ("Vortrag: herzlich digitale Projekte aus Kaiserslautern", "", ()),
    ("Markt der Projekte: Smarte Lichtmasten", "", ("Lichtmast",)),
    ("Markt der Projekte: E-Scooter (Parcours)", "", ("Scooter",)),
    ("Markt der Projekte: VR-Time-Travel", "", ("Time Travel", "Time-Travel")),
    ("Markt der Projekte: Ausweisterminal", "", ("Ausweisterminal",)),
    ("Markt der Projekte: MoGII – mobiles Glasfasernetz", "", ("MoGII",)),
    ("Markt der Projekte: Digitale Kita", "", ("Digitale Kita",)),
    ("Markt der Projekte: epicsave – Simulation von Notfalleinsätzen", "", ("epicsave",)),
    ("Markt der Projekte: Social Wall", "", ("Social Wall",)),
    ("Markt der Projekte: Kitaportal", "", ("Kitaportal",)),
    ("Markt der Projekte: Park-Apps", "", ("Park-App", "Parkapp", "Park App")),
]

EXAMPLE_MEETING = {
    "slug": "beispiel-workshop-nachnutzung",
    "title": "Beispiel: Workshop Nachnutzung von Projekten",
    "kind": Event.Kind.WORKSHOP,
    "description": (
        "Beispieltermin zum Ausprobieren der Anmeldung: Er ist frei erfunden und hat nur "
        "drei Plätze, damit die Warteliste sichtbar wird."
    ),
    "time_note": "",
    "venue": "KL.digital GmbH",
    "address": "Bahnhofstraße 26-28\n67655 Kaiserslautern",
    "capacity": 3,
    "status": Event.Status.PUBLISHED,
    "is_example": True,
}


def _project(words: tuple[str, ...]) -> Project | None:
    # The projects app may or may not have a demo project of that name.
    for word in words:
        project = Project.objects.filter(title__icontains=word).order_by("pk").first()
        if project is not None:
            return project
    return None


def _ensure_offsets(event: Event) -> None:
    if not event.reminder_offsets.exists():
        ReminderOffset.objects.bulk_create(
            [ReminderOffset(event=event, days_before=days) for days in DEFAULT_REMINDER_DAYS]
        )


def load(command) -> None:
    kaiserslautern = Municipality.objects.filter(slug="kaiserslautern").first()

    first, _created = upsert(
        Event,
        {"slug": FIRST_MEETING["slug"]},
        {
            **{key: value for key, value in FIRST_MEETING.items() if key != "slug"},
            "host_municipality": kaiserslautern,
            "published_at": FIRST_MEETING["starts_at"],
        },
    )
    for order, (title, speaker, words) in enumerate(FIRST_MEETING_AGENDA, start=1):
        upsert(
            AgendaItem,
            {"event": first, "title": title},
            {"speaker": speaker, "order": order, "project": _project(words)},
        )
    _ensure_offsets(first)

    values = {key: value for key, value in EXAMPLE_MEETING.items() if key != "slug"}
    values["host_municipality"] = kaiserslautern
    if not Event.objects.filter(slug=EXAMPLE_MEETING["slug"]).exists():
        # Dated once, six weeks ahead on a Tuesday; later runs keep the date.
        day = timezone.localdate() + timedelta(weeks=6)
        day += timedelta(days=(1 - day.weekday()) % 7)
        starts_at = datetime.combine(day, time(10, 0), tzinfo=BERLIN)
        values |= {
            "starts_at": starts_at,
            "ends_at": starts_at + timedelta(hours=3),
            "published_at": timezone.now(),
        }
    example, _created = upsert(Event, {"slug": EXAMPLE_MEETING["slug"]}, values)
    _ensure_offsets(example)

    linked = AgendaItem.objects.filter(event=first, project__isnull=False).count()
    command.stdout.write(
        f"events: {Event.objects.count()} Termine, Programm des 14.05.2019 mit "
        f"{linked} verknüpften Projekten"
    )
