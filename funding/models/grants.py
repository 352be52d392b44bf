"""Grants (Förderbescheide) and their payouts (Auszahlungen).

Money is ``Decimal`` with two places end to end. The rules that the database
can hold are constraints (amounts > 0, funding rate in (0, 100], period end
not before start); the rule it cannot hold in a CHECK — the payouts of a grant
never exceed its approved amount — is checked by ``funding.services`` under a
row lock on the grant, which also stores the payouts' sum on the grant
(``disbursed_amount``) — so reports add up one column instead of joining the
payouts, and a CHECK holds the stored sum within the approved amount. The
column type ``numeric(14, 2)`` fixes two decimal places; the services refuse a
third one instead of letting the database round.
"""

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import ExpressionWrapper, F, OuterRef, Q
from django.db.models.functions import ExtractYear
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.constraints import FieldCheckConstraint, date_in_range
from core.fields import AmountModelField
from core.text import validate_multi_line, validate_one_line
from funding.models.programs import MONEY, ZERO, FundingProgram
from members.models import Municipality


class GrantQuerySet(models.QuerySet):
    def with_amounts(self) -> "GrantQuerySet":
        """Annotate ``disbursed`` and ``remaining`` from the stored payout sum."""
        money = models.DecimalField(**MONEY)
        return self.annotate(
            disbursed=F("disbursed_amount"),
            remaining=ExpressionWrapper(
                F("approved_amount") - F("disbursed_amount"), output_field=money
            ),
        )

    def with_overdue(self, today: date | None = None) -> "GrantQuerySet":
        from funding.models.obligations import ReportingObligation

        today = today or timezone.localdate()
        overdue = ReportingObligation.objects.filter(
            grant=OuterRef("pk"), status=ReportingObligation.Status.OPEN, due_date__lt=today
        )
        return self.annotate(has_overdue=models.Exists(overdue))


class Grant(models.Model):
    """A Förderbescheid: money approved for one municipality in one programme."""

    class Status(models.TextChoices):
        APPROVED = "bewilligt", _("Bewilligt")
        DISBURSING = "teilweise_ausgezahlt", _("Teilweise ausgezahlt")
        PAID = "ausgezahlt", _("Vollständig ausgezahlt")
        COMPLETED = "abgeschlossen", _("Abgeschlossen (alle Nachweise eingereicht)")

    program = models.ForeignKey(
        FundingProgram,
        verbose_name=_("Förderprogramm"),
        on_delete=models.PROTECT,
        related_name="grants",
    )
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("Zuwendungsempfänger"),
        on_delete=models.PROTECT,
        related_name="grants",
    )
    file_reference = models.CharField(
        _("Aktenzeichen"),
        max_length=100,
        blank=True,
        help_text=_("Leer, wenn nicht bekannt."),
        validators=[validate_one_line],
    )
    purpose = models.CharField(_("Zuwendungszweck"), max_length=500, validators=[validate_one_line])
    phase = models.CharField(
        _("Förderphase"), max_length=100, blank=True, validators=[validate_one_line]
    )
    approved_amount = AmountModelField(_("Bewilligter Betrag (EUR)"), **MONEY)
    funding_rate = AmountModelField(
        _("Förderquote (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Größer als 0 und höchstens 100."),
    )
    decision_date = models.DateField(_("Datum des Bescheids"), null=True, blank=True)
    decision_year = models.PositiveSmallIntegerField(
        _("Jahr des Bescheids"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_(
            "Wird aus dem Datum übernommen; allein anzugeben, wenn nur das Jahr bekannt ist."
        ),
    )
    period_start = models.DateField(_("Förderzeitraum von"), null=True, blank=True)
    period_end = models.DateField(_("Förderzeitraum bis"), null=True, blank=True)
    disbursed_amount = models.DecimalField(
        _("Ausgezahlt (EUR)"),
        default=ZERO,
        editable=False,
        help_text=_("Summe der Auszahlungen; wird mit jeder Auszahlung fortgeschrieben."),
        **MONEY,
    )
    status = models.CharField(
        _("Stand"),
        max_length=32,
        choices=Status.choices,
        default=Status.APPROVED,
        db_index=True,
        editable=False,
        help_text=_("Ergibt sich aus Auszahlungen und Nachweisen."),
    )
    projects = models.ManyToManyField(
        "projects.Project",
        verbose_name=_("Geförderte Projekte"),
        blank=True,
        related_name="grants",
    )
    is_rounded = models.BooleanField(
        _("Gerundeter Gesamtbetrag"),
        default=False,
        help_text=_("Der Betrag ist eine gerundete Summe aus einer Quelle, kein Einzelbescheid."),
    )
    is_example = models.BooleanField(
        _("Beispieldatensatz"),
        default=False,
        help_text=_("Markiert Angaben, die nicht aus Quellen stammen, sondern Beispiele sind."),
    )
    note = models.TextField(_("Hinweis / Quelle"), blank=True, validators=[validate_multi_line])
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("angelegt von"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("angelegt am"), auto_now_add=True)
    updated_at = models.DateTimeField(_("geändert am"), auto_now=True)

    objects = GrantQuerySet.as_manager()

    class Meta:
        verbose_name = _("Förderbescheid")
        verbose_name_plural = _("Förderbescheide")
        ordering = ["-decision_year", "municipality__name", "pk"]
        constraints = [
            FieldCheckConstraint(
                condition=Q(approved_amount__gt=0),
                name="grant_approved_amount_positive",
                field="approved_amount",
                violation_error_message=_("Der bewilligte Betrag muss größer als 0 sein."),
            ),
            FieldCheckConstraint(
                condition=Q(funding_rate__isnull=True)
                | (Q(funding_rate__gt=0) & Q(funding_rate__lte=100)),
                name="grant_funding_rate_in_range",
                field="funding_rate",
                violation_error_message=_(
                    "Die Förderquote muss größer als 0 und höchstens 100 Prozent sein."
                ),
            ),
            FieldCheckConstraint(
                condition=Q(period_start__isnull=True)
                | Q(period_end__isnull=True)
                | Q(period_end__gte=F("period_start")),
                name="grant_period_end_not_before_start",
                field="period_end",
                violation_error_message=_(
                    "Das Ende des Förderzeitraums darf nicht vor dem Beginn liegen."
                ),
            ),
            FieldCheckConstraint(
                condition=Q(decision_year__isnull=True)
                | (Q(decision_year__gte=1990) & Q(decision_year__lte=2100)),
                name="grant_decision_year_in_range",
                field="decision_year",
                violation_error_message=_("Bitte geben Sie ein Jahr zwischen 1990 und 2100 an."),
            ),
            FieldCheckConstraint(
                condition=Q(decision_date__isnull=True)
                | Q(decision_year=ExtractYear("decision_date")),
                name="grant_decision_year_matches_date",
                field="decision_year",
                violation_error_message=_("Das Jahr muss zum Datum des Bescheids passen."),
            ),
            FieldCheckConstraint(
                condition=Q(disbursed_amount__gte=0)
                & Q(disbursed_amount__lte=F("approved_amount")),
                name="grant_disbursed_within_approved",
                field="approved_amount",
                violation_error_message=_(
                    "Die Auszahlungen dürfen den bewilligten Betrag nicht übersteigen."
                ),
            ),
            models.CheckConstraint(
                condition=Q(
                    status__in=["bewilligt", "teilweise_ausgezahlt", "ausgezahlt", "abgeschlossen"]
                ),
                name="grant_status_known",
            ),
            models.UniqueConstraint(
                fields=["file_reference"],
                condition=~Q(file_reference=""),
                name="grant_file_reference_unique_when_set",
                violation_error_code="unique",  # the error of the field, not of the form
                violation_error_message=_("Dieses Aktenzeichen ist bereits vergeben."),
            ),
            date_in_range("decision_date", name="grant_decision_date_in_range"),
            date_in_range("period_start", name="grant_period_start_in_range"),
            date_in_range("period_end", name="grant_period_end_in_range"),
        ]
        indexes = [
            models.Index(fields=["municipality", "decision_year"], name="grant_city_year"),
            # The summary by city reads only this index (funding.selectors).
            models.Index(
                fields=["municipality", "approved_amount", "disbursed_amount"],
                name="grant_city_amounts",
            ),
        ]

    def __str__(self) -> str:
        if not (self.municipality_id and self.program_id):
            return self.file_reference or self.purpose[:60]
        label = f"{self.municipality} – {self.phase or self.program} ({self.year_label})"
        return f"{self.file_reference}: {label}" if self.file_reference else label

    def get_absolute_url(self) -> str:
        return reverse("funding:grant-detail", kwargs={"pk": self.pk})

    @property
    def year_label(self) -> str:
        return str(self.decision_year) if self.decision_year else str(_("Jahr unbekannt"))


def derive_status(
    *, approved: Decimal, disbursed: Decimal, obligations: int, open_obligations: int
) -> str:
    """A grant's status from its payouts and obligations (kept by the services)."""
    if disbursed <= 0:
        return Grant.Status.APPROVED
    if disbursed < approved:
        return Grant.Status.DISBURSING
    if obligations and not open_obligations:
        return Grant.Status.COMPLETED
    return Grant.Status.PAID


class Disbursement(models.Model):
    """An Auszahlung: part of the approved amount paid out on a day."""

    grant = models.ForeignKey(
        Grant,
        verbose_name=_("Förderbescheid"),
        on_delete=models.PROTECT,
        related_name="disbursements",
    )
    paid_on = models.DateField(_("Auszahlungsdatum"))
    amount = AmountModelField(_("Betrag (EUR)"), **MONEY)
    note = models.CharField(
        _("Vermerk"), max_length=300, blank=True, validators=[validate_one_line]
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("erfasst von"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("erfasst am"), auto_now_add=True)

    class Meta:
        verbose_name = _("Auszahlung")
        verbose_name_plural = _("Auszahlungen")
        ordering = ["paid_on", "pk"]
        constraints = [
            FieldCheckConstraint(
                condition=Q(amount__gt=0),
                name="disbursement_amount_positive",
                field="amount",
                violation_error_message=_("Der Betrag muss größer als 0 sein."),
            ),
            date_in_range("paid_on", name="disbursement_paid_on_in_range"),
        ]

    def __str__(self) -> str:
        return _("%(amount)s EUR am %(date)s") % {
            "amount": self.amount,
            "date": f"{self.paid_on:%d.%m.%Y}",
        }
