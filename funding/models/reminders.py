"""What is due when: reminder offsets (data, edited in the admin) and the sent reminders."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.constraints import FieldCheckConstraint
from core.reminders import ReminderBase
from funding.models.obligations import ReportingObligation


class ReminderOffset(models.Model):
    """When reporting reminders go out; edited by the coordinators in the admin."""

    class Kind(models.TextChoices):
        BEFORE = "vor_faelligkeit", _("Tage vor der Fälligkeit")
        OVERDUE = "ueberfaellig", _("Bei Überfälligkeit alle … Tage")

    kind = models.CharField(_("Art"), max_length=20, choices=Kind.choices)
    days = models.PositiveSmallIntegerField(_("Tage"))
    is_active = models.BooleanField(_("aktiv"), default=True)

    class Meta:
        verbose_name = _("Erinnerungszeitpunkt")
        verbose_name_plural = _("Erinnerungszeitpunkte (Nachweise)")
        ordering = ["kind", "-days"]
        constraints = [
            FieldCheckConstraint(
                condition=Q(days__gte=1),
                name="reminderoffset_days_positive",
                field="days",
                violation_error_message=_("Bitte mindestens 1 Tag angeben."),
            ),
            models.UniqueConstraint(
                fields=["kind", "days"],
                name="reminderoffset_unique",
                violation_error_message=_("Diesen Erinnerungszeitpunkt gibt es bereits."),
            ),
            models.UniqueConstraint(
                fields=["kind"],
                condition=Q(kind="ueberfaellig"),
                name="reminderoffset_one_overdue_interval",
                violation_error_message=_("Es gibt nur einen Abstand für überfällige Nachweise."),
            ),
        ]

    def __str__(self) -> str:
        if self.kind == self.Kind.BEFORE:
            return ngettext(
                "%(days)d Tag vor der Fälligkeit", "%(days)d Tage vor der Fälligkeit", self.days
            ) % {"days": self.days}
        return ngettext(
            "jeden Tag bei Überfälligkeit", "alle %(days)d Tage bei Überfälligkeit", self.days
        ) % {"days": self.days}


class ReportingReminder(ReminderBase):
    """One reminder about one obligation to one person at one stage (sent exactly once)."""

    obligation = models.ForeignKey(
        ReportingObligation,
        verbose_name=_("Nachweispflicht"),
        on_delete=models.CASCADE,
        related_name="reminders",
    )

    class Meta:
        verbose_name = _("Erinnerung (Nachweis)")
        verbose_name_plural = _("Erinnerungen (Nachweise)")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["obligation", "recipient", "stage"], name="reportingreminder_once"
            )
        ]
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                condition=Q(sent_at__isnull=True),
                name="reportingreminder_pending",
            )
        ]

    def __str__(self) -> str:
        return f"{self.obligation} → {self.recipient} ({self.stage})"

    def message_id_parts(self) -> tuple[object, ...]:
        return ("funding", self.obligation_id, self.recipient_id, self.stage)
