"""Municipalities (and other member organisations) and their membership."""

from datetime import date

from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.constraints import FieldCheckConstraint, date_in_range
from core.text import validate_multi_line, validate_one_line

# [0-9], not \d: \d also matches other scripts' digits, which are no AGS.


ags_validator = RegexValidator(
    r"^[0-9]{8}\Z",
    _("Der Amtliche Gemeindeschlüssel besteht aus genau 8 Ziffern (z. B. 07318000)."),
    code="invalid_ags",
)


class MunicipalityQuerySet(models.QuerySet):
    def members(self, on: date | None = None) -> "MunicipalityQuerySet":
        """Members of the network on a day (today by default): joined, not yet left."""
        on = on or timezone.localdate()
        return self.filter(joined_on__lte=on).filter(Q(left_on__isnull=True) | Q(left_on__gt=on))

    def search(self, query: str) -> "MunicipalityQuerySet":
        query = query.strip()
        if not query:
            return self
        return self.filter(
            Q(name__icontains=query)
            | Q(official_name__icontains=query)
            | Q(district__icontains=query)
            | Q(ags__startswith=query)
        )


class Municipality(models.Model):
    class Kind(models.TextChoices):
        INDEPENDENT_CITY = "kreisfreie_stadt", _("Kreisfreie Stadt")
        MUNICIPALITY = "verbandsfreie_gemeinde", _("Verbandsfreie Gemeinde/Stadt")
        ASSOCIATION = "verbandsgemeinde", _("Verbandsgemeinde")
        LOCAL_COMMUNITY = "ortsgemeinde", _("Ortsgemeinde")
        DISTRICT = "landkreis", _("Landkreis")
        ORGANISATION = "organisation", _("Sonstige Organisation")

    class NetworkRole(models.TextChoices):
        """What a member does in the network (shown on its page)."""

        MEMBER = "mitglied", _("Mitglied")
        FOUNDING_MEMBER = "gruendungsmitglied", _("Gründungsmitglied")
        COORDINATION = "koordination", _("Koordination des Netzwerks")
        SUPPORT = "begleitung", _("Begleitet das Netzwerk")

    name = models.CharField(_("Name"), max_length=200, validators=[validate_one_line])
    official_name = models.CharField(
        _("Amtlicher Name"), max_length=200, blank=True, validators=[validate_one_line]
    )
    slug = models.SlugField(_("Kurzname (URL)"), max_length=200, unique=True)
    kind = models.CharField(_("Art"), max_length=32, choices=Kind.choices)
    ags = models.CharField(
        _("Amtlicher Gemeindeschlüssel (AGS)"),
        max_length=8,
        blank=True,
        validators=[ags_validator],
        help_text=_("Genau 8 Ziffern; leer bei Organisationen, die keine Kommune sind."),
    )
    district = models.CharField(
        _("Landkreis"), max_length=200, blank=True, validators=[validate_one_line]
    )
    population = models.PositiveIntegerField(_("Einwohnerzahl"), null=True, blank=True)
    latitude = models.DecimalField(
        _("Breitengrad"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("Längengrad"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    address = models.TextField(_("Anschrift"), blank=True, validators=[validate_multi_line])
    website = models.URLField(_("Website"), blank=True, validators=[validate_one_line])
    description = models.TextField(_("Beschreibung"), blank=True, validators=[validate_multi_line])
    joined_on = models.DateField(_("Mitglied seit"), null=True, blank=True)
    network_role = models.CharField(
        _("Rolle im Netzwerk"),
        max_length=32,
        choices=NetworkRole.choices,
        default=NetworkRole.MEMBER,
    )
    left_on = models.DateField(_("Ausgetreten am"), null=True, blank=True)
    is_example = models.BooleanField(
        _("Beispieldatensatz"),
        default=False,
        help_text=_("Markiert Angaben, die nicht aus Quellen stammen, sondern Beispiele sind."),
    )
    created_at = models.DateTimeField(_("angelegt am"), auto_now_add=True)
    updated_at = models.DateTimeField(_("geändert am"), auto_now=True)

    objects = MunicipalityQuerySet.as_manager()

    class Meta:
        verbose_name = _("Kommune")
        verbose_name_plural = _("Kommunen")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["ags"],
                condition=~Q(ags=""),
                name="municipality_ags_unique_when_set",
                violation_error_code="unique",  # the error of the field, not of the form
                violation_error_message=_(
                    "Dieser Amtliche Gemeindeschlüssel ist bereits einer anderen Kommune "
                    "zugeordnet."
                ),
            ),
            FieldCheckConstraint(
                condition=Q(ags="") | Q(ags__regex=r"^[0-9]{8}$"),
                name="municipality_ags_eight_digits",
                field="ags",
                violation_error_message=_(
                    "Der Amtliche Gemeindeschlüssel besteht aus genau 8 Ziffern."
                ),
            ),
            FieldCheckConstraint(
                condition=Q(left_on__isnull=True) | Q(joined_on__isnull=False),
                name="municipality_left_needs_joined",
                field="left_on",
                violation_error_message=_("Ein Austrittsdatum setzt ein Beitrittsdatum voraus."),
            ),
            FieldCheckConstraint(
                condition=Q(left_on__isnull=True)
                | Q(joined_on__isnull=True)
                | Q(left_on__gte=F("joined_on")),
                name="municipality_left_not_before_joined",
                field="left_on",
                violation_error_message=_(
                    "Das Austrittsdatum darf nicht vor dem Beitrittsdatum liegen."
                ),
            ),
            date_in_range("joined_on", name="municipality_joined_on_in_range"),
            date_in_range("left_on", name="municipality_left_on_in_range"),
        ]
        indexes = [models.Index(fields=["joined_on", "left_on"], name="municipality_membership")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("members:municipality-detail", kwargs={"slug": self.slug})

    def is_member_on(self, day: date) -> bool:
        return bool(
            self.joined_on
            and self.joined_on <= day
            and (self.left_on is None or self.left_on > day)
        )

    @property
    def is_member(self) -> bool:
        return self.is_member_on(timezone.localdate())
