"""The inlines of a project's admin page; each row is written by a service."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.admin import InlineService, TabularInline
from projects import services
from projects.admin.adoptions import adoption_values
from projects.models import Adoption, Participation, Project, ProjectDocument


class ParticipationInline(TabularInline):
    model = Participation
    extra = 0
    fields = ["municipality"]
    autocomplete_fields = ["municipality"]


class DocumentInlineForm(forms.ModelForm):
    class Meta:
        model = ProjectDocument
        fields = ["title", "kind", "file"]
        widgets = {"file": forms.FileInput}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].required = False

    def clean_kind(self) -> str:
        return self.cleaned_data.get("kind") or ProjectDocument.Kind.OTHER


class DocumentInline(TabularInline):
    model = ProjectDocument
    form = DocumentInlineForm
    extra = 0
    fields = [
        "title",
        "kind",
        "file",
        "download",
        "content_type",
        "size",
        "uploaded_by",
        "uploaded_at",
    ]
    readonly_fields = ["download", "content_type", "size", "uploaded_by", "uploaded_at"]

    @admin.display(description=_("Datei herunterladen"))
    def download(self, obj: ProjectDocument) -> str:
        if not obj.pk:
            return "–"
        url = reverse("projects:document-download", kwargs={"slug": obj.project.slug, "pk": obj.pk})
        return format_html('<a href="{}">{}</a>', url, obj.original_name)


class AdoptionInline(TabularInline):
    model = Adoption
    fk_name = "project"
    fields = ["municipality", "status", "started_on", "completed_on", "note", "is_example"]
    extra = 0
    autocomplete_fields = ["municipality"]


# --- each row written through a service ------------------------------------------


def _partners_after(project: Project, add=None, remove=None) -> list:
    partners = [p.municipality for p in project.participations.select_related("municipality")]
    partners = [m for m in partners if remove is None or m.pk != remove]
    return partners + ([add] if add is not None else [])


def partner_added(request, project, participation):
    services.project_update(
        project=project,
        actor=request.user,
        partners=_partners_after(project, add=participation.municipality),
    )


def partner_changed(request, project, participation, fields):
    old = Participation.objects.values_list("municipality_id", flat=True).get(pk=participation.pk)
    partners = _partners_after(project, add=participation.municipality, remove=old)
    services.project_update(project=project, actor=request.user, partners=partners)


def partner_removed(request, project, participation):
    partners = _partners_after(project, remove=participation.municipality_id)
    services.project_update(project=project, actor=request.user, partners=partners)


def adoption_added(request, project, adoption):
    services.adoption_create(
        project=project,
        municipality=adoption.municipality,
        actor=request.user,
        **adoption_values(adoption, services.ADOPTION_FIELDS),
    )


def adoption_changed(request, project, adoption, fields):
    if "municipality" in fields:
        raise ValidationError(
            _("Die Kommune einer Nachnutzung bleibt; erfassen Sie für eine andere eine neue.")
        )
    services.adoption_update(
        adoption=adoption, actor=request.user, **adoption_values(adoption, fields)
    )


def adoption_removed(request, project, adoption):
    services.adoption_delete(adoption=adoption, actor=request.user)


def document_added(request, project, document):
    services.document_add(
        project=project,
        actor=request.user,
        title=document.title,
        file=document.file.file,
        kind=document.kind,
    )


def document_renamed(request, project, document, fields):
    if "file" in fields:
        raise ValidationError(_("Bitte laden Sie eine neue Datei als neues Dokument hoch."))
    services.document_rename(
        document=document, actor=request.user, title=document.title, kind=document.kind
    )


def document_removed(request, project, document):
    services.document_delete(document=document, actor=request.user)


SERVICES = {
    Participation: InlineService(partner_added, partner_changed, partner_removed),
    ProjectDocument: InlineService(document_added, document_renamed, document_removed),
    Adoption: InlineService(adoption_added, adoption_changed, adoption_removed),
}
