"""Row locks, sums and the status, used by every service."""

from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, Sum
from django.utils import timezone

from funding.models import ZERO, Disbursement, Grant, ReportingObligation, derive_status
from members.audit import log_action
from members.models import User


def lock_grant(grant: Grant) -> Grant:
    return Grant.objects.select_for_update().get(pk=grant.pk)


def disbursed_total(grant: Grant, *, excluding: int | None = None) -> Decimal:
    payouts = Disbursement.objects.filter(grant=grant)
    if excluding is not None:
        payouts = payouts.exclude(pk=excluding)
    return payouts.aggregate(total=Sum("amount"))["total"] or ZERO


def refresh_payouts_and_status(grant: Grant, *, actor: User | None) -> None:
    """Store the payouts' sum and the status derived from it on ``grant``.

    Called under the grant's row lock after every change to its payouts or
    obligations, so the stored sum is always the sum of the payouts.
    """
    counts = ReportingObligation.objects.filter(grant=grant).aggregate(
        total=Count("pk"), open=Count("pk", filter=Q(status=ReportingObligation.Status.OPEN))
    )
    disbursed = disbursed_total(grant)
    status = derive_status(
        approved=grant.approved_amount,
        disbursed=disbursed,
        obligations=counts["total"],
        open_obligations=counts["open"],
    )
    changed: dict[str, Any] = {}
    if disbursed != grant.disbursed_amount:
        changed["disbursed_amount"] = disbursed
    if status != grant.status:
        log_action(
            actor=actor,
            obj=grant,
            action="grant.status",
            changes={"status": [grant.status, status]},
        )
        changed["status"] = status
    if changed:
        for name, value in changed.items():
            setattr(grant, name, value)
        Grant.objects.filter(pk=grant.pk).update(**changed, updated_at=timezone.now())
