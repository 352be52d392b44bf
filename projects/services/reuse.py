"""Writes of questions, answers and experience reports (issue 13)."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.errors import Conflict
from core.text import validate_multi_line
from members.audit import diff, log_action
from members.models import User
from projects import permissions
from projects.cache import questions_changed, reuse_changed
from projects.markup import render_markdown
from projects.models import Adoption, Answer, ExperienceReport, Project, Question
from projects.services._common import check_fields, deny

ANSWER_DENIED = gettext_lazy(
    "Antworten können die federführende Kommune, Partnerkommunen und die Koordination."
)
REPORT_DENIED = gettext_lazy(
    "Einen Erfahrungsbericht schreibt die nachnutzende Kommune (oder die Koordination)."
)
# What ``report_save`` takes: what the city writes, and the example flag.
REPORT_FIELDS = (*ExperienceReport.WRITTEN_BY_CITY, "is_example")


def _acting_city(actor: User):
    return actor.municipality if actor.is_municipal_staff else None


def _queue(task_name: str, pk: int) -> None:
    from projects import tasks

    task = getattr(tasks, task_name)
    transaction.on_commit(lambda: task.delay(pk))


@transaction.atomic
def question_ask(*, project: Project, actor: User, body: str, is_example: bool = False) -> Question:
    """A question on a published project, by anyone logged in; the lead and
    partner cities' staff are told by mail after the commit."""
    if not permissions.can_ask(actor):
        raise deny(_("Bitte melden Sie sich an, um eine Frage zu stellen."))
    if is_example and not permissions.can_moderate_projects(actor):
        raise deny(_("Nur die Koordination kennzeichnet Beispieldatensätze."))
    if project.state != Project.State.PUBLISHED:
        raise Conflict(
            {"project": _("Fragen lassen sich nur zu veröffentlichten Projekten stellen.")}
        )
    question = Question(
        project=project,
        author=actor,
        municipality=_acting_city(actor),
        body=(body or "").strip(),
        is_example=is_example,
    )
    question.full_clean()
    question.body_html = render_markdown(question.body)
    question.save()
    log_action(
        actor=actor, obj=project, action="question.create", changes={"question": question.pk}
    )
    questions_changed(project.pk)
    _queue("notify_question_asked", question.pk)
    return question


@transaction.atomic
def answer_create(
    *, question: Question, actor: User, body: str, is_example: bool = False
) -> Answer:
    """An answer by the lead or a partner city's staff or a coordinator; the
    asker is told by mail after the commit."""
    question = Question.objects.select_related("project").get(pk=question.pk)
    if not permissions.can_answer(actor, question.project):
        raise deny(str(ANSWER_DENIED))
    if is_example and not permissions.can_moderate_projects(actor):
        raise deny(_("Nur die Koordination kennzeichnet Beispieldatensätze."))
    if question.is_hidden:
        raise Conflict({"question": _("Diese Frage ist ausgeblendet.")})
    answer = Answer(
        question=question,
        author=actor,
        municipality=_acting_city(actor),
        body=(body or "").strip(),
        is_example=is_example,
    )
    answer.full_clean()
    answer.body_html = render_markdown(answer.body)
    answer.save()
    log_action(
        actor=actor,
        obj=question.project,
        action="answer.create",
        changes={"question": question.pk, "answer": answer.pk},
    )
    questions_changed(question.project_id, question.pk)
    _queue("notify_question_answered", answer.pk)
    return answer


def _checked_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Bitte geben Sie einen Grund an.")})
    if len(reason) > 1000:
        raise ValidationError({"reason": _("Der Grund darf höchstens 1.000 Zeichen lang sein.")})
    try:
        validate_multi_line(reason)
    except ValidationError as error:
        raise ValidationError({"reason": error.messages}) from None
    return reason


def _hide(post: Question | Answer, *, actor: User, reason: str, project: Project, kind: str):
    if not permissions.can_hide_posts(actor):
        raise deny(_("Nur die Koordination kann Fragen und Antworten ausblenden."))
    reason = _checked_reason(reason)
    if post.is_hidden:
        raise Conflict({"reason": _("Dieser Beitrag ist bereits ausgeblendet.")})
    post.hidden_at, post.hidden_by, post.hidden_reason = timezone.now(), actor, reason
    post.save(update_fields=["hidden_at", "hidden_by", "hidden_reason"])
    log_action(
        actor=actor,
        obj=project,
        action=f"{kind}.hide",
        changes={kind: post.pk, "reason": reason},
    )
    questions_changed(project.pk, post.pk if isinstance(post, Question) else post.question_id)


@transaction.atomic
def question_hide(*, question: Question, actor: User, reason: str) -> Question:
    """Coordinators hide a question (and so its answers) with a reason, kept in the history."""
    question = Question.objects.select_for_update().select_related("project").get(pk=question.pk)
    _hide(question, actor=actor, reason=reason, project=question.project, kind="question")
    return question


@transaction.atomic
def answer_hide(*, answer: Answer, actor: User, reason: str) -> Answer:
    answer = (
        Answer.objects.select_for_update().select_related("question__project").get(pk=answer.pk)
    )
    _hide(answer, actor=actor, reason=reason, project=answer.question.project, kind="answer")
    return answer


@transaction.atomic
def report_save(
    *, adoption: Adoption, actor: User, only_new: bool = False, **fields
) -> ExperienceReport:
    """Write or change the experience report of an adoption in operation, by
    the adopting city's staff or a coordinator (``only_new``: a second report
    on the same adoption is a conflict, not a change)."""
    check_fields(fields, REPORT_FIELDS)
    adoption = (Adoption.objects.select_for_update().select_related("project", "municipality")).get(
        pk=adoption.pk
    )
    if not permissions.can_write_report(actor, adoption):
        raise deny(str(REPORT_DENIED))
    if fields.get("is_example") and not permissions.can_moderate_projects(actor):
        raise deny(_("Nur die Koordination kennzeichnet Beispieldatensätze."))
    if adoption.status != Adoption.Status.OPERATING:
        # A fault of the input (which adoption), so a 400 like the other bad input.
        raise ValidationError(
            {
                "adoption": _(
                    "Ein Erfahrungsbericht ist erst möglich, wenn die Nachnutzung im Betrieb ist "
                    "(Stand jetzt: „%(status)s“)."
                )
                % {"status": Adoption.Status(adoption.status).label}
            }
        )
    report = ExperienceReport.objects.filter(adoption=adoption).first()
    if report is not None and only_new:
        raise Conflict(
            {"adoption": _("Zu dieser Nachnutzung gibt es bereits einen Erfahrungsbericht.")}
        )
    created = report is None
    if report is None:
        report = ExperienceReport(adoption=adoption, created_by=actor)
    before = {name: getattr(report, name) for name in REPORT_FIELDS}
    for name, value in fields.items():
        setattr(report, name, value.strip() if isinstance(value, str) else value)
    report.full_clean()
    try:
        with transaction.atomic():
            report.save()
    except IntegrityError:  # written at the same moment by someone else
        raise Conflict(
            _("Zu dieser Nachnutzung gibt es bereits einen Erfahrungsbericht.")
        ) from None
    report.refresh_from_db(fields=ExperienceReport.KEPT_BY_DATABASE)
    changes = diff(report, before, list(REPORT_FIELDS))
    if changes or created:
        log_action(
            actor=actor,
            obj=adoption,
            action="report.create" if created else "report.update",
            changes=changes,
        )
        reuse_changed(adoption.project_id)
    return report


@transaction.atomic
def report_delete(*, report: ExperienceReport, actor: User) -> None:
    """Remove a report written by mistake (coordinators; cities change theirs)."""
    if not permissions.can_moderate_projects(actor):
        raise deny(_("Nur die Koordination kann Erfahrungsberichte löschen."))
    report = ExperienceReport.objects.select_related("adoption").get(pk=report.pk)
    log_action(
        actor=actor,
        obj=report.adoption,
        action="report.delete",
        changes={"recommendation": report.recommendation},
    )
    report.delete()
    reuse_changed(report.adoption.project_id)
