"""Two payouts recorded at the same moment that together exceed the approved
amount: the row lock on the grant lets exactly one through (real threads,
real PostgreSQL, committed data)."""

import threading
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connections, transaction

from funding import services
from funding.models import Disbursement, Grant
from tests.funding.factories import GrantFactory


def _in_thread(target):
    def run():
        try:
            target()
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


@pytest.mark.django_db(transaction=True)
def test_second_payout_waits_for_the_first_and_is_refused(coordinator):
    grant = GrantFactory(approved_amount=Decimal("100000.00"))
    first_recorded, release_first = threading.Event(), threading.Event()
    outcome: dict[str, object] = {}

    def first():
        # Record a payout and keep the transaction (and the lock) open until
        # the second payout is under way: the worst case for a check-then-insert.
        with transaction.atomic():
            services.disbursement_create(
                grant=grant, amount=Decimal("60000.00"), paid_on=date(2024, 1, 2), actor=coordinator
            )
            first_recorded.set()
            release_first.wait(timeout=30)
        outcome["first"] = "ok"

    def second():
        first_recorded.wait(timeout=30)
        try:
            services.disbursement_create(
                grant=grant, amount=Decimal("50000.00"), paid_on=date(2024, 1, 2), actor=coordinator
            )
            outcome["second"] = "ok"
        except ValidationError as error:
            outcome["second"] = error

    threads = [_in_thread(first), _in_thread(second)]
    first_recorded.wait(timeout=30)
    threads[1].join(timeout=1.0)
    assert threads[1].is_alive(), "the second payout must wait for the grant's lock"
    release_first.set()
    for thread in threads:
        thread.join(timeout=30)

    assert outcome["first"] == "ok"
    assert isinstance(outcome["second"], ValidationError)
    assert "übersteigt den noch offenen Betrag von 40.000,00" in outcome["second"].messages[0]
    assert list(Disbursement.objects.values_list("amount", flat=True)) == [Decimal("60000.00")]
    grant.refresh_from_db()
    assert grant.status == Grant.Status.DISBURSING


@pytest.mark.django_db(transaction=True)
def test_simultaneous_payouts_never_exceed_the_approved_amount(coordinator):
    grant = GrantFactory(approved_amount=Decimal("100000.00"))
    start = threading.Barrier(5)
    succeeded, refused = [], []

    def pay():
        start.wait(timeout=30)
        try:
            services.disbursement_create(
                grant=grant, amount=Decimal("30000.00"), paid_on=date(2024, 1, 2), actor=coordinator
            )
            succeeded.append(1)
        except ValidationError:
            refused.append(1)

    threads = [_in_thread(pay) for _ in range(5)]
    for thread in threads:
        thread.join(timeout=60)
    assert (len(succeeded), len(refused)) == (3, 2)
    assert Grant.objects.with_amounts().get(pk=grant.pk).disbursed == Decimal("90000.00")
