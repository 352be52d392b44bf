"""Topics (Themenfelder)."""

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from core.text import validate_multi_line, validate_one_line
from members.models import Municipality


class Topic(models.Model):
    """A Themenfeld; members' focus topics point here."""

    name = models.CharField(_("Name"), max_length=100, unique=True, validators=[validate_one_line])
    # Topic names are data the coordinators keep (new topics come through the
    # admin), so their English is a field beside them, not a gettext entry.
    name_en = models.CharField(
        _("Name auf Englisch"),
        max_length=100,
        blank=True,
        validators=[validate_one_line],
        help_text=_("Für die englische Oberfläche; leer: der deutsche Name."),
    )
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
        return self.display_name

    @property
    def display_name(self) -> str:
        """The name in the interface's language (German when no English is kept)."""
        if self.name_en and (get_language() or "de") != "de":
            return self.name_en
        return self.name

    @property
    def display_lang(self) -> str:
        """``"de"`` when the name shown is German in another interface language
        (for its ``lang`` attribute), else empty."""
        return "de" if (get_language() or "de") != "de" and not self.name_en else ""
