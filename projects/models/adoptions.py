"""Adoptions (Nachnutzung): a municipality reuses another's project."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from core.constraints import FieldCheckConstraint, date_in_range
from core.text import validate_multi_line
from members.models import Municipality
from projects.models.projects import Project
from projects.querysets import AdoptionQuerySet


class Adoption(models.Model):
    """Nachnutzung: a municipality reuses a project of another."""

    class Status(models.TextChoices):
        INTERESTED = "interessiert", _("Interessiert")
        REVIEW = "in_pruefung", _("In Prüfung")
        IMPLEMENTING = "in_umsetzung", _("In Umsetzung")
        OPERATING = "im_betrieb", _("Im Betrieb")
        CANCELLED = "abgebrochen", _("Abgebrochen")

    project = models.ForeignKey(
        Project, verbose_name=_("Projekt"), on_delete=models.CASCADE, related_name="adoptions"
    )
    municipality = models.ForeignKey(
        Municipality, verbose_name=_("Kommune"), on_delete=models.PROTECT, related_name="adoptions"
    )
    status = models.CharField(
        _("Stand"), max_length=20, choices=Status.choices, default=Status.INTERESTED
    )
    started_on = models.DateField(_("Beginn"), null=True, blank=True)
    completed_on = models.DateField(_("In Betrieb seit / beendet am"), null=True, blank=True)
    note = models.TextField(_("Notiz"), blank=True, validators=[validate_multi_line])
    # The adopting city's own project that came out of this adoption: the
    # lineage of who reused from whom (projects.lineage). One project comes
    # out of at most one adoption, so the lineage is a tree; the services keep
    # it free of cycles. Issue 14 reads it for schema.org ``isBasedOn``.
    resulting_project = models.OneToOneField(
        Project,
        verbose_name=_("Daraus hervorgegangenes eigenes Projekt"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="based_on_adoption",
        error_messages={
            "unique": _("Dieses Projekt ist bereits aus einer anderen Nachnutzung entstanden.")
        },
    )
    is_example = models.BooleanField(_("Beispieldatensatz"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("angelegt von"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("angelegt am"), auto_now_add=True)
    updated_at = models.DateTimeField(_("zuletzt geändert"), auto_now=True)

    objects = AdoptionQuerySet.as_manager()

    class Meta:
        verbose_name = _("Nachnutzung")
        verbose_name_plural = _("Nachnutzungen")
        ordering = ["-updated_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "municipality"],
                name="adoption_unique_per_project_and_municipality",
                violation_error_message=_(
                    "Diese Kommune hat die Nachnutzung dieses Projekts bereits erklärt."
                ),
            ),
            FieldCheckConstraint(
                condition=Q(started_on__isnull=True)
                | Q(completed_on__isnull=True)
                | Q(completed_on__gte=F("started_on")),
                name="adoption_completed_not_before_started",
                field="completed_on",
                violation_error_message=_("Das Ende darf nicht vor dem Beginn liegen."),
            ),
            FieldCheckConstraint(
                condition=~Q(resulting_project=F("project")),
                name="adoption_resulting_project_not_itself",
                field="resulting_project",
                violation_error_message=_(
                    "Das entstandene Projekt kann nicht das nachgenutzte Projekt selbst sein."
                ),
            ),
            date_in_range("started_on", name="adoption_started_on_in_range"),
            date_in_range("completed_on", name="adoption_completed_on_in_range"),
        ]
        indexes = [
            models.Index(fields=["project", "status"], name="adoption_project_status"),
            models.Index(fields=["-updated_at", "-id"], name="adoption_updated"),
            models.Index(fields=["municipality", "status"], name="adoption_municipality_status"),
        ]

    def __str__(self) -> str:
        return _("%(municipality)s nutzt %(project)s nach") % {
            "municipality": self.municipality,
            "project": self.project,
        }
