"""Fill an empty database with synthetic data at national scale."""

import random
import time
from math import ceil

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from ikone.scale import events, funding, members, projects
from members import roles
from projects.models import Project

# --scale 1 is Germany: every municipality, with the network's activity.
GERMANY = {
    "municipalities": 11_000,
    "users": 50_000,
    "projects": 100_000,
    "adoptions": 300_000,
    "grants": 50_000,
    "payouts": 150_000,
    "obligations": 100_000,
    "events": 5_000,
    "registrations": 250_000,
}


class Command(BaseCommand):
    help = (
        "Fill an empty PostgreSQL database with clearly marked synthetic data "
        "(--scale 1: 11,000 municipalities, 100,000 projects, ...). Uses COPY."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=float, default=1.0)
        parser.add_argument("--seed", type=int, default=2019)
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing (and succeed) when projects already exist.",
        )

    def handle(self, *args, scale: float, seed: int, if_empty: bool, **options):
        if connection.vendor != "postgresql":
            raise CommandError("generate_scale_data needs PostgreSQL (it loads with COPY).")
        if not 0 < scale <= 10:
            raise CommandError("--scale must be in (0, 10].")
        if Project.objects.exists():
            if if_empty:
                self.stdout.write("Daten vorhanden – nichts zu tun.")
                return
            raise CommandError("The database is not empty; use a fresh database.")
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
            self.stdout.write(f"  {label:<40} {time.monotonic() - begun:7.1f} s")
            return result

        self.stdout.write(f"Synthetische Daten, Maßstab {scale}: {counts}")
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
        with connection.cursor() as cursor:
            # Statistics for the planner, and a visibility map so counts can
            # use index-only scans (autovacuum would get there later). VACUUM
            # cannot run in a transaction (the tests'): statistics only, there.
            cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE")
        self.stdout.write(self.style.SUCCESS(f"Fertig in {time.monotonic() - started:.1f} s."))
