"""Money format for pages, mails and messages: 60.750,00 € (German), 60,750.00 € (English)."""

from decimal import Decimal

from core.numbers import format_number


def euro(value: Decimal | int | None) -> str:
    if value is None:
        return "–"
    # Only the separators follow the reader's language (mails are always German).
    return f"{format_number(value, 2)}\u00a0€"


def plain_amount(value: Decimal | None) -> str:
    """Machine format with two decimals and a point: 60750.00."""
    return "" if value is None else f"{Decimal(value).quantize(Decimal('0.01')):.2f}"
