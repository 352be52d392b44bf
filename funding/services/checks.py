"""The rules on values, shared by services and forms (so a form shows the
service's message at its field)."""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from funding.formatting import euro
from funding.models import ZERO

CENT = Decimal("0.01")
MAX_AMOUNT = Decimal("999999999999.99")

# --- checks (also called by forms, so the message appears at the field) -------


def amount_error(value, *, required: bool = True) -> str | None:
    """Why ``value`` is no valid amount in EUR, or None."""
    if value is None or value == "":
        return _("Bitte geben Sie einen Betrag an.") if required else None
    try:
        amount = value if isinstance(value, Decimal) else Decimal(str(value))
    except (InvalidOperation, ValueError):
        return _("Bitte geben Sie einen Betrag in Euro an, z. B. 60750.00.")
    if not amount.is_finite():
        return _("Bitte geben Sie einen Betrag in Euro an, z. B. 60750.00.")
    if amount <= 0:
        return _("Der Betrag muss größer als 0 sein.")
    if amount != amount.quantize(CENT):
        return _("Beträge haben höchstens zwei Nachkommastellen (volle Cent).")
    if amount > MAX_AMOUNT:
        return _("Der Betrag ist zu groß.")
    return None


def rate_error(value) -> str | None:
    if value is None or value == "":
        return None
    try:
        rate = value if isinstance(value, Decimal) else Decimal(str(value))
    except (InvalidOperation, ValueError):
        return _("Bitte geben Sie die Förderquote als Zahl an, z. B. 90.")
    if not rate.is_finite() or rate <= 0 or rate > 100:
        return _("Die Förderquote muss größer als 0 und höchstens 100 Prozent sein.")
    if rate != rate.quantize(CENT):
        return _("Die Förderquote hat höchstens zwei Nachkommastellen.")
    return None


def validate_grant(values: dict) -> None:
    """Raise a ValidationError per field for grant values that break a rule."""
    errors: dict[str, str] = {}
    if message := amount_error(values.get("approved_amount")):
        errors["approved_amount"] = message
    if message := rate_error(values.get("funding_rate")):
        errors["funding_rate"] = message
    start, end = values.get("period_start"), values.get("period_end")
    if start and end and end < start:
        errors["period_end"] = _("Das Ende des Förderzeitraums darf nicht vor dem Beginn liegen.")
    decided, year = values.get("decision_date"), values.get("decision_year")
    if decided and year and year != decided.year:
        errors["decision_year"] = _("Das Jahr muss zum Datum des Bescheids passen.")
    if year and not 1990 <= year <= 2100:
        errors["decision_year"] = _("Bitte geben Sie ein Jahr zwischen 1990 und 2100 an.")
    if not (values.get("purpose") or "").strip():
        errors["purpose"] = _("Bitte geben Sie den Zuwendungszweck an.")
    if errors:
        raise ValidationError(errors)


def validate_program(values: dict) -> None:
    errors: dict[str, str] = {}
    if message := amount_error(values.get("budget"), required=False):
        errors["budget"] = message
    start, end = values.get("start_date"), values.get("end_date")
    if start and end and end < start:
        errors["end_date"] = _("Das Laufzeitende darf nicht vor dem Beginn liegen.")
    if errors:
        raise ValidationError(errors)


def disbursement_total_error(
    *, approved: Decimal, already_paid: Decimal, amount: Decimal
) -> str | None:
    """The one rule of the payouts: together never more than approved."""
    if already_paid + amount <= approved:
        return None
    return _(
        "Die Auszahlung von %(amount)s übersteigt den noch offenen Betrag von %(remaining)s "
        "(bewilligt %(approved)s, bereits ausgezahlt %(paid)s)."
    ) % {
        "amount": euro(amount),
        "remaining": euro(max(approved - already_paid, ZERO)),
        "approved": euro(approved),
        "paid": euro(already_paid),
    }
