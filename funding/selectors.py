"""Reads shared by pages, API, admin and reminders: one queryset per list,
with its select_related / prefetch_related / annotate stated here once."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.postgres.aggregates import StringAgg
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Count, F, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum
from django.utils.translation import gettext as _

from funding import permissions
from funding.models import (
    ZERO,
    Disbursement,
    FundingProgram,
    Grant,
    GrantQuerySet,
    ReportingObligation,
)
from members.audit import history_for
from members.models import Municipality
from projects.models import Project
from projects.querysets import visible_condition

GROUP_BY = ("program", "year", "municipality", "status")


def _projects_prefetch(user) -> Prefetch:
    """The funded projects ``user`` may see (the ministry: published ones);
    a grant linked to a draft shows its own purpose, not the draft's title."""
    return Prefetch(
        "projects",
        queryset=Project.objects.visible_to(user)
        .only("id", "title", "slug", "state", "lead_municipality_id")
        .order_by("title"),
    )


def visible_grants(user) -> QuerySet[Grant]:
    """The grants ``user`` may read, unannotated (base for filters and reports)."""
    return grants_in(permissions.grant_scope(user))


def grants_in(scope: permissions.GrantScope) -> QuerySet[Grant]:
    """The grants of a reader scope (``funding.permissions.grant_scope``)."""
    return scope.apply(Grant.objects.all(), "municipality")


def grant_list(queryset: GrantQuerySet, *, user) -> GrantQuerySet:
    """Grants for lists: amounts, overdue flag, programme, city, the projects
    ``user`` may see, obligations."""
    return (
        queryset.with_amounts()
        .with_overdue()
        .select_related("program", "municipality")
        .prefetch_related(
            _projects_prefetch(user),
            Prefetch(
                "obligations", queryset=ReportingObligation.objects.order_by("due_date", "pk")
            ),
        )
    )


def grant_detail(queryset: GrantQuerySet, *, user) -> GrantQuerySet:
    return grant_list(queryset, user=user).prefetch_related(
        Prefetch("disbursements", queryset=Disbursement.objects.order_by("paid_on", "pk"))
    )


def reads_every_grant(queryset: QuerySet[Grant]) -> bool:
    """Whether ``queryset`` reads every grant: the statement it makes is that of
    all grants (no permission or filter narrows it)."""
    try:
        asked = queryset.order_by().values("pk").query.sql_with_params()
    except EmptyResultSet:
        return False
    return asked == Grant.objects.order_by().values("pk").query.sql_with_params()


def project_titles(user) -> QuerySet:
    """Per grant (``grant``) the titles of its funded projects ``user`` may see,
    sorted, in one text (``titles``)."""
    return (
        Grant.projects.through.objects.filter(visible_condition(user, "project__"))
        .order_by()
        .values("grant")
        .annotate(titles=StringAgg("project__title", delimiter=" | ", order_by="project__title"))
    )


def grant_export(queryset: GrantQuerySet, *, user) -> GrantQuerySet:
    """Grants for the full export: everything a row shows is a column of one
    query — amounts and the titles of the funded projects ``user`` may see as
    subqueries — so it is read with ``values_list`` from a server-side cursor
    (see funding.exports), without model instances or a query per chunk."""
    titles = project_titles(user).filter(grant=OuterRef("pk")).values("titles")
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
# labels (joined to the few grouped rows after the sums) or None; what the
# report shows as key, label and AGS (year and status are labelled in Python)
# and the order of the rows.
_GROUPS = {
    "program": ("program", FundingProgram, "label.slug", "label.name", "NULL", "label.name"),
    "year": ("decision_year", None, "s.group_key", "NULL", "NULL", "s.group_key"),
    "municipality": (
        "municipality",
        Municipality,
        "label.slug",
        "label.name",
        "label.ags",
        "label.name, label.slug",
    ),
    "status": ("status", None, "s.group_key", "NULL", "NULL", "s.group_key"),
}
# Grouping tens of thousands of grants into thousands of cities is three times
# faster by walking the covering index (grant_city_amounts) in city order than
# by hashing: each city's numeric sums are then added up in one place instead
# of thousands of hash entries. The planner does not see that, so the summary
# by city asks for the sorted way (for this one statement, see _summary_rows).
SORTED_GROUPING = {"municipality"}


def grouped_sql(queryset: QuerySet[Grant], column: str) -> tuple[str, tuple]:
    """The grants of ``queryset`` (every filter and permission applied) summed
    per value of ``column``, in one pass over their own columns — the payouts'
    sum is stored on each grant by the services, so no payout row is read.
    Rows: group_key, grants, approved, disbursed."""
    return (
        queryset.order_by()
        .values(group_key=F(column))
        .annotate(
            grants=Count("*"),  # not the id, which is not in the covering index
            approved=Sum("approved_amount"),
            disbursed=Sum("disbursed_amount"),
        )
        .query.sql_with_params()
    )


def summary_sql(queryset: QuerySet[Grant], group_by: str) -> tuple[str, tuple]:
    """One statement: the sums per group with the group's labels.
    Rows: key, label, ags, grants, approved, disbursed."""
    column, label_model, key, label, ags, order = _GROUPS[group_by]
    grouped, params = grouped_sql(queryset, column)
    qn = connection.ops.quote_name
    label_join = (
        f"JOIN {qn(label_model._meta.db_table)} label "
        f"ON label.{qn(label_model._meta.pk.column or 'id')} = s.group_key"
        if label_model
        else ""
    )
    sql = f"""
        SELECT {key}, {label}, {ags}, s.grants, s.approved, s.disbursed
        FROM ({grouped}) s
        {label_join}
        ORDER BY {order}
    """  # noqa: S608 - names from _meta and constants; values are parameters
    return sql, params


def _summary_rows(queryset: QuerySet[Grant], group_by: str) -> list[tuple]:
    try:
        sql, params = summary_sql(queryset, group_by)
    except EmptyResultSet:  # queryset.none(): nothing to read, nothing to ask
        return []
    if group_by in SORTED_GROUPING:
        # Sent with the query as one string: PostgreSQL runs both in one
        # (implicit) transaction, to whose end the SET LOCAL applies — so
        # later statements of the connection plan as usual, and it stays one
        # round trip. (Inside an outer transaction it lasts until that ends.)
        sql = f"SET LOCAL enable_hashagg = off; {sql}"
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


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
        SummaryRow(key, label, grants, approved, disbursed, approved - disbursed, ags or None)
        for key, label, ags, grants, approved, disbursed in _summary_rows(queryset, group_by)
    ]
    if group_by == "year":
        for row in summary.rows:
            row.label = str(row.key) if row.key else _("Jahr unbekannt")
        summary.rows.sort(key=lambda row: (row.key is None, row.key or 0))
    if group_by == "status":
        order = list(Grant.Status.values)
        summary.rows.sort(key=lambda row: order.index(str(row.key)))
        for row in summary.rows:
            row.label = str(Grant.Status(str(row.key)).label)
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
