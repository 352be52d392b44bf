"""Money format for pages, mails and messages: 60.750,00 € (German), 60,750.00 € (English)."""

from decimal import Decimal

from django.utils import translation


def euro(value: Decimal | int | None) -> str:
    if value is None:
        return "–"
    amount = Decimal(value).quantize(Decimal("0.01"))
    sign = "-" if amount < 0 else ""
    whole, cents = f"{abs(amount):.2f}".split(".")
    groups = f"{int(whole):,}"
    # Only the separators follow the reader's language (mails are always German).
    if (translation.get_language() or "de").startswith("de"):
        return f"{sign}{groups.replace(',', '.')},{cents}\u00a0€"
    return f"{sign}{groups}.{cents}\u00a0€"


def plain_amount(value: Decimal | None) -> str:
    """Machine format with two decimals and a point: 60750.00."""
    return "" if value is None else f"{Decimal(value).quantize(Decimal('0.01')):.2f}"
