""" "Veröffentlichen" and "Ablehnen" on a project's change page, through the
moderation services (the same as the list's actions and the portal's)."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.errors import add_to_form
from projects import services
from projects.models import Project


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Begründung"),
        help_text=gettext_lazy("Die einreichende Person erhält sie per E-Mail."),
        widget=forms.Textarea(attrs={"rows": 5, "cols": 60, "aria-describedby": "reason-help"}),
        max_length=2000,
    )


class ModerationButtons:
    """Adds the two buttons' views to a project admin (``ProjectAdmin``)."""

    change_form_template = "admin/projects/project/change_form.html"

    def get_urls(self):
        wrap = self.admin_site.admin_view  # type: ignore[attr-defined]
        return [
            path(
                "<int:pk>/veroeffentlichen/",
                wrap(self.publish_view),
                name="projects_project_publish",
            ),
            path("<int:pk>/ablehnen/", wrap(self.reject_view), name="projects_project_reject"),
            *super().get_urls(),  # type: ignore[misc]
        ]

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["can_moderate"] = (
            obj is not None
            and obj.state == Project.State.SUBMITTED
            and self.has_change_permission(request, obj)  # type: ignore[attr-defined]
        )
        return super().render_change_form(request, context, add, change, form_url, obj)  # type: ignore[misc]

    def _project(self, request, pk: int) -> Project:
        project = get_object_or_404(Project, pk=pk)
        if not self.has_change_permission(request, project):  # type: ignore[attr-defined]
            raise PermissionDenied
        return project

    def _back(self, project: Project) -> HttpResponseRedirect:
        return HttpResponseRedirect(reverse("admin:projects_project_change", args=[project.pk]))

    def publish_view(self, request, pk: int):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        project = self._project(request, pk)
        try:
            services.project_publish(project=project, actor=request.user)
        except (ValidationError, PermissionDenied) as error:
            messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
        else:
            messages.success(
                request, _("„%(title)s“ ist veröffentlicht.") % {"title": project.title}
            )
        return self._back(project)

    def reject_view(self, request, pk: int):
        project = self._project(request, pk)
        form = RejectForm(request.POST if request.method == "POST" else None)
        if form.is_bound and form.is_valid():
            try:
                services.project_reject(
                    project=project, actor=request.user, reason=form.cleaned_data["reason"]
                )
            except ValidationError as error:
                add_to_form(form, error)
            except PermissionDenied as error:
                messages.error(request, str(error))
                return self._back(project)
            else:
                messages.success(
                    request, _("„%(title)s“ ist abgelehnt.") % {"title": project.title}
                )
                return self._back(project)
        context = {
            **self.admin_site.each_context(request),  # type: ignore[attr-defined]
            "title": _("Projekt ablehnen"),
            "subtitle": project.title,
            "project": project,
            "form": form,
            "opts": Project._meta,
        }
        return TemplateResponse(request, "admin/projects/project/reject.html", context)
