"""Text that people type and others read: no invisible control characters.

A right-to-left override (U+202E) turns ``evilexe.pdf`` into what looks like
``evilfdp.exe``, and ``Speyer\u202e`` reorders whatever follows it on a page;
other control characters hide text or break lines where none may be. Every
text field that is shown (titles, names, phone numbers, addresses, notes)
validates with one of two validators — the models name them, so forms, the
API and ``full_clean()`` in the services refuse such input with the same
German message. File names are cleaned instead (``clean_file_name``): the
person cannot easily rename an upload, and the name is only a label.

Refused: the C0 controls (U+0000–U+001F; multi-line texts keep tab, line
feed and carriage return), DEL and the C1 controls (U+007F–U+009F), the
bidirectional marks and embeddings (U+061C, U+200E/F, U+202A–U+202E,
U+2066–U+2069) and, in one-line texts, the line and paragraph separators
(U+2028/U+2029).
"""

import re
from pathlib import PureWindowsPath

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

_BIDI = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
_ONE_LINE_REFUSED = f"\x00-\x1f\x7f-\x9f{_BIDI}\u2028\u2029"
_MULTI_LINE_REFUSED = f"\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f{_BIDI}"
_ONE_LINE = re.compile(f"[{_ONE_LINE_REFUSED}]")
_MULTI_LINE = re.compile(f"[{_MULTI_LINE_REFUSED}]")


def schema_pattern(pattern: str) -> str:
    """A regular expression as JSON Schema writes it (ECMA 262, ASCII, \\u escapes)."""
    return "".join(c if " " <= c <= "~" else f"\\u{ord(c):04x}" for c in pattern)


def _refuse(found: list[str]) -> None:
    characters = ", ".join(dict.fromkeys(f"U+{ord(character):04X}" for character in found))
    raise ValidationError(
        _(
            "Der Text enthält unsichtbare Steuerzeichen (%(characters)s), etwa zur Umkehr "
            "der Schreibrichtung oder für Zeilenumbrüche. Bitte entfernen Sie sie."
        )
        % {"characters": characters},
        code="control_characters",
    )


def validate_one_line(value: str) -> None:
    """For one-line texts: titles, names, phone numbers, file references, URLs."""
    if value and (found := _ONE_LINE.findall(value)):
        _refuse(found)


def validate_multi_line(value: str) -> None:
    """For texts with lines (descriptions, addresses, notes): tab and line breaks allowed."""
    if value and (found := _MULTI_LINE.findall(value)):
        _refuse(found)


# What each validator accepts, for the API's OpenAPI schema (core.api.schema):
# clients and the schema fuzzing see the same rule the server applies.
validate_one_line.json_schema = {  # type: ignore[attr-defined]
    "pattern": schema_pattern(f"^[^{_ONE_LINE_REFUSED}]*$")
}
validate_multi_line.json_schema = {  # type: ignore[attr-defined]
    "pattern": schema_pattern(f"^[^{_MULTI_LINE_REFUSED}]*$")
}


def clean_file_name(name: str, *, default: str = "dokument") -> str:
    """The last part of an uploaded file's name (also of a Windows path) without
    control characters, surrounding spaces or leading dots."""
    name = PureWindowsPath(name or "").name  # splits at "/" and "\\" alike
    return _ONE_LINE.sub("", name).strip().lstrip(".").strip() or default
