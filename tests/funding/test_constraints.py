"""What the database itself refuses, even when code bypasses the services."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from funding.models import Disbursement, Grant, ReminderOffset, ReportingObligation
from tests.funding.factories import GrantFactory


def _refused(create) -> bool:
    try:
        with transaction.atomic():
            create()
    except IntegrityError:
        return True
    return False


@pytest.mark.django_db
@pytest.mark.parametrize(
    "values",
    [
        {"approved_amount": Decimal("0.00")},
        {"approved_amount": Decimal("-60750.00")},
        {"funding_rate": Decimal("0")},
        {"funding_rate": Decimal("120")},
        {"period_start": date(2020, 1, 1), "period_end": date(2019, 12, 31)},
        {"decision_date": date(2022, 5, 4), "decision_year": 2021},
    ],
)
def test_grant_checks(program, speyer, values):
    base = {"program": program, "municipality": speyer, "purpose": "x", "approved_amount": 1}
    assert _refused(lambda: Grant.objects.create(**{**base, **values}))
    assert not Grant.objects.exists()


@pytest.mark.django_db
def test_valid_grant_passes_the_checks(program, speyer):
    Grant.objects.create(
        program=program,
        municipality=speyer,
        purpose="x",
        approved_amount=Decimal("0.01"),
        funding_rate=Decimal("100"),
        decision_date=date(2022, 5, 4),
        decision_year=2022,
        period_start=date(2022, 1, 1),
        period_end=date(2022, 1, 1),
    )


@pytest.mark.django_db
@pytest.mark.parametrize("amount", [Decimal("0"), Decimal("-1.00")])
def test_disbursement_amount_positive(amount):
    grant = GrantFactory()
    assert _refused(
        lambda: Disbursement.objects.create(grant=grant, amount=amount, paid_on=date(2020, 1, 1))
    )


@pytest.mark.django_db
@pytest.mark.parametrize("stored", [Decimal("60750.01"), Decimal("-0.01")])
def test_stored_payout_sum_stays_within_the_approved_amount(stored):
    grant = GrantFactory(approved_amount=Decimal("60750.00"))
    assert _refused(lambda: Grant.objects.filter(pk=grant.pk).update(disbursed_amount=stored))
    grant.refresh_from_db()
    assert grant.disbursed_amount == Decimal("0.00")


@pytest.mark.django_db
def test_submitted_obligation_needs_a_date():
    grant = GrantFactory()
    assert _refused(
        lambda: ReportingObligation.objects.create(
            grant=grant, kind="sachbericht", due_date=date(2020, 1, 1), status="eingereicht"
        )
    )


@pytest.mark.django_db
def test_one_overdue_interval_and_no_zero_offset():
    ReminderOffset.objects.all().delete()
    ReminderOffset.objects.create(kind=ReminderOffset.Kind.OVERDUE, days=7)
    assert _refused(
        lambda: ReminderOffset.objects.create(kind=ReminderOffset.Kind.OVERDUE, days=14)
    )
    assert _refused(lambda: ReminderOffset.objects.create(kind=ReminderOffset.Kind.BEFORE, days=0))
