"""Funding facts from the network's press releases (docs/architecture.md, demo facts).

Only what the sources say: four founding cities with 60,750 EUR each in 2019
(25.04.2019), 708,000 EUR for Kaiserslautern's third phase (press release of
04.05.2022) and "rund 2,87 Millionen Euro" for Kaiserslautern up to 2021,
recorded as a rounded total. Dates of decisions, file references, rates and
payouts are not known and stay empty; the reporting obligations are examples
and marked as such. Every record is written with members.demo.upsert on a
natural key, so a second run changes nothing (and keeps a submitted proof).
"""

from datetime import date
from decimal import Decimal

from funding import services
from funding.models import FundingProgram, Grant, ReportingObligation
from members.demo import upsert
from members.models import Municipality

MINISTRY = "Ministerium des Innern und für Sport Rheinland-Pfalz"

PROGRAMS = {
    "ikone-ds": {
        "name": "Interkommunales Netzwerk Digitale Stadt (IKONE-DS)",
        "funder": MINISTRY,
        "description": (
            "Förderung der Kommunen im Interkommunalen Netzwerk Digitale Stadt, das im "
            "April 2019 mit Andernach, Speyer, Wörth am Rhein und Zweibrücken startete."
        ),
        "note": "Quelle: Pressemitteilung vom 25.04.2019. Laufzeit und Budget sind nicht genannt.",
    },
    "herzlich-digitale-stadt": {
        "name": "Herzlich digitale Stadt Kaiserslautern",
        "funder": MINISTRY,
        "description": (
            "Landesförderung des Smart-City-Projekts der Stadt Kaiserslautern seit 2017 "
            "(Finalistin des Bitkom-Wettbewerbs Digitale Stadt)."
        ),
        "note": (
            "Quelle: Pressemitteilung vom 04.05.2022 („fördert … seit dem Jahr 2017“). "
            "Genaue Laufzeit und Budget sind nicht genannt."
        ),
    },
}

FOUNDING_NOTE = (
    "Quelle: Pressemitteilung vom 25.04.2019 („Zudem erhalten sie vom Land je 60.750 Euro "
    "Förderung.“). Datum, Aktenzeichen, Förderquote, Zeitraum und Auszahlungen sind nicht "
    "überliefert."
)

# program slug, municipality slug, decision year, values
GRANTS = [
    *[
        (
            "ikone-ds",
            slug,
            2019,
            {
                "purpose": "Förderung als Gründungskommune des Interkommunalen Netzwerks "
                "Digitale Stadt",
                "phase": "",
                "approved_amount": Decimal("60750.00"),
                "is_rounded": False,
                "note": FOUNDING_NOTE,
            },
        )
        for slug in ("andernach", "speyer", "woerth-am-rhein", "zweibruecken")
    ],
    (
        "herzlich-digitale-stadt",
        "kaiserslautern",
        2022,
        {
            "purpose": (
                "Dritte Projektphase der herzlich digitalen Stadt: Verstetigung der "
                "Verwaltungsstrukturen, Wissenstransfer über das Netzwerk, Verbindung von "
                "Digitalisierungsprozessen zwischen Wissenschaft, Wirtschaft, Verwaltung und "
                "Stadtgesellschaft"
            ),
            "phase": "3. Projektphase",
            "approved_amount": Decimal("708000.00"),
            "is_rounded": False,
            "note": (
                "Quelle: Pressemitteilung vom 04.05.2022 (Förderbescheid über 708.000 Euro, "
                "im Mai 2022 erhalten). Genaues Datum, Aktenzeichen, Förderquote, Zeitraum und "
                "Auszahlungen sind nicht überliefert."
            ),
        },
    ),
    (
        "herzlich-digitale-stadt",
        "kaiserslautern",
        None,
        {
            "purpose": "Landesförderung der herzlich digitalen Stadt Kaiserslautern bis 2021",
            "phase": "",
            "approved_amount": Decimal("2870000.00"),
            "is_rounded": True,
            "note": (
                "Gerundete Gesamtsumme, kein Einzelbescheid: „Bis 2021 habe das Projekt "
                "insgesamt rund 2,87 Millionen Euro an Landesfördermitteln erhalten“ "
                "(Pressemitteilung vom 04.05.2022). Die Bescheide seit 2017 sind nicht "
                "einzeln überliefert."
            ),
        },
    ),
]

EXAMPLE_NOTE = "Beispiel: Art und Frist stammen nicht aus einem Bescheid."
# program slug, municipality slug, decision year -> [(kind, example due date)]
OBLIGATIONS = {
    **{
        ("ikone-ds", slug, 2019): [(ReportingObligation.Kind.FINAL, date(2020, 6, 30))]
        for slug in ("andernach", "speyer", "woerth-am-rhein", "zweibruecken")
    },
    ("herzlich-digitale-stadt", "kaiserslautern", 2022): [
        (ReportingObligation.Kind.INTERIM, date(2027, 3, 31)),
        (ReportingObligation.Kind.FINAL, date(2027, 12, 31)),
    ],
}


def load(command) -> None:
    programs = {
        slug: upsert(FundingProgram, {"slug": slug}, values)[0] for slug, values in PROGRAMS.items()
    }
    for program_slug, city_slug, year, values in GRANTS:
        grant, _created = upsert(
            Grant,
            {
                "program": programs[program_slug],
                "municipality": Municipality.objects.get(slug=city_slug),
                "decision_year": year,
            },
            values,
        )
        for kind, due_date in OBLIGATIONS.get((program_slug, city_slug, year), []):
            upsert(
                ReportingObligation,
                {"grant": grant, "kind": kind},
                {"due_date": due_date, "is_example": True, "note": EXAMPLE_NOTE},
            )
        services.grant_refresh_status(grant=grant, actor=None)
    command.stdout.write(
        f"funding: {FundingProgram.objects.count()} Programme, {Grant.objects.count()} Bescheide"
    )
