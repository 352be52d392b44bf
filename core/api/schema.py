"""OpenAPI generation: every operation documents the errors it can answer.

drf-spectacular documents the success response only. Clients (and the schema
fuzzing in tests/api/) need the rest too, with the body DRF sends:

- 400 with field errors (``{"title": ["…"]}``), on writes and validated filters;
- 401 (missing, unknown, expired or revoked token) on every operation;
- 403 where a permission can refuse a signed-in account;
- 404 for an object you may not see or that does not exist (in the URL or
  named in the body), and a page after the last;
- 409 where the current state refuses the request (``core.errors.Conflict``);
- 415 for a request body that is not JSON;
- 429 when the throttle steps in, with ``Retry-After``.

A view that answers another status states it with ``@extend_schema`` (what it
states is kept) or in ``error_statuses``: a tuple for every method, or a dict
by action or HTTP method (``{"submit": (409,)}``).
"""

from django.core import validators
from django.utils.translation import gettext_lazy as _
from drf_spectacular import openapi
from drf_spectacular.plumbing import ResolvedComponent
from rest_framework import permissions, serializers

# Query parameters that never cause a 400: format (an unknown format is a
# 404). Every other one is checked against its schema (core.api.query).
LENIENT_PARAMETERS = {"format"}
# Free text in a query may hold anything but a NUL byte (which PostgreSQL
# cannot store or compare; forms and serializers refuse it with a 400).
NO_NUL = "^[^\\u0000]*$"
# Permission classes that refuse anonymous callers only (a 401, not a 403).
AUTHENTICATION_ONLY = (
    permissions.AllowAny,
    permissions.IsAuthenticated,
    permissions.IsAuthenticatedOrReadOnly,
)

ERROR_SCHEMA = {
    "type": "object",
    "description": _("Fehler mit deutscher Meldung."),
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
}
VALIDATION_ERROR_SCHEMA = {
    "type": "object",
    "description": _(
        "Feldname → deutsche Fehlermeldungen; `non_field_errors` für Fehler, die kein "
        "einzelnes Feld betreffen; `detail` für eine unlesbare Anfrage."
    ),
    "properties": {"detail": {"type": "string"}},
    "additionalProperties": {"type": "array", "items": {"type": "string"}},
}
DESCRIPTIONS = {
    400: _("Ungültige Eingabe"),
    401: _("Nicht angemeldet oder Token ungültig, abgelaufen oder widerrufen"),
    403: _("Keine Berechtigung"),
    404: _("Nicht gefunden oder nicht sichtbar"),
    409: _("Widerspricht dem aktuellen Stand (schon geschehen oder im falschen Zustand)"),
    415: _("Der Inhalt muss JSON sein (Content-Type: application/json)"),
    429: _("Zu viele Anfragen"),
}


# Dates a client writes lie within 1990-2100 (core.constraints).
DATE_PATTERN = "^(199[0-9]|20[0-9][0-9]|2100)-"


def _url_pattern() -> str:
    """Django's URLValidator (http, https, ftp, ftps) as a JSON Schema pattern:
    without its lookarounds and case-insensitive flag, and without the
    characters one-line texts refuse (core.text), so a URL the schema allows
    is one the server stores. The "uri" format alone allows more (a one-letter
    top-level domain, any scheme)."""
    ul = "a-zA-Z\u00a1-\uffff"
    label = f"[{ul}0-9](?:[{ul}0-9-]{{0,61}}[{ul}0-9])?"
    tld = f"\\.(?:[{ul}][{ul}-]{{0,61}}[{ul}]|[xX][nN]--[a-zA-Z0-9]{{1,59}})\\.?"
    octet = "(?:0|25[0-5]|2[0-4][0-9]|1[0-9]?[0-9]?|[1-9][0-9]?)"
    ipv4 = f"{octet}(?:\\.{octet}){{3}}"
    ipv6 = "\\[[0-9a-fA-F:.]+\\]"
    host = f"(?:{label}(?:\\.{label})*{tld}|[lL][oO][cC][aA][lL][hH][oO][sS][tT])"
    plain = (
        "[^\\s\\u0000-\\u001f\\u007f-\\u009f"
        "\\u061c\\u200e\\u200f\\u202a-\\u202e\\u2066-\\u2069\\u2028\\u2029"
    )
    scheme = "(?:[hH][tT][tT][pP][sS]?|[fF][tT][pP][sS]?)"
    return (
        f"^{scheme}://(?:{plain}:@/]+(?::{plain}:@/]*)?@)?(?:{ipv4}|{ipv6}|{host})"
        f"(?::[0-9]{{1,5}})?(?:[/?#]{plain}]*)?$"
    )


URL_PATTERN = _url_pattern()
# Django's EmailValidator (a dot-atom before the @, a domain whose top-level
# part has two characters or more, or localhost) as a JSON Schema pattern:
# the "email" format alone allows "0@0.a".
_ATOM = "[-!#$%&'*+/=?^_`{}|~0-9A-Za-z]+"
_LABEL = "[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
EMAIL_PATTERN = (
    f"^{_ATOM}(?:\\.{_ATOM})*@"
    f"(?:(?:{_LABEL}\\.)+(?:[A-Za-z]{{2,63}}|[xX][nN]--[A-Za-z0-9]{{1,59}})|localhost)$"
)


class AutoSchema(openapi.AutoSchema):
    def _insert_field_validators(self, field, schema):
        """drf-spectacular's, plus what the portal's own validators accept
        (their ``json_schema``: core.text, projects.markup) and the date range
        of dates a client writes."""
        super()._insert_field_validators(field, schema)
        if "oneOf" in schema:  # a text that may also be blank: rules for the text
            schema = next(
                (v for v in schema["oneOf"] if v.get("type") == "string" and v.get("maxLength")),
                schema,
            )
        if schema.get("type") != "string":
            return
        # Both stricter than core.text's rules, which they take the place of.
        if any(isinstance(v, validators.URLValidator) for v in field.validators):
            schema["pattern"] = URL_PATTERN
        elif any(isinstance(v, validators.EmailValidator) for v in field.validators):
            schema["pattern"] = EMAIL_PATTERN
        for validator in field.validators:
            for key, value in getattr(validator, "json_schema", {}).items():
                schema.setdefault(key, value)
        if isinstance(field, serializers.DateField) and not field.read_only:
            schema.setdefault("pattern", DATE_PATTERN)

    def _map_basic_serializer(self, serializer, direction):
        """drf-spectacular's, plus the fields a request must fill when another
        is filled (``Meta.schema_dependencies``, e.g. software with a repository
        needs a licence): the rule the model's CHECK holds, stated so that a
        schema-valid body is never refused for it."""
        schema = super()._map_basic_serializer(serializer, direction)
        meta = getattr(serializer, "Meta", None)
        dependencies = getattr(meta, "schema_dependencies", {})
        properties = schema.get("properties", {})
        for field, needs in dependencies.items():
            if direction != "request" or field not in properties or needs not in properties:
                continue
            schema.setdefault("allOf", []).append(
                {
                    "anyOf": [
                        {"properties": {field: {"maxLength": 0}}},
                        {"properties": {needs: {"minLength": 1}}, "required": [needs]},
                    ]
                }
            )
        return schema

    def get_operation(self, path, path_regex, path_prefix, method, registry):
        operation = super().get_operation(path, path_regex, path_prefix, method, registry)
        if operation is None:
            return None
        for parameter in operation.get("parameters", []):
            schema = parameter.get("schema", {})
            if parameter["in"] != "query" or schema.get("type") != "string":
                continue
            if schema.get("format") == "email":
                schema.setdefault("pattern", EMAIL_PATTERN)
            elif not {"enum", "format", "pattern"} & set(schema):
                schema["pattern"] = NO_NUL
        responses = operation.setdefault("responses", {})
        for status in self._error_statuses(operation):
            responses.setdefault(str(status), self._error_response(status))
        return operation

    def _error_statuses(self, operation: dict) -> list[int]:
        safe = self.method in permissions.SAFE_METHODS
        query = {p["name"] for p in operation.get("parameters", []) if p["in"] == "query"}
        statuses = [401]
        if "requestBody" in operation or query - LENIENT_PARAMETERS:
            statuses.append(400)
        checks_roles = any(
            not isinstance(permission, AUTHENTICATION_ONLY)
            for permission in self.view.get_permissions()
        )
        if not safe or checks_roles:
            statuses.append(403)
        paginated = self._is_list_view() and self._get_paginator() is not None
        names_objects = "requestBody" in operation  # core.api.fields.SlugReference
        if "{" in self.path or paginated or "format" in query or names_objects:
            statuses.append(404)
        if "requestBody" in operation:
            statuses.append(415)
        if self.view.get_throttles():
            statuses.append(429)
        declared = getattr(self.view, "error_statuses", ())
        if isinstance(declared, dict):  # per action (viewsets) or HTTP method
            action = getattr(self.view, "action", None) or self.method.lower()
            declared = declared.get(action, ())
        statuses += [s for s in declared if s not in statuses]
        return sorted(statuses)

    def _error_response(self, status: int) -> dict:
        name, schema = (
            ("ValidationError", VALIDATION_ERROR_SCHEMA)
            if status == 400
            else ("Error", ERROR_SCHEMA)
        )
        component = ResolvedComponent(
            name=name, type=ResolvedComponent.SCHEMA, schema=schema, object=name
        )
        self.registry.register_on_missing(component)
        content = {"application/json": {"schema": component.ref}}
        # Errors of a CSV download are a small CSV table when CSV was asked for.
        if "text/csv" in self.map_renderers("media_type"):
            content["text/csv"] = {"schema": {"type": "string"}}
        response = {"description": DESCRIPTIONS[status], "content": content}
        if status == 429:
            response["headers"] = {
                "Retry-After": {
                    "schema": {"type": "integer"},
                    "description": _("Sekunden bis zur nächsten erlaubten Anfrage."),
                }
            }
        return response
