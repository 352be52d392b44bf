"""Reads shared by pages, API, admin and reminders: one queryset per list,
with its select_related / prefetch_related / annotate stated here once."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.postgres.aggregates import StringAgg
from django.db.models import Count, F, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum
from django.utils.translation import gettext as _

from funding import permissions
from funding.models import ZERO, Disbursement, FundingProgram, Grant, ReportingObligation
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
    """Grants for the full export: everything a row shows is a column of one
    query — amounts and the funded projects' titles as subqueries — so it is
    read with ``values_list`` from a server-side cursor (see funding.exports),
    without model instances or a query per chunk."""
    titles = (
        Grant.projects.through.objects.filter(grant=OuterRef("pk"))
        .order_by()
        .values("grant")
        .annotate(titles=StringAgg("project__title", delimiter=" | ", order_by="project__title"))
        .values("titles")
    )
    return queryset.with_amounts().annotate(project_titles=Subquery(titles)).order_by("pk")


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


@dataclass(slots=True)
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


# Per group_by: what the report shows as key, label and AGS (lookups on the
# grant; year and status are labelled in Python) and the order of the rows.
_GROUPS = {
    "program": {
        "fields": {"key": "program__slug", "label": "program__name"},
        "order": ("program__name",),
    },
    "year": {
        "fields": {"key": "decision_year"},
        "order": (F("decision_year").asc(nulls_last=True),),
    },
    "municipality": {
        "fields": {
            "key": "municipality__slug",
            "label": "municipality__name",
            "ags": "municipality__ags",
        },
        "order": ("municipality__name", "municipality__slug"),
    },
    "status": {"fields": {"key": "status"}, "order": ("status",)},
}


def _summary_rows(queryset: QuerySet[Grant], group_by: str) -> list[dict]:
    """One aggregate query over the grants of ``queryset`` (filters and
    permissions applied): the payouts' sum is stored on each grant by the
    services, so no payout row is read."""
    group = _GROUPS[group_by]
    return list(
        queryset.order_by()
        .values(**{name: F(lookup) for name, lookup in group["fields"].items()})
        .annotate(
            grants=Count("pk"),
            approved=Sum("approved_amount"),
            disbursed=Sum("disbursed_amount"),
        )
        .order_by(*group["order"])
    )


def funding_summary(queryset: QuerySet[Grant], group_by: str) -> Summary:
    """Grants, approved, disbursed and remaining per group plus a total.

    One query: exact sums computed by the database (numeric, never float); the
    total is the sum of the groups (every grant is in exactly one group),
    added up as Decimal.
    """
    if group_by not in GROUP_BY:
        raise ValueError(f"group_by must be one of {GROUP_BY}")
    summary = Summary(group_by=group_by)
    summary.rows = [
        SummaryRow(
            key=row["key"],
            label=row.get("label", ""),
            grants=row["grants"],
            approved=row["approved"],
            disbursed=row["disbursed"],
            remaining=row["approved"] - row["disbursed"],
            ags=row.get("ags") or None,
        )
        for row in _summary_rows(queryset, group_by)
    ]
    if group_by == "year":
        for row in summary.rows:
            row.label = str(row.key) if row.key else _("Jahr unbekannt")
    if group_by == "status":
        order = list(Grant.Status.values)
        summary.rows.sort(key=lambda row: order.index(row.key))
        for row in summary.rows:
            row.label = str(Grant.Status(row.key).label)
    approved = sum((row.approved for row in summary.rows), ZERO)
    disbursed = sum((row.disbursed for row in summary.rows), ZERO)
    summary.total = SummaryRow(
        key="total",
        label=_("Summe"),
        grants=sum(row.grants for row in summary.rows),
        approved=approved,
        disbursed=disbursed,
        remaining=approved - disbursed,
    )
    return summary
