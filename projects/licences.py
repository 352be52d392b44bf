"""Licences as SPDX expressions ("EUPL-1.2", "MIT OR Apache-2.0", "GPL-2.0-or-later").

publiccode.yml, DCAT-AP and the "nachnutzungsbereit" check read the licence as
an SPDX expression, so the field accepts nothing else. The identifiers and
their aliases come from the SPDX licence list that the ``license-expression``
library ships (nexB/AboutCode); a licence of one's own is written
``LicenseRef-<name>`` as the SPDX specification allows (e.g.
``LicenseRef-proprietaer``). Stored values are normalised (``mit`` → ``MIT``,
``GPL-2.0+`` → ``GPL-2.0-or-later``).
"""

import re
from functools import cache

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from license_expression import ExpressionError, Licensing, get_spdx_licensing

from core.text import validate_one_line

# SPDX specification, annex "license-ref": LicenseRef-[idstring]
_LICENCE_REF = re.compile(r"^LicenseRef-[A-Za-z0-9.\-]+$")


@cache
def _licensing() -> Licensing:
    return get_spdx_licensing()


def parse_spdx(value: str) -> str:
    """The normalised SPDX expression, or a ValidationError in German naming
    what is unknown or malformed."""
    licensing = _licensing()
    try:
        parsed = licensing.parse(value, validate=False, strict=True)
    except ExpressionError as error:  # parse errors derive from it too
        raise ValidationError(
            _(
                "„%(value)s“ ist kein gültiger SPDX-Lizenzausdruck. Beispiele: "
                "„EUPL-1.2“, „MIT OR Apache-2.0“, „LicenseRef-proprietaer“."
            ),
            code="invalid_spdx",
            params={"value": value},
        ) from error
    if parsed is None:
        raise ValidationError(_("Bitte einen SPDX-Lizenzausdruck angeben."), code="invalid_spdx")
    unknown = [
        symbol.key
        for symbol in licensing.license_symbols(parsed, unique=True, decompose=True)
        if symbol.key not in licensing.known_symbols and not _LICENCE_REF.match(symbol.key)
    ]
    if unknown:
        raise ValidationError(
            _(
                "Unbekannte Lizenzkennung: %(identifiers)s. Bitte eine Kennung der "
                "SPDX-Lizenzliste verwenden (z. B. „EUPL-1.2“) oder eine eigene als "
                "„LicenseRef-…“."
            ),
            code="unknown_spdx",
            params={"identifiers": ", ".join(f"„{key}“" for key in unknown)},
        )
    return str(parsed)


def validate_spdx(value: str) -> None:
    """Model field validator (empty values are not validated by Django); a
    control character gets core.text's message, as in every one-line field."""
    validate_one_line(value)
    parse_spdx(value)


def _escaped(identifier: str) -> str:
    """An identifier ([A-Za-z0-9.+-]) in a pattern that ECMA 262 reads too
    (``re.escape`` would write ``\\-``, which its unicode mode refuses)."""
    return identifier.replace(".", "\\.").replace("+", "\\+")


def _schema_pattern() -> str:
    """What the API schema promises to accept: identifiers of the SPDX list in
    their canonical spelling or ``LicenseRef-…``, each optionally ``WITH`` an
    exception, joined by AND/OR, or nothing. The validator accepts more (lower case,
    aliases, parentheses) and stores it canonically."""
    symbols = {
        key: symbol
        for key, symbol in _licensing().known_symbols.items()
        if not key.startswith("LicenseRef-")
    }
    licences = sorted((k for k, s in symbols.items() if not s.is_exception), key=len, reverse=True)
    exceptions = sorted((k for k, s in symbols.items() if s.is_exception), key=len, reverse=True)
    licence = f"(?:{'|'.join(map(_escaped, licences))}|LicenseRef-[A-Za-z0-9.\\-]+)"
    term = f"{licence}(?: WITH (?:{'|'.join(map(_escaped, exceptions))}))?"
    return f"^(?:{term}(?: (?:AND|OR) {term})*)?$"  # or blank: not every project is software


validate_spdx.json_schema = {"pattern": _schema_pattern()}  # type: ignore[attr-defined]


def is_spdx(value: str) -> bool:
    if not value:
        return False
    try:
        parse_spdx(value)
    except ValidationError:
        return False
    return True


def normalised(value: str) -> str:
    """``value`` in its canonical spelling; unchanged when it is not valid
    (the field's validator reports that)."""
    if not value:
        return value
    try:
        return parse_spdx(value)
    except ValidationError:
        return value
