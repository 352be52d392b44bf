from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.functional import SimpleLazyObject

from core.uploads import document_file_name
from members.audit import history_for
from projects import permissions, readiness
from projects.cache import PUBLIC, page_part_topics, prefetch_project_page, similar_vary
from projects.forms import AdoptionForm, RejectForm
from projects.lineage import lineage_of
from projects.models import Project
from projects.reuse_forms import AnswerForm, HideForm, QuestionForm
from projects.selectors import (
    project_adoptions,
    project_documents,
    project_page_queryset,
    project_partners,
    project_topics,
    similar_to_project,
)
from projects.selectors.reuse import project_questions, project_reports, project_savings
from projects.structured_data import project_page
from projects.views.detail_items import adoption_rows, question_items, report_items


def get_visible_project(request: HttpRequest, slug: str) -> Project:
    """The project if the user may see it, else 404."""
    return get_object_or_404(Project.objects.visible_to(request.user), slug=slug)


def detail_context(request: HttpRequest, project: Project, **extra) -> dict:
    """The page's context. What it lists of the project (topics, partners,
    documents, adoptions) are lazy querysets: the page caches those parts per
    catalogue version and reads them only when they are out of date."""
    user = request.user
    adoptions = project_adoptions(project)
    own_adoption = None
    if user.is_authenticated and user.municipality_id:
        own_adoption = adoptions.filter(municipality_id=user.municipality_id).first()
    may_adopt = (
        project.state == Project.State.PUBLISHED
        and permissions.can_declare_adoption(user)
        and (user.is_coordinator or user.municipality_id != project.lead_municipality_id)
        and (user.is_coordinator or own_adoption is None)
    )
    context = {
        "project": project,
        "topics": project_topics(project),
        "partners": project_partners(project),
        "documents": project_documents(project),
        "adoptions": adoptions,
        "adoption_rows": SimpleLazyObject(
            lambda: adoption_rows(project, permissions.can_see_contact(user))
        ),
        # The page's cached parts (core.cache): the topics each shows (this
        # project's fields, reuse or questions, topic and city names, not the
        # rest of the catalogue), and the reader scopes the permissions give
        # (notes of adoptions for members; the city to choose for coordinators).
        "part_topics": page_part_topics(project.pk),
        "reader_scope": "members" if permissions.can_see_contact(user) else PUBLIC,
        "adoption_form_scope": (
            "any-city" if permissions.can_declare_for_any_city(user) else "own-city"
        ),
        "own_adoption": own_adoption,
        "can_edit": permissions.can_edit_project(user, project),
        "can_submit": permissions.can_submit_project(user, project)
        and project.state in (Project.State.DRAFT, Project.State.REJECTED),
        "can_moderate": permissions.can_moderate_projects(user),
        "can_see_contact": permissions.can_see_contact(user),
        "adoption_form": AdoptionForm(user=user, prefix="adoption") if may_adopt else None,
        "own_adoption_form": (
            AdoptionForm(user=user, instance=own_adoption, prefix="own")
            if own_adoption and permissions.can_change_adoption(user, own_adoption)
            else None
        ),
        "reject_form": RejectForm() if permissions.can_moderate_projects(user) else None,
        # Read while rendering, after the page's cached entries were read
        # ahead, and only when their cached list is out of date.
        "similar": SimpleLazyObject(lambda: similar_to_project(project=project)),
        "similar_vary": similar_vary(project),
        "structured_data": project_page(project),
        "history": (
            list(history_for(project)[:20]) if permissions.can_see_history(user, project) else []
        ),
    }
    context.update(reuse_context(request, project, extra))
    context.update(extra)
    prefetch_project_page(
        project,
        reader_scope=context["reader_scope"],
        report_scope=context["report_scope"] if context["may_read_posts"] else None,
        questions=context["questions_cached"],
        adoption_form_scope=(
            context["adoption_form_scope"]
            if context["adoption_form"] is not None and not context["adoption_form"].is_bound
            else None
        ),
        follower_id=(
            user.pk
            if permissions.can_follow(user) and project.state == Project.State.PUBLISHED
            else None
        ),
    )
    return context


def reuse_context(request: HttpRequest, project: Project, extra: dict) -> dict:
    """Questions and answers, experience reports, readiness, savings and the
    lineage (issue 13): a fixed number of queries however many there are —
    one for the checklist (editors), one for the partner cities (staff), two
    for a lineage if there is one; the reports (one), their savings (one) and
    the questions with answers (two) only when their cached parts are out of
    date (for those who answer or moderate, the questions every time)."""
    user = request.user
    may_read = permissions.can_read_posts(user)
    moderator = permissions.can_hide_posts(user)
    may_answer = user.is_authenticated and (
        moderator
        or (
            user.is_municipal_staff
            and permissions.can_answer(user, project, permissions.project_city_ids(project))
        )
    )
    # Members who neither answer nor moderate all see the same questions: a
    # lazy queryset, read only when the page's cached list is out of date.
    questions_cached = may_read and not may_answer and not moderator
    questions = project_questions(project, include_hidden=moderator) if may_read else []
    if not questions_cached:
        questions = list(questions)
    answering = extra.get("answer_question_id")
    for question in [] if questions_cached else questions:
        if may_answer and not question.is_hidden:
            question.answer_form = (
                extra["answer_form"]
                if question.pk == answering
                else AnswerForm(prefix=f"answer-{question.pk}")
            )
        if moderator:
            question.hide_form = HideForm(prefix=f"hide-question-{question.pk}")
            for answer in question.answers.all():
                answer.hide_form = HideForm(prefix=f"hide-answer-{answer.pk}")
    # The reports and what they saved are read only when their cached parts
    # are out of date; the badge's counts come with the project's row.
    reports = project_reports(project)
    can_edit = permissions.can_edit_project(user, project)
    kinds = set(project.documents.values_list("kind", flat=True)) if can_edit else set()
    return {
        "may_read_posts": may_read,
        "questions": questions,
        "questions_cached": questions_cached,
        "question_items": SimpleLazyObject(lambda: question_items(project)),
        "report_items": SimpleLazyObject(lambda: report_items(project, user)),
        "report_scope": (
            "coordinator"
            if user.is_authenticated and user.is_coordinator
            else f"city-{user.municipality_id}"
            if user.is_authenticated and user.municipality_id
            else "members"
        ),
        "question_counts": {
            "questions": getattr(project, "question_count", 0),
            "answers": getattr(project, "answer_count", 0),
        },
        "question_form": (
            QuestionForm(prefix="question")
            if permissions.can_ask(user) and project.state == Project.State.PUBLISHED
            else None
        ),
        "reports": reports,
        **_report_counts(project),
        "savings": SimpleLazyObject(lambda: project_savings(project, user)),
        "readiness": readiness.checklist(project, kinds) if can_edit else [],
        "is_reuse_ready": getattr(project, "is_reuse_ready", False),
        "lineage": lineage_of(project, user) if getattr(project, "in_lineage", False) else None,
    }


def _report_counts(project: Project) -> dict[str, int]:
    """The badge's counts: from the page's query (``with_report_counts``), or
    for a page shown again with a form's errors, read now."""
    if not hasattr(project, "report_count"):
        project = Project.objects.with_report_counts().only("pk").get(pk=project.pk)
    return {"report_count": project.report_count, "recommend_count": project.recommend_count}


def project_detail(request: HttpRequest, slug: str) -> HttpResponse:
    project = get_object_or_404(project_page_queryset(request.user), slug=slug)
    return render(request, "projects/project_detail.html", detail_context(request, project))


def document_download(request: HttpRequest, slug: str, pk: int) -> FileResponse:
    """A document, only for those who may see its project, always as a download."""
    project = get_visible_project(request, slug)
    document = project.documents.filter(pk=pk).first()
    if document is None:
        raise Http404
    try:
        handle = document.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=document_file_name(document.original_name, document.content_type),
        content_type=document.content_type,
    )
    response["Cache-Control"] = "private, no-store"
    return response
