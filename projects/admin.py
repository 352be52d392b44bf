from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import Case, IntegerField, Value, When
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from core.admin import InlineService, ServiceAdmin
from members.audit import history_for
from projects import services
from projects.models import Adoption, Participation, Project, ProjectDocument, Topic
from projects.templatetags.projects_tags import history_label


class ParticipationInline(admin.TabularInline):
    model = Participation
    extra = 0
    fields = ["municipality"]
    autocomplete_fields = ["municipality"]


class DocumentInlineForm(forms.ModelForm):
    class Meta:
        model = ProjectDocument
        fields = ["title", "file"]
        widgets = {"file": forms.FileInput}


class DocumentInline(admin.TabularInline):
    model = ProjectDocument
    form = DocumentInlineForm
    extra = 0
    fields = ["title", "file", "download", "content_type", "size", "uploaded_by", "uploaded_at"]
    readonly_fields = ["download", "content_type", "size", "uploaded_by", "uploaded_at"]

    @admin.display(description=_("Datei herunterladen"))
    def download(self, obj: ProjectDocument) -> str:
        if not obj.pk:
            return "–"
        url = reverse("projects:document-download", kwargs={"slug": obj.project.slug, "pk": obj.pk})
        return format_html('<a href="{}">{}</a>', url, obj.original_name)


class AdoptionInline(admin.TabularInline):
    model = Adoption
    fields = ["municipality", "status", "started_on", "completed_on", "note", "is_example"]
    extra = 0
    autocomplete_fields = ["municipality"]


# --- the inlines' writes, each through a service --------------------------------


def _partners_after(project: Project, add=None, remove=None) -> list:
    partners = [p.municipality for p in project.participations.select_related("municipality")]
    partners = [m for m in partners if remove is None or m.pk != remove]
    return partners + ([add] if add is not None else [])


def _partner_added(request, project, participation):
    services.project_update(
        project=project,
        actor=request.user,
        partners=_partners_after(project, add=participation.municipality),
    )


def _partner_changed(request, project, participation, fields):
    old = Participation.objects.values_list("municipality_id", flat=True).get(pk=participation.pk)
    partners = _partners_after(project, add=participation.municipality, remove=old)
    services.project_update(project=project, actor=request.user, partners=partners)


def _partner_removed(request, project, participation):
    partners = _partners_after(project, remove=participation.municipality_id)
    services.project_update(project=project, actor=request.user, partners=partners)


def _adoption_values(adoption: Adoption, fields) -> dict:
    return {name: getattr(adoption, name) for name in fields if name in services.ADOPTION_FIELDS}


def _adoption_added(request, project, adoption):
    services.adoption_create(
        project=project,
        municipality=adoption.municipality,
        actor=request.user,
        **_adoption_values(adoption, services.ADOPTION_FIELDS),
    )


def _adoption_changed(request, project, adoption, fields):
    if "municipality" in fields:
        raise ValidationError(
            _("Die Kommune einer Nachnutzung bleibt; erfassen Sie für eine andere eine neue.")
        )
    services.adoption_update(
        adoption=adoption, actor=request.user, **_adoption_values(adoption, fields)
    )


def _adoption_removed(request, project, adoption):
    services.adoption_delete(adoption=adoption, actor=request.user)


def _document_added(request, project, document):
    services.document_add(
        project=project, actor=request.user, title=document.title, file=document.file.file
    )


def _document_renamed(request, project, document, fields):
    if "file" in fields:
        raise ValidationError(_("Bitte laden Sie eine neue Datei als neues Dokument hoch."))
    services.document_rename(document=document, actor=request.user, title=document.title)


def _document_removed(request, project, document):
    services.document_delete(document=document, actor=request.user)


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
class ProjectAdmin(ServiceAdmin):
    list_display = [
        "title",
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
    inline_services = {
        Participation: InlineService(_partner_added, _partner_changed, _partner_removed),
        ProjectDocument: InlineService(_document_added, _document_renamed, _document_removed),
        Adoption: InlineService(_adoption_added, _adoption_changed, _adoption_removed),
    }
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
            {"fields": ["licence", "technologies", "website", "is_example"]},
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
        return Project.objects.defer("search_vector").with_adoption_count()

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
                        f"{entry.created_at:%d.%m.%Y %H:%M}",
                        history_label(entry.action),
                        entry.actor or "–",
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
        done = 0
        for project in queryset:
            try:
                service(project=project, actor=request.user)
            except (ValidationError, PermissionDenied) as error:
                messages.warning(request, f"{project}: {' '.join(_messages(error))}")
            else:
                done += 1
        if done:
            messages.success(request, done_message % {"count": done})

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


def _messages(error: Exception) -> list[str]:
    if isinstance(error, ValidationError):
        return error.messages
    return [str(error)]


@admin.register(Topic)
class TopicAdmin(ServiceAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["focus_of"]

    def save_through_service(self, request, obj, form, change):
        return services.topic_save(
            topic=obj, actor=request.user, focus_of=form.cleaned_data["focus_of"]
        )

    def delete_through_service(self, request, obj):
        services.topic_delete(topic=obj, actor=request.user)


@admin.register(Adoption)
class AdoptionAdmin(ServiceAdmin):
    list_display = ["project", "municipality", "status", "started_on", "completed_on", "is_example"]
    list_filter = ["status", "municipality", "is_example"]
    list_select_related = ["project", "municipality"]
    search_fields = ["project__title", "municipality__name"]
    fields = [
        "project",
        "municipality",
        "status",
        "started_on",
        "completed_on",
        "note",
        "is_example",
        "created_by",
        "created_at",
        "updated_at",
    ]
    readonly_fields = ["project", "municipality", "created_by", "created_at", "updated_at"]

    def has_add_permission(self, request):
        # New adoptions are declared on the project (page, API or its admin inline).
        return False

    def save_through_service(self, request, obj, form, change):
        return services.adoption_update(
            adoption=obj, actor=request.user, **_adoption_values(obj, form.changed_data)
        )

    def delete_through_service(self, request, obj):
        services.adoption_delete(adoption=obj, actor=request.user)
