"""Funding programmes of the state (Förderprogramme) and the money fields."""

from decimal import Decimal

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from core.constraints import FieldCheckConstraint, date_in_range
from core.fields import AmountModelField
from core.text import validate_multi_line, validate_one_line

MONEY = {"max_digits": 14, "decimal_places": 2}
ZERO = Decimal("0.00")


class FundingProgram(models.Model):
    """A funding programme of the state (Förderprogramm)."""

    name = models.CharField(_("Name"), max_length=200, unique=True, validators=[validate_one_line])
    slug = models.SlugField(_("Kurzname (URL)"), max_length=100, unique=True)
    funder = models.CharField(_("Fördergeber"), max_length=200, validators=[validate_one_line])
    description = models.TextField(_("Beschreibung"), blank=True, validators=[validate_multi_line])
    start_date = models.DateField(_("Laufzeit von"), null=True, blank=True)
    end_date = models.DateField(_("Laufzeit bis"), null=True, blank=True)
    budget = AmountModelField(_("Budget (EUR)"), null=True, blank=True, **MONEY)
    note = models.TextField(_("Hinweis"), blank=True, validators=[validate_multi_line])
    is_example = models.BooleanField(_("Beispieldatensatz"), default=False)
    created_at = models.DateTimeField(_("angelegt am"), auto_now_add=True)
    updated_at = models.DateTimeField(_("geändert am"), auto_now=True)

    class Meta:
        verbose_name = _("Förderprogramm")
        verbose_name_plural = _("Förderprogramme")
        ordering = ["name"]
        constraints = [
            FieldCheckConstraint(
                condition=Q(budget__isnull=True) | Q(budget__gt=0),
                name="fundingprogram_budget_positive",
                field="budget",
                violation_error_message=_("Das Budget muss größer als 0 sein."),
            ),
            FieldCheckConstraint(
                condition=Q(start_date__isnull=True)
                | Q(end_date__isnull=True)
                | Q(end_date__gte=F("start_date")),
                name="fundingprogram_end_not_before_start",
                field="end_date",
                violation_error_message=_("Das Laufzeitende darf nicht vor dem Beginn liegen."),
            ),
            date_in_range("start_date", name="fundingprogram_start_date_in_range"),
            date_in_range("end_date", name="fundingprogram_end_date_in_range"),
        ]

    def __str__(self) -> str:
        return self.name
