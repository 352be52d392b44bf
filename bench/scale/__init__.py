"""Synthetic data at national scale (``python -m bench generate --scale 1``).

Everything generated is marked: municipalities and projects carry
``is_example=True`` and slugs starting with ``synth-``, users have addresses
under ``synthetic.invalid``. Rows go in with PostgreSQL COPY, ids are assigned
here so related rows can point at each other without reading anything back.
This is the benchmark's tool: production code never imports it.
"""

import random
import sys
import time
from math import ceil
from typing import TextIO

from django.db import connection, transaction

from core import cache
from members import roles
from projects.models import Project

# --scale 1 is Germany: every municipality, with the network's activity.
GERMANY = {
    "municipalities": 11_000,
    "users": 50_000,
    "projects": 100_000,
    "adoptions": 300_000,
    "questions": 50_000,
    "reports": 30_000,
    "lineages": 5_000,
    "handover_documents": 20_000,
    "grants": 50_000,
    "payouts": 150_000,
    "obligations": 100_000,
    "events": 5_000,
    "registrations": 250_000,
}


class ScaleError(Exception):
    """The database or the arguments do not allow generating."""


def generate(
    scale: float = 1.0, *, seed: int = 2019, if_empty: bool = False, out: TextIO = sys.stdout
) -> bool:
    """Fill an empty database; with ``if_empty``, do nothing when projects exist.
    Whether it filled the database."""
    from bench.scale import events, funding, members, projects, reuse

    if not 0 < scale <= 10:
        raise ScaleError("--scale must be in (0, 10].")
    if Project.objects.exists():
        if if_empty:
            out.write("Daten vorhanden – nichts zu tun.\n")
            return False
        raise ScaleError("The database is not empty; use a fresh database.")
    counts = {name: max(1, ceil(value * scale)) for name, value in GERMANY.items()}
    counts["municipalities"] = max(counts["municipalities"], 60)
    counts["users"] = max(counts["users"], 200)
    counts["adoptions"] = min(
        counts["adoptions"], counts["projects"] * counts["municipalities"] // 4
    )
    rng = random.Random(seed)  # noqa: S311 - synthetic data, not security
    started = time.monotonic()

    def step(label: str, function, *args, **kwargs):
        begun = time.monotonic()
        result = function(*args, **kwargs)
        out.write(f"  {label:<40} {time.monotonic() - begun:7.1f} s\n")
        return result

    out.write(f"Synthetische Daten, Maßstab {scale}: {counts}\n")
    with transaction.atomic():
        with connection.cursor() as cursor:
            # Check foreign keys row by row, not at commit: the loaders
            # switch a trigger off and on, which needs no pending events.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        municipality_ids = step(
            "Kommunen", members.generate_municipalities, rng, counts["municipalities"]
        )
        by_role = step(
            "Benutzer/innen", members.generate_users, rng, counts["users"], municipality_ids
        )
        staff_ids = by_role[roles.MUNICIPAL_STAFF]
        project_ids = step(
            "Projekte, Partner, Nachnutzungen",
            projects.generate,
            rng,
            projects=counts["projects"],
            adoptions=counts["adoptions"],
            municipality_ids=municipality_ids,
            staff_ids=staff_ids,
        )
        step(
            "Fragen, Antworten, Berichte, Herkunft",
            reuse.generate,
            rng,
            questions=counts["questions"],
            reports=counts["reports"],
            lineages=counts["lineages"],
            documents=counts["handover_documents"],
            bench_project_id=project_ids[0],
            staff_ids=staff_ids,
        )
        step(
            "Förderbescheide, Auszahlungen, Nachweise",
            funding.generate,
            rng,
            grants=counts["grants"],
            payouts=counts["payouts"],
            obligations=counts["obligations"],
            municipality_ids=municipality_ids,
            project_ids=project_ids,
        )
        step(
            "Termine, Anmeldungen",
            events.generate,
            rng,
            events=counts["events"],
            registrations=counts["registrations"],
            municipality_ids=municipality_ids,
            staff_ids=staff_ids,
        )
        cache.changed_everything()  # COPY goes around the services
    with connection.cursor() as cursor:
        # Statistics for the planner, and a visibility map so counts can
        # use index-only scans (autovacuum would get there later).
        # VACUUM cannot run inside a transaction (as in tests): ANALYZE there.
        cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE")
    out.write(f"Fertig in {time.monotonic() - started:.1f} s.\n")
    return True
