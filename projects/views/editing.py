from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core import submissions
from core.errors import add_to_form
from projects import permissions, services
from projects.forms import DocumentForm, ProjectForm, PubliccodeImportForm
from projects.models import Project, ProjectDocument
from projects.selectors import similar_projects
from projects.views.detail import get_visible_project

SUBMIT = "submit"
IMPORT = "import-publiccode"


def _wants_submit(request: HttpRequest) -> bool:
    return request.POST.get("action") == SUBMIT


def _imported(request: HttpRequest, *, user, instance: Project | None):
    """(project form, import form, what was not taken over) after a
    publiccode.yml was sent: the project form prefilled, nothing saved."""
    import_form = PubliccodeImportForm(request.POST, request.FILES, prefix="publiccode")
    if not import_form.is_valid():
        return ProjectForm(instance=instance, user=user), import_form, None
    form = ProjectForm(instance=instance, user=user, initial=import_form.initial_for_project_form())
    messages.info(
        request,
        _(
            "Die Angaben aus der publiccode.yml sind eingetragen. Bitte prüfen und "
            "ergänzen Sie sie, bevor Sie speichern."
        ),
    )
    return form, PubliccodeImportForm(prefix="publiccode"), import_form.cleaned_data["result"]


def _sent_before(request: HttpRequest, earlier: str) -> HttpResponse:
    """The same form again (a double click, a reload): where the first one led."""
    messages.info(request, _("Dieses Formular wurde bereits abgeschickt."))
    return redirect(earlier or "projects:project-list")


@login_required
def project_create(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not permissions.can_create_project(user):
        raise PermissionDenied(_("Sie dürfen keine Projekte anlegen."))
    if request.method == "POST" and request.POST.get("action") == IMPORT:
        form, import_form, imported = _imported(request, user=user, instance=None)
        return render(
            request,
            "projects/project_form.html",
            {
                "form": form,
                "project": None,
                "similar": [],
                "document_form": None,
                "import_form": import_form,
                "imported": imported,
            },
        )
    form = ProjectForm(request.POST or None, user=user, submitting=_wants_submit(request))
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                if (earlier := submissions.claim(form.submission)) is not None:
                    return _sent_before(request, earlier)
                project = services.project_create(actor=user, **form.service_kwargs())
                if _wants_submit(request):
                    services.project_submit(project=project, actor=user)
                submissions.record(form.submission, project.get_absolute_url())
        except ValidationError as error:
            add_to_form(form, error)
        else:
            if _wants_submit(request):
                messages.success(request, _("Das Projekt wurde zur Prüfung eingereicht."))
            else:
                messages.success(request, _("Das Projekt wurde als Entwurf gespeichert."))
            return redirect(project)
    similar = []
    if form.is_bound:
        similar = similar_projects(
            title=form.data.get("title", ""), summary=form.data.get("summary", "")
        )
    return render(
        request,
        "projects/project_form.html",
        {
            "form": form,
            "project": None,
            "similar": similar,
            "document_form": None,
            "import_form": PubliccodeImportForm(prefix="publiccode"),
        },
    )


@login_required
def project_edit(request: HttpRequest, slug: str) -> HttpResponse:
    user = request.user
    project = get_visible_project(request, slug)
    if not permissions.can_edit_project(user, project):
        raise PermissionDenied(_("Sie dürfen dieses Projekt nicht bearbeiten."))
    import_form, imported = PubliccodeImportForm(prefix="publiccode"), None
    if request.method == "POST" and request.POST.get("action") == IMPORT:
        form, import_form, imported = _imported(request, user=user, instance=project)
    else:
        form = ProjectForm(
            request.POST or None, instance=project, user=user, submitting=_wants_submit(request)
        )
    if request.method == "POST" and form.is_bound and form.is_valid():
        try:
            with transaction.atomic():
                project = services.project_update(
                    project=project, actor=user, **form.service_kwargs()
                )
                if _wants_submit(request):
                    services.project_submit(project=project, actor=user)
        except ValidationError as error:
            add_to_form(form, error)
        else:
            messages.success(request, _("Die Änderungen wurden gespeichert."))
            return redirect(project)
    project.refresh_from_db(fields=["title", "summary"])
    return render(
        request,
        "projects/project_form.html",
        {
            "form": form,
            "project": project,
            "similar": similar_projects(
                title=form.data.get("title", project.title),
                summary=form.data.get("summary", project.summary),
                exclude_slug=project.slug,
            ),
            "document_form": DocumentForm(),
            "documents": project.documents.order_by("title", "pk"),
            "can_submit": project.state in (Project.State.DRAFT, Project.State.REJECTED),
            "import_form": import_form,
            "imported": imported,
        },
    )


@login_required
def document_upload(request: HttpRequest, slug: str) -> HttpResponse:
    user = request.user
    project = get_visible_project(request, slug)
    if not permissions.can_edit_project(user, project):
        raise PermissionDenied(_("Sie dürfen diesem Projekt keine Dokumente hinzufügen."))
    form = DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                if (earlier := submissions.claim(form.submission)) is not None:
                    return _sent_before(request, earlier)
                services.document_add(
                    project=project,
                    actor=user,
                    title=form.cleaned_data["title"],
                    file=form.cleaned_data["file"],
                    kind=form.cleaned_data["kind"] or ProjectDocument.Kind.OTHER,
                )
                submissions.record(
                    form.submission, reverse("projects:project-edit", kwargs={"slug": project.slug})
                )
        except ValidationError as error:
            add_to_form(form, error)
        else:
            messages.success(request, _("Das Dokument wurde hinzugefügt."))
            return redirect("projects:project-edit", slug=project.slug)
    return render(request, "projects/document_form.html", {"form": form, "project": project})


@login_required
@require_POST
def document_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    project = get_visible_project(request, slug)
    document = get_object_or_404(project.documents, pk=pk)
    services.document_delete(document=document, actor=request.user)
    messages.success(request, _("Das Dokument wurde gelöscht."))
    return redirect("projects:project-edit", slug=project.slug)
