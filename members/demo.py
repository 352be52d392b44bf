"""Demo network from the network's own press releases (docs/architecture.md, demo facts).

Every record is created with update_or_create on a natural key, so a second
run changes nothing. Where the sources are silent, fields stay empty.
"""

from datetime import date

from django.contrib.auth.models import Group

from members import roles
from members.models import Municipality, User

DEMO_PASSWORD = "demo-ikone-2019"  # noqa: S105 - documented demo credential
FOUNDED = date(2019, 4, 25)
KIND = Municipality.Kind

# name, slug, kind, AGS, district, joined_on, note on the source of the date
MUNICIPALITIES = [
    ("Andernach", "andernach", KIND.MUNICIPALITY, "07137003", "Mayen-Koblenz", FOUNDED, ""),
    ("Speyer", "speyer", KIND.INDEPENDENT_CITY, "07318000", "", FOUNDED, ""),
    (
        "Wörth am Rhein",
        "woerth-am-rhein",
        KIND.MUNICIPALITY,
        "07334501",
        "Germersheim",
        FOUNDED,
        "",
    ),
    ("Zweibrücken", "zweibruecken", KIND.INDEPENDENT_CITY, "07320000", "", FOUNDED, ""),
    (
        "Kaiserslautern",
        "kaiserslautern",
        KIND.INDEPENDENT_CITY,
        "07312000",
        "",
        FOUNDED,
        "Begleitet das Netzwerk seit der Gründung als „herzlich digitale Stadt“ "
        "(Finalist des Bitkom-Wettbewerbs Digitale Stadt 2017).",
    ),
    (
        "Bad Kreuznach",
        "bad-kreuznach",
        KIND.MUNICIPALITY,
        "07133006",
        "Bad Kreuznach",
        date(2019, 12, 1),
        "Aufgenommen im Dezember 2019 (Tag nicht überliefert, als 1. erfasst).",
    ),
    (
        "Katzenelnbogen",
        "katzenelnbogen",
        KIND.LOCAL_COMMUNITY,
        "",
        "Rhein-Lahn-Kreis",
        date(2019, 12, 1),
        "Beigetreten im Dezember 2019 (Tag nicht überliefert, als 1. erfasst).",
    ),
    (
        "Landau in der Pfalz",
        "landau",
        KIND.INDEPENDENT_CITY,
        "07313000",
        "",
        date(2020, 1, 1),
        "Mitglied seit 2020 (Datum nicht überliefert, als 1. Januar erfasst).",
    ),
    (
        "Pirmasens",
        "pirmasens",
        KIND.INDEPENDENT_CITY,
        "07317000",
        "",
        date(2020, 1, 1),
        "Mitglied seit 2020 (Datum nicht überliefert, als 1. Januar erfasst).",
    ),
    (
        "Trier",
        "trier",
        KIND.INDEPENDENT_CITY,
        "07211000",
        "",
        date(2020, 1, 1),
        "Mitglied seit 2020 (Datum nicht überliefert, als 1. Januar erfasst).",
    ),
]

KL_DIGITAL = {
    "name": "KL.digital GmbH",
    "official_name": "KL.digital GmbH",
    "kind": KIND.ORGANISATION,
    "address": "Bahnhofstraße 26-28\n67655 Kaiserslautern",
    "joined_on": FOUNDED,
    "network_role": Municipality.NetworkRole.COORDINATION,
    "description": (
        "Digitalisierungsgesellschaft der Stadt Kaiserslautern, gegründet Ende 2017, "
        "koordiniert das Netzwerk. Bis Ende 2019 zu 90 % vom Land und zu 10 % von der "
        "Stadt finanziert."
    ),
}

# e-mail, first name, last name, role, municipality slug
ACCOUNTS = [
    ("koordination@demo.ikone-rlp.de", "Demo", "Koordination", roles.COORDINATION, None),
    ("ministerium@demo.ikone-rlp.de", "Demo", "Ministerium", roles.MINISTRY, None),
    ("speyer@demo.ikone-rlp.de", "Demo", "Speyer", roles.MUNICIPAL_STAFF, "speyer"),
    ("landau@demo.ikone-rlp.de", "Demo", "Landau", roles.MUNICIPAL_STAFF, "landau"),
]


def upsert(model, lookup: dict, values: dict):
    """Create or update by natural key, writing only what differs.

    ``update_or_create`` saves every time, which would move ``updated_at`` and
    make a second run look like a change. Other apps' demo loaders use this too.
    """
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        return model.objects.create(**lookup, **values), True
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if changed:
        for name in changed:
            setattr(obj, name, values[name])
        obj.save(update_fields=changed + _auto_now_fields(model))
    return obj, False


def _auto_now_fields(model) -> list[str]:
    return [f.name for f in model._meta.concrete_fields if getattr(f, "auto_now", False)]


def _network_role(slug: str, joined_on: date) -> str:
    """Kaiserslautern accompanies the network; the four cities of April 2019 founded it."""
    if slug == "kaiserslautern":
        return Municipality.NetworkRole.SUPPORT
    if joined_on == FOUNDED:
        return Municipality.NetworkRole.FOUNDING_MEMBER
    return Municipality.NetworkRole.MEMBER


def load(command) -> None:
    for name, slug, kind, ags, district, joined_on, note in MUNICIPALITIES:
        upsert(
            Municipality,
            {"slug": slug},
            {
                "name": name,
                "official_name": name,
                "kind": kind,
                "ags": ags,
                "district": district,
                "joined_on": joined_on,
                "network_role": _network_role(slug, joined_on),
                "description": note,
            },
        )
    upsert(Municipality, {"slug": "kl-digital"}, KL_DIGITAL)

    for email, first_name, last_name, role, slug in ACCOUNTS:
        user, created = upsert(
            User,
            {"email": email},
            {
                "first_name": first_name,
                "last_name": last_name,
                "municipality": Municipality.objects.get(slug=slug) if slug else None,
                "is_staff": role == roles.COORDINATION,
            },
        )
        if created or not user.check_password(DEMO_PASSWORD):
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        user.groups.set([Group.objects.get(name=role)])
    command.stdout.write(f"members: {Municipality.objects.count()} Kommunen/Organisationen")
