"""Reads shared by pages, API, admin and reminders: one queryset per list,
with its select_related / prefetch_related / annotate stated here once."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.postgres.aggregates import StringAgg
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils.translation import gettext as _

from funding import permissions
from funding.models import ZERO, Disbursement, FundingProgram, Grant, ReportingObligation
from members.audit import history_for
from members.models import Municipality
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


# Per group_by: the grant column grouped on; the table with the group's
# labels (joined once per group, after the sums) or None; what the report
# shows as key, label and AGS (year and status are labelled in Python).
_GROUPS = {
    "program": ("program", FundingProgram, "label.slug", "label.name", "NULL", "label.name"),
    "year": ("decision_year", None, "s.group_key", "NULL", "NULL", "s.group_key NULLS LAST"),
    "municipality": (
        "municipality",
        Municipality,
        "label.slug",
        "label.name",
        "NULLIF(label.ags, '')",
        "label.name, label.slug",
    ),
    "status": ("status", None, "s.group_key", "NULL", "NULL", "s.group_key"),
}


def _summary_sql(queryset: QuerySet[Grant], group_by: str) -> tuple[str, tuple]:
    """One statement, one pass over grants and payouts.

    The grants of ``queryset`` (with every filter and permission applied) are
    joined once to their payouts and summed per grant, then per group; the
    labels of the group (programme or city) are joined to the few grouped rows
    last. A left join, not a correlated subquery per grant, lets the planner
    hash or merge all grants at once — or use the payouts' grant index when
    the filters leave only a few grants. Rows: key, label, ags, grants,
    approved, disbursed.
    """
    column, label_model, key, label, ags, order = _GROUPS[group_by]
    grants_sql, params = (
        queryset.order_by().values_list("pk", column, "approved_amount").query.sql_with_params()
    )
    qn = connection.ops.quote_name
    payouts = qn(Disbursement._meta.db_table)
    amount = qn(Disbursement._meta.get_field("amount").column)
    paid_grant = qn(Disbursement._meta.get_field("grant").column)
    label_join = (
        f"JOIN {qn(label_model._meta.db_table)} label "
        f"ON label.{qn(label_model._meta.pk.column)} = s.group_key"
        if label_model
        else ""
    )
    sql = f"""
        SELECT {key}, {label}, {ags}, s.grants, s.approved, s.disbursed
        FROM (
            SELECT per_grant.group_key, COUNT(*) AS grants,
                   SUM(per_grant.approved) AS approved,
                   COALESCE(SUM(per_grant.paid), 0.00) AS disbursed
            FROM (
                SELECT g.id, g.group_key, g.approved, SUM(d.{amount}) AS paid
                FROM ({grants_sql}) AS g (id, group_key, approved)
                LEFT JOIN {payouts} d ON d.{paid_grant} = g.id
                GROUP BY g.id, g.group_key, g.approved
            ) AS per_grant
            GROUP BY per_grant.group_key
        ) AS s
        {label_join}
        ORDER BY {order}
    """  # noqa: S608 - names from _meta and constants; values are parameters
    return sql, params


def funding_summary(queryset: QuerySet[Grant], group_by: str) -> Summary:
    """Grants, approved, disbursed and remaining per group plus a total.

    One query: exact sums computed by the database (numeric, never float); the
    total is the sum of the groups (every grant is in exactly one group),
    added up as Decimal.
    """
    if group_by not in GROUP_BY:
        raise ValueError(f"group_by must be one of {GROUP_BY}")
    summary = Summary(group_by=group_by)
    try:
        sql, params = _summary_sql(queryset, group_by)
    except EmptyResultSet:  # queryset.none(): nothing to read, nothing to ask
        rows = []
    else:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
    summary.rows = [
        SummaryRow(key, label, grants, approved, disbursed, approved - disbursed, ags)
        for key, label, ags, grants, approved, disbursed in rows
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
