"""Reads shared by pages, API, admin and reminders: one queryset per list,
with its select_related / prefetch_related / annotate stated here once."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import (
    Count,
    DecimalField,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from funding import permissions
from funding.models import MONEY, ZERO, Disbursement, FundingProgram, Grant, ReportingObligation
from members.audit import history_for
from projects.models import Project

GROUP_BY = ("program", "year", "municipality", "status")


def _projects_prefetch() -> Prefetch:
    # Only the Project fields this app relies on (the projects app grows in parallel).
    return Prefetch(
        "projects",
        queryset=Project.objects.only(
            "id", "title", "slug", "state", "lead_municipality_id"
        ).order_by("title"),
    )


def visible_grants(user) -> QuerySet[Grant]:
    """The grants ``user`` may read, unannotated (base for filters and reports)."""
    return permissions.restrict_to_user(
        Grant.objects.all(), user, municipality_field="municipality"
    )


def grant_list(queryset: QuerySet[Grant]) -> QuerySet[Grant]:
    """Grants for lists: amounts, overdue flag, programme, city, projects, obligations."""
    return (
        queryset.with_amounts()
        .with_overdue()
        .select_related("program", "municipality")
        .prefetch_related(
            _projects_prefetch(),
            Prefetch(
                "obligations", queryset=ReportingObligation.objects.order_by("due_date", "pk")
            ),
        )
    )


def grant_detail(queryset: QuerySet[Grant]) -> QuerySet[Grant]:
    return grant_list(queryset).prefetch_related(
        Prefetch("disbursements", queryset=Disbursement.objects.order_by("paid_on", "pk"))
    )


def grant_export(queryset: QuerySet[Grant]) -> QuerySet[Grant]:
    """Grants for the full export (streamed in chunks; see funding.exports)."""
    return (
        queryset.with_amounts()
        .select_related("program", "municipality")
        .prefetch_related(_projects_prefetch())
        .order_by("pk")
    )


def visible_programs(user) -> QuerySet[FundingProgram]:
    """Programmes are not secret; their grant counts include only grants the user may read."""
    if not permissions.can_view_funding(user):
        return FundingProgram.objects.none()
    counted = (
        Q() if permissions.sees_all_grants(user) else Q(grants__municipality=user.municipality_id)
    )
    return FundingProgram.objects.annotate(
        grant_count=Count("grants", filter=counted, distinct=True)
    ).order_by("name")


def grant_history(grant: Grant):
    return history_for(grant)[:100]


# --- the summary report ---------------------------------------------------------


@dataclass
class SummaryRow:
    key: str | int | None
    label: str
    grants: int
    approved: Decimal
    disbursed: Decimal
    remaining: Decimal
    ags: str | None = None


@dataclass
class Summary:
    group_by: str
    rows: list[SummaryRow] = field(default_factory=list)
    total: SummaryRow | None = None

    @property
    def max_approved(self) -> Decimal:
        return max((row.approved for row in self.rows), default=ZERO)


_GROUP_FIELDS = {
    "program": ["program__slug", "program__name"],
    "year": ["decision_year"],
    "municipality": ["municipality__slug", "municipality__name", "municipality__ags"],
    "status": ["status"],
}
_GROUP_ORDER = {
    "program": ["program__name"],
    "year": [F("decision_year").asc(nulls_last=True)],
    "municipality": ["municipality__name"],
    "status": ["status"],
}


def _row_from(group_by: str, values: dict) -> SummaryRow:
    amounts = {
        "grants": values["grants"],
        "approved": values["approved"],
        "disbursed": values["disbursed"],
        "remaining": values["remaining"],
    }
    if group_by == "program":
        return SummaryRow(key=values["program__slug"], label=values["program__name"], **amounts)
    if group_by == "year":
        year = values["decision_year"]
        return SummaryRow(key=year, label=str(year) if year else _("Jahr unbekannt"), **amounts)
    if group_by == "municipality":
        return SummaryRow(
            key=values["municipality__slug"],
            label=values["municipality__name"],
            ags=values["municipality__ags"] or None,
            **amounts,
        )
    status = values["status"]
    return SummaryRow(key=status, label=str(Grant.Status(status).label), **amounts)


def funding_summary(queryset: QuerySet[Grant], group_by: str) -> Summary:
    """Grants, approved, disbursed and remaining per group plus a total: two queries,
    exact sums computed by the database (numeric, never float)."""
    if group_by not in GROUP_BY:
        raise ValueError(f"group_by must be one of {GROUP_BY}")
    money = DecimalField(**MONEY)
    paid = (
        Disbursement.objects.filter(grant=OuterRef("pk"))
        .order_by()
        .values("grant")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    base = queryset.order_by().annotate(
        paid=Coalesce(Subquery(paid, output_field=money), Value(ZERO), output_field=money)
    )
    sums = {
        "grants": Count("pk"),
        "approved": Coalesce(Sum("approved_amount"), Value(ZERO), output_field=money),
        "disbursed": Coalesce(Sum("paid"), Value(ZERO), output_field=money),
    }
    grouped = (
        base.values(*_GROUP_FIELDS[group_by])
        .annotate(**sums)
        .annotate(remaining=F("approved") - F("disbursed"))
        .order_by(*_GROUP_ORDER[group_by])
    )
    summary = Summary(group_by=group_by, rows=[_row_from(group_by, values) for values in grouped])
    if group_by == "status":
        order = list(Grant.Status.values)
        summary.rows.sort(key=lambda row: order.index(row.key))
    totals = base.aggregate(**sums)
    summary.total = SummaryRow(
        key="total",
        label=_("Summe"),
        grants=totals["grants"],
        approved=totals["approved"],
        disbursed=totals["disbursed"],
        remaining=totals["approved"] - totals["disbursed"],
    )
    return summary
