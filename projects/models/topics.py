"""Topics (Themenfelder)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.text import validate_multi_line, validate_one_line
from members.models import Municipality


class Topic(models.Model):
    """A Themenfeld; members' focus topics point here."""

    name = models.CharField(_("Name"), max_length=100, unique=True, validators=[validate_one_line])
    slug = models.SlugField(_("Kurzname (URL)"), max_length=100, unique=True)
    description = models.TextField(_("Beschreibung"), blank=True, validators=[validate_multi_line])
    focus_of = models.ManyToManyField(
        Municipality,
        verbose_name=_("Schwerpunkt von"),
        related_name="focus_topics",
        blank=True,
    )

    class Meta:
        verbose_name = _("Themenfeld")
        verbose_name_plural = _("Themenfelder")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
