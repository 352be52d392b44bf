"""What reuse saved, grouped by funding programme, and the whole summary report
(``/api/v1/reuse/summary/``) as JSON-ready data (issue 13).

The programme's grouping needs grants, so the report lives here, above
projects (docs/architecture.md, "Apps and their direction"); the groupings by
project, municipality and topic are written as JSON by the database
(``projects.selectors.reuse_summary``), this one in Python (a row per
programme, a handful).

Per programme: the projects its grants funded (that the reader may see), how
often they were reused (adoptions not cancelled), what their reports in
operation avoided, the approved euros of the grants that funded them (within
the reader's grant scope: a city's staff see their own grants' euros only)
and the avoided euros per approved euro.
"""

import json
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal

from django.db.models import Count, Sum
from django.utils.translation import gettext as _

from funding import permissions
from funding.models import FundingProgram, Grant
from members.models import User
from projects.models import Adoption, Project
from projects.querysets import visible_condition
from projects.selectors.reuse import ZERO, counted_reports, network_savings
from projects.selectors.reuse_summary import reuse_summary_json as projects_summary_json

GROUP_BY = ("project", "municipality", "topic", "program")
CENT = Decimal("0.01")


@dataclass
class ReuseRow:
    """A programme's row (and the total) of the summary."""

    key: str | None
    label: str
    reports: int = 0
    avoided_investment: Decimal = ZERO
    avoided_effort_days: int = 0
    funded_projects: int | None = None
    times_reused: int | None = None
    approved: Decimal | None = None
    avoided_per_funding_euro: Decimal | None = None


def reader_scope(user: User) -> str:
    """The key of what ``user`` sees here: which projects (``visible_condition``)
    and which grants (``grant_scope``): one cached report per scope."""
    if user.is_authenticated and user.is_coordinator:
        projects = "all"
    elif user.is_authenticated and user.is_municipal_staff:
        projects = f"city-{user.municipality_id}"
    else:
        projects = "published"
    return f"{projects}:{permissions.grant_scope(user).key}"


def program_rows(user: User) -> list[ReuseRow]:
    visible = Project.objects.filter(visible_condition(user))
    links = Grant.projects.through.objects.filter(project__in=visible)
    rows: dict[int, ReuseRow] = {}
    names = dict(FundingProgram.objects.values_list("pk", "name"))
    slugs = dict(FundingProgram.objects.values_list("pk", "slug"))
    funded: dict[int, set[int]] = {}
    for program_id, project_id in links.values_list("grant__program_id", "project_id"):
        funded.setdefault(program_id, set()).add(project_id)
    if not funded:
        return []
    all_projects = set().union(*funded.values())
    reused = dict(
        Adoption.objects.filter(project_id__in=all_projects)
        .active()
        .order_by()
        .values("project_id")
        .annotate(n=Count("pk"))
        .values_list("project_id", "n")
    )
    savings = {
        row["project"]: row
        for row in counted_reports(user)
        .filter(project_id__in=all_projects)
        .order_by()
        .values("project")
        .annotate(
            n=Count("pk"),
            investment=Sum("avoided_investment"),
            effort=Sum("avoided_effort_days"),
        )
    }
    grants = permissions.grant_scope(user).apply(Grant.objects.all(), "municipality")
    # A grant funding two visible projects would count twice through the
    # join: sum each grant once.
    funding_grants = grants.filter(
        pk__in=Grant.projects.through.objects.filter(project__in=visible).values("grant_id")
    )
    approved = dict(
        funding_grants.order_by()
        .values("program_id")
        .annotate(total=Sum("approved_amount"))
        .values_list("program_id", "total")
    )
    for program_id, projects in funded.items():
        investment = sum(
            (savings[p]["investment"] or ZERO for p in projects if p in savings),
            ZERO,
        )
        money = approved.get(program_id)
        rows[program_id] = ReuseRow(
            key=slugs[program_id],
            label=names[program_id],
            reports=sum(savings[p]["n"] for p in projects if p in savings),
            avoided_investment=investment,
            avoided_effort_days=sum(savings[p]["effort"] or 0 for p in projects if p in savings),
            funded_projects=len(projects),
            times_reused=sum(reused.get(p, 0) for p in projects),
            approved=money,
            avoided_per_funding_euro=(
                (investment / money).quantize(CENT, rounding=ROUND_HALF_EVEN) if money else None
            ),
        )
    return sorted(rows.values(), key=lambda row: (row.label.casefold(), row.key or ""))


def reuse_summary_json(user: User, group_by: str, generated_at: str) -> bytes:
    """The summary report as the API writes it (``ReuseSummarySerializer``), as
    JSON text in UTF-8 bytes."""
    if group_by not in GROUP_BY:
        raise ValueError(f"group_by must be one of {GROUP_BY}")
    total_label = _("Netzwerk gesamt")
    if group_by != "program":
        return projects_summary_json(
            user, group_by, generated_at=generated_at, total_label=total_label
        )
    network = network_savings(user)
    total = ReuseRow(
        key="total",
        label=total_label,
        reports=network.reports,
        avoided_investment=network.investment,
        avoided_effort_days=network.effort_days,
    )
    document = {
        "group_by": group_by,
        "generated_at": generated_at,
        "rows": [row_data(row) for row in program_rows(user)],
        "total": row_data(total),
    }
    return json.dumps(document, ensure_ascii=False).encode()


def _amount(value: Decimal | None) -> str | None:
    return None if value is None else f"{Decimal(value).quantize(CENT):.2f}"


def row_data(row: ReuseRow) -> dict:
    """A row as the API writes it: amounts as strings with two places."""
    return {
        "key": row.key,
        "label": str(row.label),
        "ags": None,
        "reports": row.reports,
        "avoided_investment": _amount(row.avoided_investment),
        "avoided_effort_days": row.avoided_effort_days,
        "contributed": None,
        "contributed_investment": None,
        "funded_projects": row.funded_projects,
        "times_reused": row.times_reused,
        "approved": _amount(row.approved),
        "avoided_per_funding_euro": _amount(row.avoided_per_funding_euro),
    }
