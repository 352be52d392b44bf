"""Who comes: seats and the waiting list."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Registration(models.Model):
    class Status(models.TextChoices):
        CONFIRMED = "angemeldet", _("Angemeldet")
        WAITING = "warteliste", _("Warteliste")
        CANCELLED = "storniert", _("Storniert")
        ATTENDED = "teilgenommen", _("Teilgenommen")

    # A person has at most one registration in these states per event.
    ACTIVE = (Status.CONFIRMED, Status.WAITING, Status.ATTENDED)
    # These hold a seat.
    SEATED = (Status.CONFIRMED, Status.ATTENDED)

    event = models.ForeignKey(
        "events.Event",
        verbose_name=_("Termin"),
        on_delete=models.CASCADE,
        related_name="registrations",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Person"),
        on_delete=models.CASCADE,
        related_name="event_registrations",
    )
    status = models.CharField(_("Status"), max_length=16, choices=Status.choices)
    waitlist_position = models.PositiveIntegerField(
        _("Platz auf der Warteliste"), null=True, blank=True
    )
    registered_at = models.DateTimeField(_("angemeldet am"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("Platz bestätigt am"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("storniert am"), null=True, blank=True)
    attended_at = models.DateTimeField(_("Teilnahme bestätigt am"), null=True, blank=True)
    updated_at = models.DateTimeField(_("zuletzt geändert"), auto_now=True)

    class Meta:
        verbose_name = _("Anmeldung")
        verbose_name_plural = _("Anmeldungen")
        ordering = ["registered_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "user"],
                condition=Q(status__in=["angemeldet", "warteliste", "teilgenommen"]),
                name="registration_one_active_per_person",
                violation_error_message=_("Diese Person ist für diesen Termin bereits angemeldet."),
            ),
            models.CheckConstraint(
                # isnull=False spelled out: a CHECK passes when it evaluates to NULL.
                condition=(
                    Q(status="warteliste")
                    & Q(waitlist_position__isnull=False)
                    & Q(waitlist_position__gte=1)
                )
                | (~Q(status="warteliste") & Q(waitlist_position__isnull=True)),
                name="registration_position_only_when_waiting",
                violation_error_message=_(
                    "Nur Anmeldungen auf der Warteliste haben einen Wartelistenplatz."
                ),
            ),
        ]
        indexes = [
            models.Index(fields=["event", "status", "waitlist_position"], name="registration_queue")
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.event}"

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE
