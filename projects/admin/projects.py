"""Projects with their partners, documents and adoptions, and the moderation actions."""

from django import forms
from django.contrib import admin
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.db import models
from django.db.models import Case, IntegerField, Value, When
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from core.admin import ServiceAdmin, for_each
from members.audit import history_for
from projects import services
from projects.admin.inlines import SERVICES as INLINE_SERVICES
from projects.admin.inlines import AdoptionInline, DocumentInline, ParticipationInline
from projects.admin.moderation import ModerationButtons
from projects.models import Project
from projects.templatetags.projects_tags import history_label


class StateFilter(admin.SimpleListFilter):
    title = _("Status")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return Project.State.choices

    def queryset(self, request, queryset):
        return queryset.filter(state=self.value()) if self.value() else queryset


class RejectActionForm(forms.Form):
    reason = forms.CharField(
        label=_("Begründung"),
        widget=forms.Textarea(attrs={"rows": 5, "cols": 60}),
        max_length=2000,
    )


@admin.register(Project)
class ProjectAdmin(ModerationButtons, ServiceAdmin):
    list_display = [
        "short_title",
        "lead_municipality",
        "state",
        "phase",
        "submitted_at",
        "published_at",
        "adoption_total",
        "is_example",
    ]
    list_filter = [StateFilter, "topics", "lead_municipality", "phase", "is_reusable", "is_example"]
    list_select_related = ["lead_municipality"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    search_fields = ["title", "summary", "lead_municipality__name"]
    filter_horizontal = ["topics"]
    autocomplete_fields = ["lead_municipality"]
    inlines = [ParticipationInline, DocumentInline, AdoptionInline]
    inline_services = INLINE_SERVICES
    actions = ["publish_selected", "reject_selected", "archive_selected"]
    readonly_fields = [
        "slug",
        "state",
        "rejection_reason",
        "submitted_at",
        "submitted_by",
        "published_at",
        "created_by",
        "created_at",
        "updated_at",
        "history",
    ]
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary", "description", "topics"]}),
        (_("Federführung und Phase"), {"fields": ["lead_municipality", "phase", "is_reusable"]}),
        (
            _("Zeitraum, Kosten, Aufwand"),
            {
                "fields": [
                    ("start_date", "end_date"),
                    ("investment_cost", "running_cost_per_year"),
                    "effort_person_days",
                ]
            },
        ),
        (
            _("Weitere Angaben"),
            {"fields": ["licence", "technologies", "website", "repository_url", "is_example"]},
        ),
        (_("Ansprechperson"), {"fields": ["contact_name", "contact_email", "contact_phone"]}),
        (
            _("Moderation"),
            {
                "fields": [
                    "state",
                    "rejection_reason",
                    ("submitted_at", "submitted_by"),
                    "published_at",
                    ("created_by", "created_at", "updated_at"),
                ]
            },
        ),
        (_("Verlauf"), {"fields": ["history"]}),
    ]

    def get_queryset(self, request):
        return Project.objects.defer("search_vector", "description_html").with_adoption_count()

    def get_ordering(self, request):
        # The moderation queue first: submitted projects, oldest submission on
        # top. An expression rather than an annotation, because other admins
        # (agenda items, grants) order their project choices by this too.
        submitted_first = Case(
            When(state=Project.State.SUBMITTED, then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        )
        return [submitted_first.asc(), "submitted_at", "-updated_at"]

    @admin.display(description=_("Titel"), ordering="title")
    def short_title(self, obj: Project) -> str:
        # A long title would push every other column off the list; the full
        # title is the link's tooltip and on the change page.
        return format_html('<span title="{}">{}</span>', obj.title, Truncator(obj.title).chars(60))

    @admin.display(description=_("Nachnutzungen"), ordering="adoption_count")
    def adoption_total(self, obj: Project) -> int:
        return obj.adoption_count

    @admin.display(description=_("Verlauf"))
    def history(self, obj: Project) -> str:
        if not obj.pk:
            return "–"
        entries = history_for(obj)[:50]
        if not entries:
            return "–"
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                "<li>{} – {} – {}</li>",
                (
                    (
                        f"{timezone.localtime(entry.created_at):%d.%m.%Y %H:%M}",
                        history_label(entry.action),
                        entry.actor_label or "–",
                    )
                    for entry in entries
                ),
            ),
        )

    def save_through_service(self, request, obj, form, change):
        data = form.cleaned_data
        fields = {name: data[name] for name in services.PROJECT_FIELDS if name in data}
        common = {
            "actor": request.user,
            "lead_municipality": data["lead_municipality"],
            "topics": data["topics"],
        }
        if change:
            return services.project_update(project=obj, **common, **fields)
        return services.project_create(**common, **fields)

    def delete_through_service(self, request, obj):
        services.project_delete(project=obj, actor=request.user)

    def _each(self, request, queryset, service, done_message):
        for_each(
            request,
            queryset,
            lambda p: service(project=p, actor=request.user),
            done_message=lambda count: done_message % {"count": count},
        )

    @admin.action(description=_("Ausgewählte Projekte veröffentlichen"))
    def publish_selected(self, request, queryset):
        self._each(
            request, queryset, services.project_publish, _("%(count)d Projekt(e) veröffentlicht.")
        )

    @admin.action(description=_("Ausgewählte Projekte archivieren"))
    def archive_selected(self, request, queryset):
        self._each(
            request, queryset, services.project_archive, _("%(count)d Projekt(e) archiviert.")
        )

    @admin.action(description=_("Ausgewählte Projekte ablehnen (mit Begründung)"))
    def reject_selected(self, request, queryset):
        form = RejectActionForm(request.POST if "apply" in request.POST else None)
        if form.is_bound and form.is_valid():
            reason = form.cleaned_data["reason"]
            self._each(
                request,
                queryset,
                lambda project, actor: services.project_reject(
                    project=project, actor=actor, reason=reason
                ),
                _("%(count)d Projekt(e) abgelehnt."),
            )
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": _("Projekte ablehnen"),
            "projects": queryset,
            "form": form,
            "opts": self.model._meta,
            "action_checkbox_name": ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/projects/project/reject_selected.html", context)
