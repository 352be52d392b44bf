"""The change history."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditEntry(models.Model):
    """Who changed what and when, for every change that matters to money or moderation.

    Apps write entries through ``members.audit.log_action`` inside the same
    transaction as the change itself.
    """

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("durch"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # The actor's city at the time: the entry still names it once the person
    # is deleted or anonymised (members.services.people).
    actor_municipality = models.ForeignKey(
        "members.Municipality",
        verbose_name=_("Kommune der handelnden Person"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    content_type = models.ForeignKey(
        "contenttypes.ContentType", verbose_name=_("Art des Eintrags"), on_delete=models.CASCADE
    )
    object_id = models.CharField(_("Kennung des Eintrags"), max_length=64)
    object_repr = models.CharField(_("Objekt"), max_length=300)
    action = models.CharField(_("Aktion"), max_length=64)
    changes = models.JSONField(_("Änderungen"), default=dict, blank=True)
    created_at = models.DateTimeField(_("Zeitpunkt"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("Protokolleintrag")
        verbose_name_plural = _("Protokoll")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["content_type", "object_id", "-created_at"], name="audit_object")
        ]

    def __str__(self) -> str:
        return (
            f"{timezone.localtime(self.created_at):%d.%m.%Y %H:%M} {self.action} {self.object_repr}"
        )

    @property
    def actor_label(self) -> str:
        """Who did it: the person, or their city once the person is gone."""
        if self.actor is not None:
            return str(self.actor)
        if self.actor_municipality_id is not None:
            from members.models.users import anonymous_label

            return anonymous_label(self.actor_municipality)
        return ""
