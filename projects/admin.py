from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import models
from django.db.models import Case, IntegerField, Value, When
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from ikone.uploads import check_document
from members.audit import history_for, log_action
from projects import services
from projects.models import Adoption, Participation, Project, ProjectDocument, Topic
from projects.templatetags.projects_tags import history_label


def _plain(value):
    """A form value as JSON for the history: models and collections as text."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if hasattr(value, "all") or isinstance(value, list | tuple | set):
        items = value.all() if hasattr(value, "all") else value
        return sorted(str(item) for item in items)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


class ParticipationForm(forms.ModelForm):
    class Meta:
        model = Participation
        fields = ["municipality", "role"]

    def clean(self):
        cleaned = super().clean()
        project = getattr(self, "parent_project", None)
        municipality = cleaned.get("municipality")
        if project is not None and municipality is not None and project.lead_municipality_id:
            try:
                services.check_partners(project.lead_municipality, [municipality])
            except ValidationError as error:
                self.add_error("municipality", error.message_dict["partners"])
        return cleaned


class ParentAwareFormSet(forms.BaseInlineFormSet):
    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        form.parent_project = self.instance
        return form


class ParticipationInline(admin.TabularInline):
    model = Participation
    form = ParticipationForm
    formset = ParentAwareFormSet
    extra = 0
    autocomplete_fields = ["municipality"]


class DocumentInlineForm(forms.ModelForm):
    class Meta:
        model = ProjectDocument
        fields = ["title", "file"]
        widgets = {"file": forms.FileInput}

    def clean_file(self):
        file = self.cleaned_data.get("file")
        if isinstance(file, UploadedFile):
            if self.instance.pk:
                raise ValidationError(_("Bitte laden Sie eine neue Datei als neues Dokument hoch."))
            check_document(file)
        return file


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


class AdoptionInlineForm(forms.ModelForm):
    class Meta:
        model = Adoption
        fields = ["municipality", "status", "started_on", "completed_on", "note", "is_example"]

    def clean(self):
        cleaned = super().clean()
        project = getattr(self, "parent_project", None)
        try:
            if self.instance.pk:
                services.check_adoption_transition(
                    self.initial.get("status", self.instance.status), cleaned.get("status")
                )
            elif project is not None and project.pk and cleaned.get("municipality"):
                services.check_adoption_allowed(
                    project=project, municipality=cleaned["municipality"]
                )
        except ValidationError as error:
            for name, errors in error.message_dict.items():
                self.add_error(name if name in self.fields else None, errors)
        return cleaned


class AdoptionInline(admin.TabularInline):
    model = Adoption
    form = AdoptionInlineForm
    formset = ParentAwareFormSet
    extra = 0
    autocomplete_fields = ["municipality"]


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
class ProjectAdmin(admin.ModelAdmin):
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
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["topics"]
    autocomplete_fields = ["lead_municipality"]
    inlines = [ParticipationInline, DocumentInline, AdoptionInline]
    actions = ["publish_selected", "reject_selected", "archive_selected"]
    readonly_fields = [
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

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
            if not obj.slug:
                obj.slug = services.unique_slug(obj.title)
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        changes = {
            name: [_plain(form.initial.get(name)), _plain(form.cleaned_data.get(name))]
            for name in form.changed_data
        }
        if changes or not change:
            log_action(
                actor=request.user,
                obj=form.instance,
                action="project.update" if change else "project.create",
                changes=changes,
            )

    def save_formset(self, request, form, formset, change):
        if formset.model is ProjectDocument:
            self._save_documents(request, form.instance, formset)
            return
        super().save_formset(request, form, formset, change)

    def _save_documents(self, request, project, formset):
        # New and deleted documents go through the services (content check,
        # random name, history); the admin's change message needs the lists.
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        for document_form in formset.forms:
            data = getattr(document_form, "cleaned_data", None)
            if not data:
                continue
            instance = document_form.instance
            if data.get("DELETE") and instance.pk:
                services.document_delete(document=instance, actor=request.user)
                formset.deleted_objects.append(instance)
            elif not instance.pk and data.get("file"):
                document = services.document_add(
                    project=project, actor=request.user, title=data["title"], file=data["file"]
                )
                formset.new_objects.append(document)
            elif instance.pk and document_form.has_changed():
                document_form.save()
                formset.changed_objects.append((instance, document_form.changed_data))

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
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["focus_of"]


@admin.register(Adoption)
class AdoptionAdmin(admin.ModelAdmin):
    list_display = ["project", "municipality", "status", "started_on", "completed_on", "is_example"]
    list_filter = ["status", "municipality", "is_example"]
    list_select_related = ["project", "municipality"]
    search_fields = ["project__title", "municipality__name"]
    readonly_fields = ["project", "municipality", "created_by", "created_at", "updated_at"]

    def has_add_permission(self, request):
        # New adoptions go through the project (inline or page), where the rules are checked.
        return False

    def get_form(self, request, obj=None, change=False, **kwargs):
        kwargs["form"] = AdoptionInlineForm
        return super().get_form(request, obj, change, **kwargs)
