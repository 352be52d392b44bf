"""Questions, answers and experience reports on a project's page (issue 13)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.errors import add_to_form
from projects import permissions, services
from projects.models import Adoption, Answer, Question
from projects.reuse_forms import AnswerForm, HideForm, QuestionForm, ReportForm
from projects.selectors import project_page_queryset
from projects.selectors.reuse import report_for_adoption
from projects.services.reuse import ANSWER_DENIED, REPORT_DENIED
from projects.views.detail import detail_context, get_visible_project


def _render_detail(request: HttpRequest, slug: str, **forms) -> HttpResponse:
    project = get_object_or_404(project_page_queryset(request.user), slug=slug)
    return render(
        request, "projects/project_detail.html", detail_context(request, project, **forms)
    )


def _to_question(project, question_id: int) -> HttpResponse:
    return redirect(f"{project.get_absolute_url()}#frage-{question_id}")


@login_required
@require_POST
def question_create(request: HttpRequest, slug: str) -> HttpResponse:
    project = get_visible_project(request, slug)
    form = QuestionForm(request.POST, prefix="question")
    if form.is_valid():
        try:
            question = services.question_ask(
                project=project, actor=request.user, body=form.cleaned_data["body"]
            )
        except ValidationError as error:
            add_to_form(form, error)
        else:
            messages.success(request, _("Ihre Frage wurde veröffentlicht."))
            return _to_question(project, question.pk)
    return _render_detail(request, slug, question_form=form)


@login_required
@require_POST
def answer_create(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    project = get_visible_project(request, slug)
    question = get_object_or_404(Question, project=project, pk=pk, hidden_at__isnull=True)
    if not permissions.can_answer(request.user, project):
        raise PermissionDenied(str(ANSWER_DENIED))
    form = AnswerForm(request.POST, prefix=f"answer-{question.pk}")
    if form.is_valid():
        try:
            services.answer_create(
                question=question, actor=request.user, body=form.cleaned_data["body"]
            )
        except ValidationError as error:
            add_to_form(form, error)
        else:
            messages.success(request, _("Ihre Antwort wurde veröffentlicht."))
            return _to_question(project, question.pk)
    return _render_detail(request, slug, answer_form=form, answer_question_id=question.pk)


def _hide(request: HttpRequest, slug: str, post, service, **kwargs) -> HttpResponse:
    if not permissions.can_hide_posts(request.user):
        raise PermissionDenied(_("Nur die Koordination kann Fragen und Antworten ausblenden."))
    form = HideForm(request.POST, prefix=f"hide-{kwargs['kind']}-{post.pk}")
    if form.is_valid():
        try:
            service(
                actor=request.user, reason=form.cleaned_data["reason"], **{kwargs["kind"]: post}
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Der Beitrag ist ausgeblendet."))
    else:
        messages.error(request, _("Bitte geben Sie einen Grund für das Ausblenden an."))
    return redirect("projects:project-detail", slug=slug)


@login_required
@require_POST
def question_hide(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    project = get_visible_project(request, slug)
    question = get_object_or_404(Question, project=project, pk=pk)
    return _hide(request, slug, question, services.question_hide, kind="question")


@login_required
@require_POST
def answer_hide(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    project = get_visible_project(request, slug)
    answer = get_object_or_404(Answer, question__project=project, pk=pk)
    return _hide(request, slug, answer, services.answer_hide, kind="answer")


@login_required
def report_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Write or change the experience report on an adoption (its own page)."""
    project = get_visible_project(request, slug)
    adoption = get_object_or_404(
        Adoption.objects.select_related("municipality"), project=project, pk=pk
    )
    if not permissions.can_write_report(request.user, adoption):
        raise PermissionDenied(str(REPORT_DENIED))
    report = report_for_adoption(adoption)
    form = ReportForm(request.POST or None, instance=report)
    if request.method == "POST" and form.is_valid():
        try:
            services.report_save(adoption=adoption, actor=request.user, **form.service_kwargs())
        except ValidationError as error:
            add_to_form(form, error)
        else:
            messages.success(request, _("Der Erfahrungsbericht wurde gespeichert."))
            return redirect(f"{project.get_absolute_url()}#erfahrungsberichte")
    return render(
        request,
        "projects/report_form.html",
        {"form": form, "project": project, "adoption": adoption, "report": report},
    )
