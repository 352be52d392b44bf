"""Numbers people type and read: German (12.500,00) or English (12,500.00).

One parser for every money and effort field of the portal's and the admin's
forms (``core.forms.AmountField``, ``WholeNumberField``); the API keeps its
plain decimal strings ("12500.00") and never comes here.

The reader's language decides which separator groups thousands. The plain
machine format (a point and one or two decimals, no grouping: "60750.00", as
the API and the CSV files write it) is understood in both languages; a value
that is ambiguous in German ("12.500") is read the German way (12500).
"""

import re
from decimal import Decimal, InvalidOperation

from django.utils import translation

# "12.500,00", "12500,5", "12500" (German); "12,500.00", "12500.5" (English).
_GROUPED = {
    "de": re.compile(r"^(?P<whole>\d{1,3}(?:\.\d{3})+|\d+)(?:,(?P<fraction>\d+))?$"),
    "en": re.compile(r"^(?P<whole>\d{1,3}(?:,\d{3})+|\d+)(?:\.(?P<fraction>\d+))?$"),
}
# The machine format: digits, a point, one or two decimals ("60750.00", "0.5").
_PLAIN = re.compile(r"^(?P<whole>\d+)\.(?P<fraction>\d{1,2})$")
_CURRENCY = re.compile(r"^(?:€|EUR)\s*|\s*(?:€|EUR)$", re.IGNORECASE)
_SPACES = re.compile(r"[\s\u00a0\u202f]+")


def _language() -> str:
    return "en" if (translation.get_language() or "de").startswith("en") else "de"


def parse_number(text: str) -> Decimal | None:
    """The number in ``text`` as typed in the reader's language, or None if it
    is not one. A euro sign or "EUR" around it and spaces are ignored."""
    value = _CURRENCY.sub("", text.strip()).strip()
    value = _SPACES.sub("", value)
    sign = ""
    if value and value[0] in "-−":
        sign, value = "-", value[1:]
    match = _GROUPED[_language()].match(value)
    if match is None and _language() == "de":
        match = _PLAIN.match(value)
    if match is None:
        return None
    whole = match["whole"].replace(".", "").replace(",", "")
    fraction = f".{match['fraction']}" if match["fraction"] else ""
    try:
        return Decimal(f"{sign}{whole}{fraction}")
    except InvalidOperation:  # pragma: no cover - the patterns admit digits only
        return None


def format_number(value: Decimal | int | None, decimal_places: int | None = 0) -> str:
    """``value`` with thousands grouped in the reader's language: 12.500,00 or
    12,500.00 (``decimal_places`` 2), 1.200 or 1,200 (0); None keeps the
    value's own decimals."""
    if value is None:
        return ""
    amount = Decimal(value)
    if decimal_places is None:
        decimal_places = max(0, -int(amount.as_tuple().exponent))
    amount = amount.quantize(Decimal(1).scaleb(-decimal_places))
    sign = "-" if amount < 0 else ""
    whole, _sep, fraction = f"{abs(amount):.{decimal_places}f}".partition(".")
    grouped = f"{int(whole):,}"
    if _language() == "de":
        grouped = grouped.replace(",", ".")
        return f"{sign}{grouped},{fraction}" if fraction else f"{sign}{grouped}"
    return f"{sign}{grouped}.{fraction}" if fraction else f"{sign}{grouped}"
