"""Documents of a project, served only through a permission check."""

import secrets
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.text import validate_one_line
from projects.models.projects import Project


def document_upload_path(instance: "ProjectDocument", filename: str) -> str:
    # A random name: documents are served only through a permission check,
    # never by guessing their path.
    suffix = PurePath(filename).suffix.lower()[:10]
    return f"documents/projects/{secrets.token_urlsafe(24)}{suffix}"


class ProjectDocument(models.Model):
    class Kind(models.TextChoices):
        TENDER = "leistungsbeschreibung", _("Leistungsbeschreibung/Ausschreibung")
        CONTRACT = "vertrag", _("Vertrag/Kooperationsvereinbarung")
        DATA_PROTECTION = "datenschutz", _("Datenschutz (DSFA/VVT)")
        OPERATIONS = "betriebshandbuch", _("Betriebshandbuch")
        PRESENTATION = "praesentation", _("Präsentation")
        OTHER = "sonstiges", _("Sonstiges")

    # The kinds that hand a project over to another city: one of them makes
    # it "nachnutzungsbereit" (projects.readiness).
    HANDOVER_KINDS = (Kind.TENDER, Kind.CONTRACT, Kind.OPERATIONS)

    project = models.ForeignKey(
        Project, verbose_name=_("Projekt"), on_delete=models.CASCADE, related_name="documents"
    )
    title = models.CharField(_("Titel"), max_length=200, validators=[validate_one_line])
    kind = models.CharField(
        _("Art"), max_length=30, choices=Kind.choices, default=Kind.OTHER, db_index=True
    )
    file = models.FileField(_("Datei"), upload_to=document_upload_path, max_length=200)
    original_name = models.CharField(_("Dateiname"), max_length=255, validators=[validate_one_line])
    content_type = models.CharField(_("Dateityp"), max_length=100)
    size = models.PositiveIntegerField(_("Größe (Bytes)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("hochgeladen von"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("hochgeladen am"), auto_now_add=True)

    class Meta:
        verbose_name = _("Dokument")
        verbose_name_plural = _("Dokumente")
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title
