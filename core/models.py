"""What the bottom layer keeps in the database: form submissions already handled."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class FormSubmission(models.Model):
    """A form's one-time token, claimed by the first submission that used it.

    A double click, a reload after a slow answer or two tabs send the same form
    twice; the second finds the token taken and is sent where the first led,
    instead of creating a second project (``core.submissions``).
    """

    token = models.CharField(max_length=64, unique=True)
    result_url = models.CharField(_("Ergebnis"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("angelegt am"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("Formular-Einsendung")
        verbose_name_plural = _("Formular-Einsendungen")

    def __str__(self) -> str:
        return self.token
