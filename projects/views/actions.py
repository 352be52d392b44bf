"""Moderation and adoption actions: POST only, each calling one service."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.errors import add_to_form
from projects import permissions, services
from projects.forms import AdoptionForm, RejectForm
from projects.models import Adoption
from projects.selectors import project_page_queryset
from projects.views.detail import detail_context, get_visible_project


def _run(request: HttpRequest, slug: str, service, success: str) -> HttpResponse:
    project = get_visible_project(request, slug)
    try:
        service(project=project, actor=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, success)
    return redirect("projects:project-detail", slug=project.slug)


@login_required
@require_POST
def project_submit(request: HttpRequest, slug: str) -> HttpResponse:
    return _run(
        request, slug, services.project_submit, _("Das Projekt wurde zur Prüfung eingereicht.")
    )


@login_required
@require_POST
def project_publish(request: HttpRequest, slug: str) -> HttpResponse:
    return _run(request, slug, services.project_publish, _("Das Projekt ist veröffentlicht."))


@login_required
@require_POST
def project_archive(request: HttpRequest, slug: str) -> HttpResponse:
    return _run(request, slug, services.project_archive, _("Das Projekt wurde archiviert."))


@login_required
@require_POST
def project_reject(request: HttpRequest, slug: str) -> HttpResponse:
    project = get_visible_project(request, slug)
    if not permissions.can_moderate_projects(request.user):
        raise PermissionDenied(_("Nur die Koordination kann Projekte ablehnen."))
    form = RejectForm(request.POST)
    if form.is_valid():
        try:
            services.project_reject(
                project=project, actor=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            add_to_form(form, error)
        else:
            messages.success(request, _("Das Projekt wurde abgelehnt."))
            return redirect(project)
    return _render_detail(request, slug, reject_form=form)


def _render_detail(request: HttpRequest, slug: str, **forms) -> HttpResponse:
    project = get_object_or_404(project_page_queryset(request.user), slug=slug)
    return render(
        request, "projects/project_detail.html", detail_context(request, project, **forms)
    )


@login_required
@require_POST
def adoption_create(request: HttpRequest, slug: str) -> HttpResponse:
    """ "Wir nutzen das nach" for the user's city (coordinators choose the city)."""
    user = request.user
    project = get_visible_project(request, slug)
    if not permissions.can_declare_adoption(user):
        raise PermissionDenied(_("Sie können keine Nachnutzung erklären."))
    form = AdoptionForm(request.POST, user=user, prefix="adoption")
    if form.is_valid():
        try:
            services.adoption_create(project=project, actor=user, **form.service_kwargs())
        except ValidationError as error:
            add_to_form(form, error)
        else:
            messages.success(request, _("Die Nachnutzung wurde eingetragen."))
            return redirect(project)
    return _render_detail(request, slug, adoption_form=form)


@login_required
@require_POST
def adoption_update(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    user = request.user
    project = get_visible_project(request, slug)
    adoption = get_object_or_404(Adoption, project=project, pk=pk)
    if not permissions.can_change_adoption(user, adoption):
        raise PermissionDenied(_("Sie können nur die Nachnutzungen Ihrer eigenen Kommune ändern."))
    form = AdoptionForm(request.POST, user=user, instance=adoption, prefix="own")
    if form.is_valid():
        try:
            services.adoption_update(adoption=adoption, actor=user, **form.service_kwargs())
        except ValidationError as error:
            add_to_form(form, error)
        else:
            messages.success(request, _("Der Stand der Nachnutzung wurde aktualisiert."))
            return redirect(project)
    return _render_detail(request, slug, own_adoption_form=form)
