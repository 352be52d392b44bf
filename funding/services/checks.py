"""What the database cannot check before it rounds or overflows: the shape of
money. Every other rule on grants, payouts and programmes is a constraint of
the models (``core.constraints``), which ``full_clean`` checks in advance with
the same message — and the payout sum, checked under the grant's lock."""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from core.formatting import euro
from funding.models import ZERO

CENT = Decimal("0.01")
MAX_AMOUNT = Decimal("999999999999.99")


def amount_error(value, *, required: bool = True) -> str | None:
    """Why ``value`` is no amount in EUR the database would store exactly, or None.
    (Whether it must be positive is the model's constraint.)"""
    if value is None or value == "":
        return _("Bitte geben Sie einen Betrag an.") if required else None
    try:
        amount = value if isinstance(value, Decimal) else Decimal(str(value))
    except (InvalidOperation, ValueError):
        return _("Bitte geben Sie einen Betrag in Euro an, z. B. 60750.00.")
    if not amount.is_finite():
        return _("Bitte geben Sie einen Betrag in Euro an, z. B. 60750.00.")
    if amount != amount.quantize(CENT):
        return _("Beträge haben höchstens zwei Nachkommastellen (volle Cent).")
    if amount > MAX_AMOUNT:
        return _("Der Betrag ist zu groß.")
    return None


def check_amounts(values: dict, *, required: tuple[str, ...] = (), optional: tuple[str, ...] = ()):
    """Raise a ValidationError per money field whose value the database would change."""
    errors = {}
    for name, is_required in [*((n, True) for n in required), *((n, False) for n in optional)]:
        if message := amount_error(values.get(name), required=is_required):
            errors[name] = message
    if errors:
        raise ValidationError(errors)


def disbursement_total_error(
    *, approved: Decimal, already_paid: Decimal, amount: Decimal
) -> str | None:
    """The one rule of the payouts: together never more than approved (the
    grant's constraint holds it too; this says by how much, in euros)."""
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
