"""The funding app's part of a person's data (core.registry.PersonalData,
registered in apps.py): the proofs they submitted, the reminders they got."""

from typing import Any

from funding.models import Disbursement, Grant, ReportingObligation, ReportingReminder
from members.models import User


def collect(user: User) -> dict[str, Any]:
    obligations = ReportingObligation.objects.filter(submitted_by=user).select_related(
        "grant__municipality", "grant__program"
    )
    reminders = ReportingReminder.objects.filter(
        recipient=user, sent_at__isnull=False
    ).select_related("obligation__grant__municipality", "obligation__grant__program")
    return {
        "proofs_submitted": [
            {
                "grant": str(o.grant),
                "kind": o.kind,
                "due_date": o.due_date.isoformat(),
                "submitted_on": o.submitted_on and o.submitted_on.isoformat(),
            }
            for o in obligations.order_by("due_date")
        ],
        "reminders_sent": [
            {
                "grant": str(r.obligation.grant),
                "stage": r.stage,
                "sent_at": r.sent_at.isoformat(),
            }
            for r in reminders.order_by("sent_at")
        ],
        "grants_recorded": Grant.objects.filter(created_by=user).count(),
        "payouts_recorded": Disbursement.objects.filter(created_by=user).count(),
    }


def release(*, user: User, actor: User) -> None:
    """Reminders not yet sent to the person are dropped."""
    ReportingReminder.objects.filter(recipient=user, sent_at__isnull=True).delete()
