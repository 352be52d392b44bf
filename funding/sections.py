"""What the funding app shows on other apps' pages (registered in apps.py)."""

from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from funding.models import ReportingObligation
from funding.permissions import grant_scope

ACCOUNT_DEADLINES = 10


def my_deadlines(request: HttpRequest) -> dict[str, Any] | None:
    """ "Mein Konto": the next open reporting deadlines one may read — the own
    city's for its staff — overdue first, with the days left. Nothing for who
    reads no grants."""
    scope = grant_scope(request.user)
    if not scope.sees_all and scope.municipality_id is None:
        return None
    today = timezone.localdate()
    obligations = scope.apply(
        ReportingObligation.objects.filter(status=ReportingObligation.Status.OPEN),
        "grant__municipality_id",
    ).select_related("grant", "grant__municipality")
    rows = [
        {
            "obligation": obligation,
            "days_left": (obligation.due_date - today).days,
            "overdue": obligation.due_date < today,
            "days_overdue": max((today - obligation.due_date).days, 0),
        }
        for obligation in obligations.order_by("due_date", "pk")[:ACCOUNT_DEADLINES]
    ]
    return {"deadlines": rows, "sees_all": scope.sees_all}
