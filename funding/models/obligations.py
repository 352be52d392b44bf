"""Reporting obligations (Zwischen-/Verwendungsnachweis, Sachbericht) of a grant."""

import secrets
from datetime import date
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.constraints import date_in_range
from core.text import validate_one_line
from funding.models.grants import Grant


def proof_upload_path(instance: "ReportingObligation", filename: str) -> str:
    # A random name: proofs are served only through a permission check.
    suffix = PurePath(filename).suffix.lower()[:10]
    return f"documents/funding/{secrets.token_urlsafe(24)}{suffix}"


class ReportingObligation(models.Model):
    """A proof the recipient owes by a date (Zwischen-/Verwendungsnachweis, Sachbericht)."""

    class Kind(models.TextChoices):
        INTERIM = "zwischennachweis", _("Zwischennachweis")
        FINAL = "verwendungsnachweis", _("Verwendungsnachweis")
        REPORT = "sachbericht", _("Sachbericht")

    class Status(models.TextChoices):
        OPEN = "offen", _("Offen")
        SUBMITTED = "eingereicht", _("Eingereicht")

    grant = models.ForeignKey(
        Grant,
        verbose_name=_("Förderbescheid"),
        on_delete=models.CASCADE,
        related_name="obligations",
    )
    kind = models.CharField(_("Art"), max_length=32, choices=Kind.choices)
    due_date = models.DateField(_("Fällig am"))
    status = models.CharField(
        _("Stand"), max_length=16, choices=Status.choices, default=Status.OPEN, editable=False
    )
    submitted_on = models.DateField(_("Eingereicht am"), null=True, blank=True, editable=False)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("eingereicht von"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    document = models.FileField(
        _("Nachweisdokument"),
        upload_to=proof_upload_path,
        max_length=200,
        blank=True,
        editable=False,
    )
    document_name = models.CharField(
        _("Dateiname"), max_length=255, blank=True, editable=False, validators=[validate_one_line]
    )
    document_content_type = models.CharField(
        _("Dateityp des Dokuments"), max_length=100, blank=True, editable=False
    )
    document_size = models.PositiveIntegerField(
        _("Größe des Dokuments (Bytes)"), null=True, blank=True, editable=False
    )
    note = models.CharField(
        _("Hinweis"), max_length=300, blank=True, validators=[validate_one_line]
    )
    is_example = models.BooleanField(
        _("Beispieldatum"),
        default=False,
        help_text=_("Das Fälligkeitsdatum ist ein Beispiel, nicht aus einem Bescheid."),
    )
    created_at = models.DateTimeField(_("angelegt am"), auto_now_add=True)
    updated_at = models.DateTimeField(_("geändert am"), auto_now=True)

    class Meta:
        verbose_name = _("Nachweispflicht")
        verbose_name_plural = _("Nachweispflichten")
        ordering = ["due_date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(status="offen") & Q(submitted_on__isnull=True))
                | (Q(status="eingereicht") & Q(submitted_on__isnull=False)),
                name="obligation_submitted_on_matches_status",
            ),
            date_in_range("due_date", name="obligation_due_date_in_range"),
            date_in_range("submitted_on", name="obligation_submitted_on_in_range"),
        ]
        indexes = [models.Index(fields=["status", "due_date"], name="obligation_open_due")]

    def __str__(self) -> str:
        return _("%(kind)s bis %(date)s") % {
            "kind": self.get_kind_display(),
            "date": f"{self.due_date:%d.%m.%Y}",
        }

    def is_overdue_on(self, day: date) -> bool:
        return self.status == self.Status.OPEN and self.due_date < day

    @property
    def is_overdue(self) -> bool:
        return self.is_overdue_on(timezone.localdate())

    @property
    def is_submitted(self) -> bool:
        return self.status == self.Status.SUBMITTED

    def get_document_url(self) -> str:
        return reverse("funding:obligation-document", kwargs={"pk": self.pk})
