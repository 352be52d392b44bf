"""Query parameters checked against the OpenAPI schema the API publishes.

A client (and the schema fuzzing in tests/api/) reads the types, bounds,
formats and choices of every query parameter from /api/schema/. The server
holds to exactly that: each documented parameter that is present must have a
value of its documented type — an integer (within ``minimum``/``maximum``), a
number, ``true``/``false``, a date (``YYYY-MM-DD``), an RFC 3339 date-time
(with its UTC offset), one of its ``enum`` values, at most ``maxLength``
characters — else the answer is a 400 with field errors before the view does
any work. An empty value is a wrong value too (``?page_size=``), not "not
given". Parameters the operation does not document are ignored.

The rules are read from the same generator that serves /api/schema/, once per
process, so the published schema and the server cannot drift apart.
"""

from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request

_INTEGER = re.compile(r"[+-]?\d{1,4000}")
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")
# RFC 3339: a full date, a time with seconds, an offset (Z or ±hh:mm).
_DATE_TIME = re.compile(r"\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})")


@dataclass(frozen=True)
class Operation:
    path: re.Pattern[str]
    placeholders: int
    parameters: dict[str, dict[str, dict]]  # method → name → JSON schema


@functools.cache
def _operations() -> tuple[Operation, ...]:
    from drf_spectacular.drainage import GENERATOR_STATS
    from drf_spectacular.generators import SchemaGenerator

    with GENERATOR_STATS.silence():
        schema = SchemaGenerator().get_schema(request=None, public=True)
    operations = []
    for path, item in schema["paths"].items():
        pattern = re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(path))
        operations.append(
            Operation(
                path=re.compile(pattern),
                placeholders=path.count("{"),
                parameters={
                    method.upper(): {
                        p["name"]: p.get("schema", {})
                        for p in operation.get("parameters", [])
                        if p["in"] == "query"
                    }
                    for method, operation in item.items()
                    if isinstance(operation, dict)
                },
            )
        )
    # A fixed path wins over a placeholder (/grants/export/ over /grants/{id}/).
    return tuple(sorted(operations, key=lambda o: o.placeholders))


def documented_parameters(path: str, method: str) -> dict[str, dict] | None:
    """The query parameters the schema documents for this request, or None
    if the schema has no such operation."""
    for operation in _operations():
        if operation.path.fullmatch(path):
            return operation.parameters.get(method.upper())
    return None


def validate_query(request: Request) -> None:
    """Raise a 400 with field errors for every documented parameter whose value
    the schema does not allow."""
    method = "GET" if request.method == "HEAD" else request.method
    parameters = documented_parameters(request.path_info, method or "GET")
    if not parameters:
        return
    errors: dict[str, list[str]] = {}
    for name, values in request.query_params.lists():
        schema = parameters.get(name)
        if schema is None:
            continue
        for value in values:
            message = value_error(value, schema)
            if message:
                errors.setdefault(name, []).append(message)
    if errors:
        raise ValidationError(errors)


def value_error(value: str, schema: dict) -> str | None:
    """Why ``value`` (as sent in a query string) does not fit ``schema``, or None."""
    kind = schema.get("type", "string")
    if "enum" in schema:
        allowed = [str(choice) for choice in schema["enum"]]
        if value not in allowed:
            return _("„%(value)s“ ist keine gültige Auswahl. Erlaubt: %(allowed)s.") % {
                "value": value[:50],
                "allowed": ", ".join(allowed),
            }
        return None
    if kind == "integer":
        if not _INTEGER.fullmatch(value):
            return _("Eine ganze Zahl ist erforderlich.")
        return _bounds_error(int(value), schema)
    if kind == "number":
        if not _NUMBER.fullmatch(value):
            return _("Eine Zahl ist erforderlich.")
        try:
            number = Decimal(value)
        except InvalidOperation:
            return _("Eine Zahl ist erforderlich.")
        if not math.isfinite(float(number)):
            return _("Die Zahl ist zu groß.")
        return _bounds_error(number, schema)
    if kind == "boolean":
        if value not in ("true", "false"):
            return _("Erlaubt sind true und false.")
        return None
    return _string_error(value, schema)


def _bounds_error(number: int | Decimal, schema: dict) -> str | None:
    low, high = schema.get("minimum"), schema.get("maximum")
    if low is not None and number < low:
        return _("Der Wert muss mindestens %(low)s sein.") % {"low": low}
    if high is not None and number > high:
        return _("Der Wert darf höchstens %(high)s sein.") % {"high": high}
    return None


def _string_error(value: str, schema: dict) -> str | None:
    fmt = schema.get("format")
    if fmt == "date":
        try:
            if not _DATE.fullmatch(value):
                raise ValueError
            date.fromisoformat(value)
        except ValueError:
            return _("Ein Datum im Format JJJJ-MM-TT ist erforderlich.")
    elif fmt == "date-time":
        try:
            if not _DATE_TIME.fullmatch(value) or parse_datetime(value) is None:
                raise ValueError
        except ValueError:
            return _(
                "Datum und Uhrzeit nach RFC 3339 sind erforderlich, etwa 2026-04-25T10:00:00+02:00."
            )
    if "maxLength" in schema and len(value) > schema["maxLength"]:
        return _("Höchstens %(count)d Zeichen.") % {"count": schema["maxLength"]}
    if "minLength" in schema and len(value) < schema["minLength"]:
        return _("Mindestens %(count)d Zeichen.") % {"count": schema["minLength"]}
    if "pattern" in schema and not re.search(schema["pattern"], value):
        if _CONTROL.search(value):
            return _("Der Wert enthält unzulässige Zeichen.")
        if fmt == "email":
            return _("Bitte geben Sie eine gültige E-Mail-Adresse an.")
        return _("„%(value)s“ ist nicht erlaubt; erlaubt ist: %(pattern)s") % {
            "value": value[:50],
            "pattern": schema["pattern"],
        }
    return None


class StrictQuery:
    """For every API view: its query parameters are checked after authentication,
    permissions and throttling (a 401 or 403 comes first), before any work."""

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)  # type: ignore[misc]
        validate_query(request)
