"""Follows, the weekly digest and the mails about what followed things did.

A ``Follow`` is one person × one topic, municipality or project with a
delivery choice. What happened is read from the change history
(``members.AuditEntry``): the services of the apps below already write one
entry per change in the change's transaction, so the history is the outbox
and no service above has to know that anyone follows anything. ``Notice``
(one per history entry × person) and ``Digest`` (one per person × week) are
claimed and sent exactly once through ``core.reminders``.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.reminders import ReminderBase


class Delivery(models.TextChoices):
    IMMEDIATE = "sofort", _("sofort")
    WEEKLY = "woechentlich", _("im Wochenüberblick")
    OFF = "aus", _("aus")


class Follow(models.Model):
    """One person follows one topic, municipality or project."""

    Delivery = Delivery

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Person"),
        on_delete=models.CASCADE,
        related_name="follows",
    )
    topic = models.ForeignKey(
        "projects.Topic",
        verbose_name=_("Themenfeld"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    municipality = models.ForeignKey(
        "members.Municipality",
        verbose_name=_("Kommune"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("Projekt"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    delivery = models.CharField(
        _("Benachrichtigung"), max_length=16, choices=Delivery.choices, default=Delivery.IMMEDIATE
    )
    created_at = models.DateTimeField(_("seit"), default=timezone.now)

    class Meta:
        verbose_name = _("Folgen")
        verbose_name_plural = _("Gefolgtes")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(topic__isnull=False, municipality__isnull=True, project__isnull=True)
                    | Q(topic__isnull=True, municipality__isnull=False, project__isnull=True)
                    | Q(topic__isnull=True, municipality__isnull=True, project__isnull=False)
                ),
                name="follow_exactly_one_target",
            ),
            models.UniqueConstraint(
                fields=["user", "topic"], condition=Q(topic__isnull=False), name="follow_topic_once"
            ),
            models.UniqueConstraint(
                fields=["user", "municipality"],
                condition=Q(municipality__isnull=False),
                name="follow_municipality_once",
            ),
            models.UniqueConstraint(
                fields=["user", "project"],
                condition=Q(project__isnull=False),
                name="follow_project_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.target}"

    @property
    def kind(self) -> str:
        if self.topic_id:
            return "thema"
        if self.municipality_id:
            return "kommune"
        return "projekt"

    @property
    def target(self) -> models.Model:
        return self.topic or self.municipality or self.project  # type: ignore[return-value]


class Subscriber(models.Model):
    """Per person: the network digest, and when "Mein Konto" was last seen."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Person"),
        on_delete=models.CASCADE,
        related_name="follow_settings",
    )
    network_digest = models.BooleanField(_("Wochenüberblick des Netzwerks"), default=False)
    last_visit_at = models.DateTimeField(_("zuletzt in Mein Konto"), null=True, blank=True)

    class Meta:
        verbose_name = _("Einstellung für Benachrichtigungen")
        verbose_name_plural = _("Einstellungen für Benachrichtigungen")

    def __str__(self) -> str:
        return str(self.user_id)


class Notice(ReminderBase):
    """One mail "this changed" about one history entry to one person."""

    class Reason(models.TextChoices):
        FOLLOW = "follow", _("gefolgt")
        REUSE = "reuse", _("Nachnutzung des eigenen Projekts")

    entry = models.ForeignKey(
        "members.AuditEntry",
        verbose_name=_("Änderung"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    follow = models.ForeignKey(
        Follow,
        verbose_name=_("Folgen"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reason = models.CharField(_("Anlass"), max_length=16, choices=Reason.choices)

    class Meta:
        verbose_name = _("Benachrichtigung")
        verbose_name_plural = _("Benachrichtigungen")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["entry", "recipient"], name="notice_once_per_entry")
        ]
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                condition=Q(sent_at__isnull=True),
                name="notice_pending",
            )
        ]

    def __str__(self) -> str:
        return f"{self.entry_id} – {self.recipient_id}"

    def message_id_parts(self) -> tuple[object, ...]:
        return ("follows", self.entry_id, self.recipient_id, self.stage)


class Digest(ReminderBase):
    """One weekly digest to one person; ``stage`` is the ISO week (``2026-W49``)."""

    class Meta:
        verbose_name = _("Wochenüberblick")
        verbose_name_plural = _("Wochenüberblicke")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["recipient", "stage"], name="digest_once_per_week")
        ]
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                condition=Q(sent_at__isnull=True),
                name="digest_pending",
            )
        ]

    def __str__(self) -> str:
        return f"{self.stage} – {self.recipient_id}"

    def message_id_parts(self) -> tuple[object, ...]:
        return ("digest", "week", self.recipient_id, self.stage)


class HandledEntry(models.Model):
    """A history entry whose notices have been claimed: the next dispatcher
    skips it instead of working out its recipients again."""

    entry = models.OneToOneField(
        "members.AuditEntry",
        verbose_name=_("Änderung"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="+",
    )
    handled_at = models.DateTimeField(_("bearbeitet am"), default=timezone.now)

    class Meta:
        verbose_name = _("bearbeitete Änderung")
        verbose_name_plural = _("bearbeitete Änderungen")

    def __str__(self) -> str:
        return str(self.entry_id)
