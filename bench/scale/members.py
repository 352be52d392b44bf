"""Municipalities and users at national scale."""

import random
from datetime import timedelta

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.utils import timezone

from bench.scale import words
from bench.scale.copy import copy_objects, next_id, reset_sequence
from members import roles
from members.models import Municipality, User

SYNTHETIC_DOMAIN = "synthetic.invalid"
KINDS = [
    (Municipality.Kind.LOCAL_COMMUNITY, 70),
    (Municipality.Kind.MUNICIPALITY, 15),
    (Municipality.Kind.ASSOCIATION, 8),
    (Municipality.Kind.INDEPENDENT_CITY, 4),
    (Municipality.Kind.DISTRICT, 3),
]


def place_name(rng: random.Random, index: int) -> str:
    stem = rng.choice(words.PLACE_STEMS)
    prefix = rng.choice(words.PLACE_PREFIXES)
    name = f"{prefix}{stem.lower() if prefix and not prefix.endswith(' ') else stem}"
    return f"{name}{rng.choice(words.PLACE_SUFFIXES)} {index}"


def generate_municipalities(rng: random.Random, count: int) -> list[int]:
    """Municipalities with unique synthetic AGS (prefix 99: no real state has it)."""
    start = next_id(Municipality)
    kinds = [kind for kind, weight in KINDS for _ in range(weight)]
    today = timezone.localdate()
    ids = list(range(start, start + count))

    def rows():
        for offset, pk in enumerate(ids, start=1):
            name = place_name(rng, offset)
            member = rng.random() < 0.6
            yield {
                "id": pk,
                "name": name,
                "official_name": name,
                "slug": f"synth-{pk}",
                "kind": rng.choice(kinds),
                "ags": f"99{pk:06d}",
                "district": rng.choice(words.DISTRICTS),
                "population": rng.randint(300, 250_000),
                "description": "Synthetischer Datensatz für Lasttests.",
                "joined_on": today - timedelta(days=rng.randint(30, 2500)) if member else None,
                "is_example": True,
            }

    copy_objects(Municipality, rows())
    reset_sequence(Municipality)
    return ids


def generate_users(
    rng: random.Random, count: int, municipality_ids: list[int]
) -> dict[str, list[int]]:
    """Mostly municipal staff, a few coordinators and ministry users, by role.

    One shared password hash keeps hashing out of the run time."""
    start = next_id(User)
    password = make_password("synthetic-user-password")
    by_role: dict[str, list[int]] = {role: [] for role in roles.ROLE_NAMES}

    def rows():
        for pk in range(start, start + count):
            share = rng.random()
            # The first two are always a coordinator and a ministry user.
            if pk == start or share < 0.002:
                role = roles.COORDINATION
            elif pk == start + 1 or share < 0.004:
                role = roles.MINISTRY
            else:
                role = roles.MUNICIPAL_STAFF
            by_role[role].append(pk)
            yield {
                "id": pk,
                "password": password,
                "email": f"user{pk}@{SYNTHETIC_DOMAIN}",
                "first_name": rng.choice(words.FIRST_NAMES),
                "last_name": rng.choice(words.LAST_NAMES),
                "position": "Sachbearbeitung Digitalisierung",
                "municipality_id": (
                    rng.choice(municipality_ids) if role == roles.MUNICIPAL_STAFF else None
                ),
                "is_staff": role == roles.COORDINATION,
                "is_superuser": False,
                "is_active": True,
            }

    copy_objects(User, rows())
    reset_sequence(User)
    groups = dict(Group.objects.values_list("name", "pk"))
    copy_objects(
        User.groups.through,
        ({"user_id": pk, "group_id": groups[role]} for role, pks in by_role.items() for pk in pks),
    )
    return by_role
