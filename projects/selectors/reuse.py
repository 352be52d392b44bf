"""Reads of questions, answers, experience reports and what reuse saved (issue 13).

What reuse saved counts each adoption **in operation with an experience
report** once: avoided investment = the original project's investment cost −
the adopter's own investment (never below 0, nothing when the original's cost
is unknown), avoided effort in person-days likewise. Sums come from the
database as numeric (exact to the cent). Only adoptions of projects the reader
may see count (``visible_condition``): never another city's unpublished data.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import (
    BooleanField,
    Count,
    DecimalField,
    ExpressionWrapper,
    F,
    IntegerField,
    Prefetch,
    Q,
    QuerySet,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, Greatest

from members.models import Municipality, User
from projects.models import Adoption, Answer, ExperienceReport, Project, Question, Topic
from projects.querysets import visible_condition

ZERO = Decimal("0.00")
GROUP_BY = ("project", "municipality", "topic")
QUESTION_LIMIT = 50  # newest first on a project's page


def avoided_investment(prefix: str = "") -> Greatest:
    """Per report: the original's investment − the adopter's own, never below 0."""
    return Greatest(
        Coalesce(
            F(f"{prefix}adoption__project__investment_cost") - F(f"{prefix}investment_cost"),
            Value(ZERO),
            output_field=DecimalField(max_digits=14, decimal_places=2),
        ),
        Value(ZERO),
        output_field=DecimalField(max_digits=14, decimal_places=2),
    )


def avoided_effort(prefix: str = "") -> Greatest:
    return Greatest(
        Coalesce(
            F(f"{prefix}adoption__project__effort_person_days") - F(f"{prefix}effort_person_days"),
            Value(0),
            output_field=IntegerField(),
        ),
        Value(0),
        output_field=IntegerField(),
    )


def counted_reports(user: User | None) -> QuerySet[ExperienceReport]:
    """The reports that count: on adoptions in operation of projects ``user`` may see."""
    return ExperienceReport.objects.filter(
        visible_condition(user, "adoption__project__"), adoption__status="im_betrieb"
    )


@dataclass
class Savings:
    reports: int = 0
    investment: Decimal = ZERO
    effort_days: int = 0


def _savings(reports: QuerySet[ExperienceReport]) -> Savings:
    figures = reports.order_by().aggregate(
        reports=Count("pk"),
        investment=Sum(avoided_investment()),
        effort_days=Sum(avoided_effort()),
    )
    return Savings(
        reports=figures["reports"] or 0,
        investment=figures["investment"] or ZERO,
        effort_days=figures["effort_days"] or 0,
    )


def network_savings(user: User | None = None) -> Savings:
    """The whole network (the start page: published projects only)."""
    return _savings(counted_reports(user))


def project_savings(project: Project, user: User | None = None) -> Savings:
    return _savings(counted_reports(user).filter(adoption__project=project))


def municipality_savings(municipality: Municipality, user: User | None = None) -> dict:
    """What a city avoided by reusing (``reused``) and what its projects saved
    others (``contributed``)."""
    reports = counted_reports(user)
    return {
        "reused": _savings(reports.filter(adoption__municipality=municipality)),
        "contributed": _savings(reports.filter(adoption__project__lead_municipality=municipality)),
    }


# --- the summary: one row per group and a total ---------------------------------------


@dataclass
class ReuseRow:
    key: str | None
    label: str
    ags: str | None = None
    reports: int = 0
    avoided_investment: Decimal = ZERO
    avoided_effort_days: int = 0
    # by municipality: reports on its projects and what they saved others
    contributed: int | None = None
    contributed_investment: Decimal | None = None
    # by programme: funded projects, times reused, approved euros, ratio
    funded_projects: int | None = None
    times_reused: int | None = None
    approved: Decimal | None = None
    avoided_per_funding_euro: Decimal | None = None


@dataclass
class ReuseSummary:
    group_by: str
    rows: list[ReuseRow] = field(default_factory=list)
    total: ReuseRow = field(default_factory=lambda: ReuseRow("total", ""))


def _sums(reports: QuerySet[ExperienceReport], *group: str) -> QuerySet:
    return (
        reports.order_by()
        .values(*group)
        .annotate(
            n=Count("pk"),
            investment=Sum(avoided_investment()),
            effort=Sum(avoided_effort()),
        )
    )


def total_row(reports: QuerySet[ExperienceReport], label: str) -> ReuseRow:
    """The total: every counted report once (a project with two topics is in
    two topics' rows, but once in the total)."""
    savings = _savings(reports)
    return ReuseRow(
        key="total",
        label=label,
        reports=savings.reports,
        avoided_investment=savings.investment,
        avoided_effort_days=savings.effort_days,
    )


def reuse_summary(user: User | None, group_by: str, total_label: str) -> ReuseSummary:
    """What reuse saved per project, municipality or topic (the programme's
    grouping is funding's: ``funding.reuse``)."""
    if group_by not in GROUP_BY:
        raise ValueError(f"group_by must be one of {GROUP_BY}")
    reports = counted_reports(user)
    summary = ReuseSummary(group_by=group_by, total=total_row(reports, total_label))
    if group_by == "project":
        summary.rows = [
            ReuseRow(
                key=row["adoption__project__slug"],
                label=row["adoption__project__title"],
                reports=row["n"],
                avoided_investment=row["investment"] or ZERO,
                avoided_effort_days=row["effort"] or 0,
            )
            for row in _sums(reports, "adoption__project__slug", "adoption__project__title")
        ]
    elif group_by == "topic":
        topics = dict(Topic.objects.values_list("pk", "slug"))
        summary.rows = [
            ReuseRow(
                key=topics.get(row["adoption__project__topics"]),
                label=row["adoption__project__topics__name"],
                reports=row["n"],
                avoided_investment=row["investment"] or ZERO,
                avoided_effort_days=row["effort"] or 0,
            )
            for row in _sums(
                reports.filter(adoption__project__topics__isnull=False),
                "adoption__project__topics",
                "adoption__project__topics__name",
            )
        ]
    else:
        summary.rows = _municipality_rows(reports)
    summary.rows.sort(key=lambda row: (row.label.casefold(), row.key or ""))
    return summary


def _municipality_rows(reports: QuerySet[ExperienceReport]) -> list[ReuseRow]:
    """Per city: its own reuse (reports, avoided) and what its projects saved others."""
    rows: dict[int, ReuseRow] = {}
    reused = _sums(reports, "adoption__municipality")
    contributed = _sums(reports, "adoption__project__lead_municipality")
    for row in reused:
        rows[row["adoption__municipality"]] = ReuseRow(
            key=None,
            label="",
            reports=row["n"],
            avoided_investment=row["investment"] or ZERO,
            avoided_effort_days=row["effort"] or 0,
            contributed=0,
            contributed_investment=ZERO,
        )
    for row in contributed:
        entry = rows.setdefault(
            row["adoption__project__lead_municipality"],
            ReuseRow(key=None, label="", contributed=0, contributed_investment=ZERO),
        )
        entry.contributed = row["n"]
        entry.contributed_investment = row["investment"] or ZERO
    names = Municipality.objects.filter(pk__in=rows).values_list("pk", "slug", "name", "ags")
    for pk, slug, name, ags in names:
        rows[pk].key, rows[pk].label, rows[pk].ags = slug, name, ags or None
    return list(rows.values())


# --- a project's page -------------------------------------------------------------------


def project_questions(project: Project, *, include_hidden: bool) -> QuerySet[Question]:
    """The newest QUESTION_LIMIT questions with their answers and who wrote
    them: three queries, however many there are."""
    answers = Answer.objects.select_related("author", "municipality").order_by("created_at", "pk")
    questions = Question.objects.filter(project=project)
    if not include_hidden:
        questions = questions.filter(hidden_at__isnull=True)
        answers = answers.filter(hidden_at__isnull=True)
    return (
        questions.select_related("author", "municipality")
        .prefetch_related(Prefetch("answers", queryset=answers))
        .order_by("-created_at", "-pk")[:QUESTION_LIMIT]
    )


def project_reports(project: Project) -> QuerySet[ExperienceReport]:
    """The experience reports on a project's adoptions, with the adopting city
    and the avoided figures of each."""
    return (
        ExperienceReport.objects.filter(adoption__project=project)
        .select_related("adoption__municipality")
        .defer("adoption__municipality__description")
        .annotate(
            avoided_investment=avoided_investment(),
            avoided_effort_days=avoided_effort(),
            counted=ExpressionWrapper(
                Q(adoption__status="im_betrieb"), output_field=BooleanField()
            ),
        )
        .order_by("adoption__municipality__name", "pk")
    )


def report_for_adoption(adoption: Adoption) -> ExperienceReport | None:
    return ExperienceReport.objects.filter(adoption=adoption).first()
