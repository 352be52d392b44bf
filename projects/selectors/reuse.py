"""Reads of questions, answers, experience reports and what reuse saved (issue 13).

What reuse saved counts each adoption **in operation with an experience
report** once: avoided investment = the original project's investment cost −
the adopter's own investment (never below 0, nothing when the original's cost
is unknown), avoided effort in person-days likewise. The database computes
them and keeps them on each report (``ExperienceReport.avoided_investment``,
migration 0021, the one place of that rule); sums come from it as numeric
(exact to the cent). The summary report is ``projects.selectors.reuse_summary``.
Only adoptions of projects the reader may see count (``visible_condition``):
never another city's unpublished data.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Prefetch, QuerySet, Sum
from django.db.models.expressions import RawSQL

from members.models import Municipality, User
from projects.models import (
    Adoption,
    Answer,
    ExperienceReport,
    FacetCount,
    Project,
    Question,
)
from projects.querysets import visible_condition

ZERO = Decimal("0.00")
QUESTION_LIMIT = 50  # newest first on a project's page


def counted_reports(user: User | None) -> QuerySet[ExperienceReport]:
    """The reports that count: on adoptions in operation of projects ``user``
    may see. Reads the report's own copies of its project's state and lead
    city, kept by the database (``ExperienceReport.counted`` and below)."""
    return ExperienceReport.objects.filter(visible_condition(user, "project_"), counted=True)


@dataclass
class Savings:
    reports: int = 0
    investment: Decimal = ZERO
    effort_days: int = 0


def _savings(reports: QuerySet[ExperienceReport]) -> Savings:
    figures = reports.order_by().aggregate(
        reports=Count("pk"),
        investment=Sum("avoided_investment"),
        effort_days=Sum("avoided_effort_days"),
    )
    return Savings(
        reports=figures["reports"] or 0,
        investment=figures["investment"] or ZERO,
        effort_days=figures["effort_days"] or 0,
    )


def network_savings(user: User | None = None) -> Savings:
    """The whole network (the start page: published projects only)."""
    return _savings(counted_reports(user))


def published_network_savings() -> Savings:
    """The start page's figure: the whole network's published projects, read
    from the totals the database keeps (``FacetCount``, migration 0022), so it
    costs one small read however many reports there are."""
    kept = dict(
        FacetCount.objects.filter(
            facet__in=("reports", "avoided_cents", "avoided_days"), value=""
        ).values_list("facet", "count")
    )
    return Savings(
        reports=kept.get("reports", 0),
        investment=(Decimal(kept.get("avoided_cents", 0)) / 100).quantize(ZERO),
        effort_days=kept.get("avoided_days", 0),
    )


def project_savings(project: Project, user: User | None = None) -> Savings:
    return _savings(counted_reports(user).filter(project=project))


def municipality_savings(municipality: Municipality, user: User | None = None) -> dict:
    """What a city avoided by reusing (``reused``) and what its projects saved
    others (``contributed``)."""
    reports = counted_reports(user)
    return {
        "reused": _savings(reports.filter(adopter_municipality=municipality)),
        "contributed": _savings(reports.filter(project_lead_municipality=municipality)),
    }


# --- a project's page -------------------------------------------------------------------


def project_questions(project: Project, *, include_hidden: bool) -> QuerySet[Question]:
    """The newest QUESTION_LIMIT questions with their answers and the cities
    that wrote them: two queries, however many there are."""
    questions = _with_answers(Question.objects.filter(project=project), include_hidden)
    return questions.order_by("-created_at", "-pk")[:QUESTION_LIMIT]


def project_question_ids(project: Project) -> list[int]:
    """The ids of the questions members read on a project's page (visible
    ones, as ``project_questions``), in its order: one small query."""
    questions = Question.objects.filter(project=project, hidden_at__isnull=True)
    ordered = questions.order_by("-created_at", "-pk").values_list("pk", flat=True)
    return list(ordered[:QUESTION_LIMIT])


def visible_questions_by_id(ids: list[int]) -> dict[int, Question]:
    """Those of ``ids`` not hidden, with their visible answers: two queries."""
    return {q.pk: q for q in _with_answers(Question.objects.filter(pk__in=ids), False)}


# What a question's part of the page shows of it and of its answers.
_POST_SHOWN = ("body_html", "is_example", "hidden_at", "hidden_reason", "created_at")


def _with_answers(questions: QuerySet[Question], include_hidden: bool) -> QuerySet[Question]:
    answers = (
        Answer.objects.select_related("municipality")
        .only("question", *_POST_SHOWN, "municipality__name")
        .order_by("created_at", "pk")
    )
    if not include_hidden:
        questions = questions.filter(hidden_at__isnull=True)
        answers = answers.filter(hidden_at__isnull=True)
    return (
        questions.select_related("municipality")
        .only(*_POST_SHOWN, "municipality__name")
        .prefetch_related(Prefetch("answers", queryset=answers))
    )


def project_reports(project: Project) -> QuerySet[ExperienceReport]:
    """The experience reports on a project's adoptions, with the adopting city
    and the avoided figures of each."""
    return (
        ExperienceReport.objects.filter(adoption__project=project)
        .select_related("adoption__municipality")
        .defer("adoption__municipality__description")
        .order_by("adoption__municipality__name", "pk")
    )


def project_report_rows(project: Project) -> list[tuple[int, int, str]]:
    """``(id, adopting city's id, row version)`` of the project's reports in
    the page's order: one small query. The row version is PostgreSQL's
    ``xmin``, new with every write of the row — also the database's own,
    when an adoption's status or the project's costs rewrite its avoided
    figures — so a report cached under it is never out of date."""
    rows = project_reports(project).values_list(
        "pk", "adoption__municipality_id", RawSQL("projects_experiencereport.xmin::text", ())
    )
    return list(rows)


def reports_by_id(ids: list[int]) -> dict[int, ExperienceReport]:
    reports = ExperienceReport.objects.filter(pk__in=ids).select_related("adoption__municipality")
    return {report.pk: report for report in reports.defer("adoption__municipality__description")}


def report_for_adoption(adoption: Adoption) -> ExperienceReport | None:
    return ExperienceReport.objects.filter(adoption=adoption).first()
