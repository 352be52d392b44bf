"""Payouts of a grant, under the grant's row lock (see funding.services.grants)."""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from funding.cache import funding_changed
from funding.models import Disbursement, Grant
from funding.services._common import disbursed_total, lock_grant, refresh_payouts_and_status
from funding.services.checks import amount_error, disbursement_total_error
from members.audit import diff, log_action, snapshot
from members.models import User


def _check_payout(amount, paid_on, note: str) -> None:
    errors = {}
    if message := amount_error(amount):
        errors["amount"] = message
    if paid_on is None:
        errors["paid_on"] = _("Bitte geben Sie das Auszahlungsdatum an.")
    if errors:
        raise ValidationError(errors)
    # The rules on a payout's own values (a positive amount, a sane date, a note
    # without control characters) are its constraints and validators.
    Disbursement(amount=amount, paid_on=paid_on, note=note).full_clean(
        exclude=["grant", "created_by"]
    )


@transaction.atomic
def disbursement_create(
    *, grant: Grant, amount: Decimal, paid_on: date, actor: User | None, note: str = ""
) -> Disbursement:
    """Record a payout. Under the grant's row lock, so concurrent payouts are serialised."""
    _check_payout(amount, paid_on, note)
    locked = lock_grant(grant)
    if message := disbursement_total_error(
        approved=locked.approved_amount, already_paid=disbursed_total(locked), amount=amount
    ):
        raise ValidationError({"amount": message})
    payout = Disbursement.objects.create(
        grant=locked,
        amount=amount,
        paid_on=paid_on,
        note=note,
        created_by=actor if actor and actor.is_authenticated else None,
    )
    log_action(
        actor=actor,
        obj=locked,
        action="disbursement.create",
        changes={"disbursement": payout.pk, "amount": amount, "paid_on": paid_on, "note": note},
    )
    refresh_payouts_and_status(locked, actor=actor)
    funding_changed()
    return payout


@transaction.atomic
def disbursement_update(
    *,
    disbursement: Disbursement,
    actor: User | None,
    amount: Decimal,
    paid_on: date,
    note: str = "",
) -> Disbursement:
    _check_payout(amount, paid_on, note)
    locked = lock_grant(disbursement.grant)
    payout = Disbursement.objects.get(pk=disbursement.pk, grant=locked)
    if message := disbursement_total_error(
        approved=locked.approved_amount,
        already_paid=disbursed_total(locked, excluding=payout.pk),
        amount=amount,
    ):
        raise ValidationError({"amount": message})
    before = snapshot(payout, ["amount", "paid_on", "note"])
    payout.amount, payout.paid_on, payout.note = amount, paid_on, note
    payout.save()
    if changes := diff(payout, before, ["amount", "paid_on", "note"]):
        log_action(
            actor=actor,
            obj=locked,
            action="disbursement.update",
            changes={"disbursement": payout.pk, **changes},
        )
    refresh_payouts_and_status(locked, actor=actor)
    funding_changed()
    return payout


@transaction.atomic
def disbursement_delete(*, disbursement: Disbursement, actor: User | None) -> None:
    """Cancel a payout recorded by mistake (the history keeps it)."""
    locked = lock_grant(disbursement.grant)
    payout = Disbursement.objects.get(pk=disbursement.pk, grant=locked)
    log_action(
        actor=actor,
        obj=locked,
        action="disbursement.delete",
        changes={"disbursement": payout.pk, "amount": payout.amount, "paid_on": payout.paid_on},
    )
    payout.delete()
    refresh_payouts_and_status(locked, actor=actor)
    funding_changed()
