"""Is a published project still current? Intervals as data, reminders exactly once."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.constraints import FieldCheckConstraint
from core.reminders import ReminderBase


class FreshnessInterval(models.Model):
    """After how many months without a change or confirmation the lead city is
    asked "Noch aktuell?" (``ask``), and after how many the catalogue shows
    "möglicherweise veraltet" (``outdated``). Coordinators edit them in the admin."""

    class Kind(models.TextChoices):
        ASK = "ask", _("Nachfrage „Noch aktuell?“")
        OUTDATED = "outdated", _("„möglicherweise veraltet“ anzeigen")

    kind = models.CharField(_("Art"), max_length=16, choices=Kind.choices, unique=True)
    months = models.PositiveSmallIntegerField(
        _("Monate ohne Änderung"),
        validators=[
            MinValueValidator(1, _("Mindestens 1 Monat.")),
            MaxValueValidator(120, _("Höchstens 120 Monate.")),
        ],
    )

    class Meta:
        verbose_name = _("Intervall „Noch aktuell?“")
        verbose_name_plural = _("Intervalle „Noch aktuell?“")
        ordering = ["months"]
        constraints = [
            FieldCheckConstraint(
                condition=Q(months__gte=1) & Q(months__lte=120),
                name="freshness_months_range",
                field="months",
                violation_error_message=_("Zwischen 1 und 120 Monaten."),
            )
        ]

    def __str__(self) -> str:
        return gettext("%(kind)s nach %(months)d Monaten") % {
            "kind": self.get_kind_display(),
            "months": self.months,
        }


class CurrentReminder(ReminderBase):
    """One "Noch aktuell?" mail about one project to one person of the lead
    city; ``stage`` is the day the project was last changed or confirmed, so
    every new period of silence asks once more."""

    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("Projekt"),
        on_delete=models.CASCADE,
        related_name="current_reminders",
    )

    class Meta:
        verbose_name = _("Nachfrage „Noch aktuell?“")
        verbose_name_plural = _("Nachfragen „Noch aktuell?“")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "recipient", "stage"], name="currentreminder_once_per_stage"
            )
        ]
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                condition=Q(sent_at__isnull=True),
                name="currentreminder_pending",
            )
        ]

    def __str__(self) -> str:
        return f"{self.project_id} – {self.recipient_id} – {self.stage}"

    def message_id_parts(self) -> tuple[object, ...]:
        return ("projects-current", self.project_id, self.recipient_id, self.stage)
