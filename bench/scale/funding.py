"""Grants, payouts and reporting obligations at national scale.

Invariants kept: payouts of a grant sum to at most its approved amount, the
status follows payouts and obligations, decision year matches the date.
"""

import random
from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from bench.scale.copy import copy_objects, next_id, reset_sequence
from funding.models import Disbursement, FundingProgram, Grant, ReportingObligation
from funding.models.grants import derive_status

PROGRAMS = [
    ("synth-digitale-kommune", "Digitale Kommune (synthetisch)"),
    ("synth-smart-city-modellprojekte", "Smart-City-Modellprojekte (synthetisch)"),
    ("synth-netzwerkfoerderung", "Netzwerkförderung (synthetisch)"),
    ("synth-breitband", "Breitband und Infrastruktur (synthetisch)"),
]
CENT = Decimal("0.01")


def _money(value: float) -> Decimal:
    return Decimal(str(value)).quantize(CENT)


def generate(
    rng: random.Random,
    *,
    grants: int,
    payouts: int,
    obligations: int,
    municipality_ids: list[int],
    project_ids: list[int],
) -> None:
    program_ids = []
    for slug, name in PROGRAMS:
        program, _created = FundingProgram.objects.get_or_create(
            slug=slug,
            defaults={"name": name, "funder": "Synthetischer Fördergeber", "is_example": True},
        )
        program_ids.append(program.pk)

    start = next_id(Grant)
    grant_ids = list(range(start, start + grants))
    approved = {}
    today = timezone.localdate()
    payouts_per_grant = _spread(rng, payouts, grant_ids)
    obligations_per_grant = _spread(rng, obligations, grant_ids)
    statuses = {}

    payout_rows, obligation_rows = [], []
    for pk in grant_ids:
        amount = _money(rng.randint(5_000, 2_000_000) + rng.randint(0, 99) / 100)
        approved[pk] = amount
        decided = date(rng.randint(2019, 2026), rng.randint(1, 12), rng.randint(1, 28))
        paid = Decimal(0)
        count = payouts_per_grant[pk]
        for index in range(count):
            # Never more than what is left; the last payout may close the grant.
            left = amount - paid
            share = (
                Decimal(1)
                if index == count - 1 and rng.random() < 0.5
                else Decimal(rng.randint(10, 45)) / 100
            )
            value = (left * share).quantize(CENT)
            if value <= 0:
                break
            paid += value
            payout_rows.append(
                {
                    "grant_id": pk,
                    "amount": value,
                    "paid_on": decided + timedelta(days=30 * (index + 1)),
                }
            )
        open_count = 0
        for index in range(obligations_per_grant[pk]):
            due = decided + timedelta(days=180 * (index + 1))
            submitted = due < today and rng.random() < 0.7
            open_count += not submitted
            obligation_rows.append(
                {
                    "grant_id": pk,
                    "kind": ReportingObligation.Kind.FINAL
                    if index
                    else ReportingObligation.Kind.INTERIM,
                    "due_date": due,
                    "status": (
                        ReportingObligation.Status.SUBMITTED
                        if submitted
                        else ReportingObligation.Status.OPEN
                    ),
                    "submitted_on": due - timedelta(days=rng.randint(0, 20)) if submitted else None,
                }
            )
        status = derive_status(
            approved=amount,
            disbursed=paid,
            obligations=obligations_per_grant[pk],
            open_obligations=open_count,
        )
        statuses[pk] = (status, decided, paid)

    def grant_rows():
        for pk in grant_ids:
            status, decided, paid = statuses[pk]
            yield {
                "id": pk,
                "program_id": rng.choice(program_ids),
                "municipality_id": rng.choice(municipality_ids),
                "file_reference": f"SYN-{decided.year}-{pk:07d}",
                "purpose": "Synthetischer Förderbescheid für Lasttests",
                "approved_amount": approved[pk],
                "disbursed_amount": paid,
                "funding_rate": _money(rng.choice([50, 60, 75, 80, 90, 100])),
                "decision_date": decided,
                "decision_year": decided.year,
                "period_start": decided,
                "period_end": decided + timedelta(days=730),
                "status": status,
                "is_example": True,
            }

    copy_objects(Grant, grant_rows())
    reset_sequence(Grant)
    copy_objects(Disbursement, payout_rows)
    copy_objects(ReportingObligation, obligation_rows)
    if project_ids:
        copy_objects(
            Grant.projects.through,
            ({"grant_id": pk, "project_id": rng.choice(project_ids)} for pk in grant_ids),
        )


def _spread(rng: random.Random, total: int, keys: list[int]) -> dict[int, int]:
    """Distribute ``total`` items over ``keys`` at random."""
    counts = dict.fromkeys(keys, 0)
    for _ in range(total):
        counts[rng.choice(keys)] += 1
    return counts
