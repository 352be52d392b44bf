"""When reminders go out, and every mail about a meeting sent exactly once."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.constraints import FieldCheckConstraint
from core.reminders import ReminderBase


class ReminderOffset(models.Model):
    """When reminders go out for one event: so many days before its start."""

    event = models.ForeignKey(
        "events.Event",
        verbose_name=_("Termin"),
        on_delete=models.CASCADE,
        related_name="reminder_offsets",
    )
    days_before = models.PositiveSmallIntegerField(
        _("Tage vorher"),
        validators=[
            MinValueValidator(1, _("Mindestens 1 Tag vorher.")),
            MaxValueValidator(365, _("Höchstens 365 Tage vorher.")),
        ],
    )

    class Meta:
        verbose_name = _("Erinnerung")
        verbose_name_plural = _("Erinnerungen (Tage vor Beginn)")
        ordering = ["-days_before"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "days_before"],
                name="reminder_offset_unique_per_event",
                violation_error_message=_("Diese Erinnerung gibt es für den Termin schon."),
            ),
            FieldCheckConstraint(
                condition=Q(days_before__gte=1) & Q(days_before__lte=365),
                name="reminder_offset_days_range",
                field="days_before",
                violation_error_message=_("Erinnerungen gehen 1 bis 365 Tage vorher hinaus."),
            ),
        ]

    def __str__(self) -> str:
        return gettext("%(days)d Tag(e) vorher") % {"days": self.days_before}

    @property
    def stage(self) -> str:
        return f"{self.days_before}d"


class EventReminder(ReminderBase):
    """One mail about a meeting to one person, sent exactly once.

    Reminders (stage ``7d``, ``1d``) and notices (confirmation, moving up from
    the waiting list, cancellations) share the exactly-once machinery of
    ``core.reminders``: the row is written in the transaction that makes the
    mail due, so it is neither lost nor sent twice.
    """

    class Kind(models.TextChoices):
        REMINDER = "reminder", _("Erinnerung")
        REGISTERED = "registered", _("Anmeldebestätigung")
        WAITLISTED = "waitlisted", _("Platz auf der Warteliste")
        PROMOTED = "promoted", _("Nachgerückt")
        REGISTRATION_CANCELLED = "registration_cancelled", _("Anmeldung storniert")
        EVENT_CANCELLED = "event_cancelled", _("Termin abgesagt")

    event = models.ForeignKey(
        "events.Event", verbose_name=_("Termin"), on_delete=models.CASCADE, related_name="reminders"
    )
    registration = models.ForeignKey(
        "events.Registration",
        verbose_name=_("Anmeldung"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    kind = models.CharField(_("Art"), max_length=32, choices=Kind.choices)

    class Meta:
        verbose_name = _("Erinnerung oder Benachrichtigung")
        verbose_name_plural = _("Erinnerungen und Benachrichtigungen")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "recipient", "stage"], name="eventreminder_once_per_stage"
            )
        ]
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                condition=Q(sent_at__isnull=True),
                name="eventreminder_pending",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.stage} – {self.recipient_id} – {self.event_id}"

    def message_id_parts(self) -> tuple[object, ...]:
        return ("events", self.event_id, self.recipient_id, self.stage)
