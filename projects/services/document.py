"""Writes of project documents: checked by content, stored under a random name."""

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from core.text import validate_one_line
from core.uploads import check_document, document_file_name
from members.audit import log_action
from members.models import User
from projects import permissions
from projects.cache import catalogue_changed
from projects.markup import validate_no_html
from projects.models import Project, ProjectDocument
from projects.services._common import deny


@transaction.atomic
def document_add(
    *,
    project: Project,
    actor: User,
    title: str,
    file: UploadedFile,
    kind: str = ProjectDocument.Kind.OTHER,
) -> ProjectDocument:
    """Attach a document, checked by content (PDF/ODT/DOCX/PNG/JPEG, ≤ 10 MB)."""
    if not permissions.can_edit_project(actor, project):
        raise deny(_("Sie dürfen diesem Projekt keine Dokumente hinzufügen."))
    try:
        checked = check_document(file)
    except ValidationError as error:
        raise ValidationError({"file": error.messages}) from None
    title = _checked_title(title)
    kind = _checked_kind(kind)
    # Downloaded under the name the person gave, with the extension of the
    # recognised type (evil.html holding a PDF is evil.pdf); stored under a
    # random name with that extension (see document_upload_path).
    original_name = document_file_name(file.name or "", checked.content_type)
    file.name = f"dokument{checked.extension}"
    document = ProjectDocument(
        project=project,
        title=title,
        kind=kind,
        file=file,
        original_name=original_name,
        content_type=checked.content_type,
        size=checked.size,
        uploaded_by=actor,
    )
    document.save()
    log_action(
        actor=actor,
        obj=project,
        action="document.add",
        changes={
            "document": title,
            "kind": kind,
            "file": original_name,
            "size": checked.size,
        },
    )
    catalogue_changed(project_id=project.pk)
    return document


@transaction.atomic
def document_rename(
    *, document: ProjectDocument, actor: User, title: str, kind: str | None = None
) -> ProjectDocument:
    """A new title (and kind); a new file is a new document (``document_add``)."""
    if not permissions.can_edit_project(actor, document.project):
        raise deny(_("Sie dürfen die Dokumente dieses Projekts nicht ändern."))
    title = _checked_title(title)
    old_title, old_kind = ProjectDocument.objects.values_list("title", "kind").get(pk=document.pk)
    kind = old_kind if kind is None else _checked_kind(kind)
    if (title, kind) != (old_title, old_kind):
        document.title, document.kind = title, kind
        document.save(update_fields=["title", "kind"])
        changes: dict = {}
        if title != old_title:
            changes["document"] = [old_title, title]
        if kind != old_kind:
            changes["kind"] = [old_kind, kind]
        log_action(actor=actor, obj=document.project, action="document.update", changes=changes)
        catalogue_changed(project_id=document.project_id)
    return document


@transaction.atomic
def document_delete(*, document: ProjectDocument, actor: User) -> None:
    project = document.project
    if not permissions.can_edit_project(actor, project):
        raise deny(_("Sie dürfen die Dokumente dieses Projekts nicht löschen."))
    storage, name = document.file.storage, document.file.name
    document.delete()
    log_action(
        actor=actor,
        obj=project,
        action="document.delete",
        changes={"document": document.title, "file": document.original_name},
    )
    if name:
        transaction.on_commit(lambda: storage.delete(name))
    catalogue_changed(project_id=project.pk)


def _checked_title(title: str) -> str:
    title = (title or "").strip()[:200]
    if not title:
        raise ValidationError({"title": _("Bitte geben Sie einen Titel an.")})
    try:
        validate_no_html(title)
        validate_one_line(title)
    except ValidationError as error:
        raise ValidationError({"title": error.messages}) from None
    return title


def _checked_kind(kind: str) -> str:
    if kind not in ProjectDocument.Kind.values:
        raise ValidationError({"kind": _("Bitte wählen Sie eine Art des Dokuments.")})
    return kind
