"""OpenAPI generation: every operation documents the errors it can answer.

drf-spectacular documents the success response only. Clients (and the schema
fuzzing in tests/api/) need the rest too, with the body DRF sends:

- 400 with field errors (``{"title": ["…"]}``), on writes and validated filters;
- 401 (missing, unknown, expired or revoked token) on every operation;
- 403 where a permission can refuse a signed-in account;
- 404 for an object you may not see or that does not exist, and an invalid page;
- 429 when the throttle steps in, with ``Retry-After``.

A view that answers another status states it with ``@extend_schema`` (what it
states is kept) or, for an error in every method, in ``error_statuses``.
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular import openapi
from drf_spectacular.plumbing import ResolvedComponent
from rest_framework import permissions

# Query parameters that never cause a 400: pagination (an invalid page is a
# 404, an invalid page size the default), ordering (unknown fields are
# ignored) and format (an unknown format is a 404).
LENIENT_PARAMETERS = {"page", "page_size", "ordering", "format"}
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
    429: _("Zu viele Anfragen"),
}


class AutoSchema(openapi.AutoSchema):
    def get_operation(self, path, path_regex, path_prefix, method, registry):
        operation = super().get_operation(path, path_regex, path_prefix, method, registry)
        if operation is None:
            return None
        responses = operation.setdefault("responses", {})
        for status in self._error_statuses(operation):
            responses.setdefault(str(status), self._error_response(status))
        return operation

    def _error_statuses(self, operation: dict) -> list[int]:
        safe = self.method in permissions.SAFE_METHODS
        query = {p["name"] for p in operation.get("parameters", []) if p["in"] == "query"}
        statuses = [401]
        if not safe or query - LENIENT_PARAMETERS:
            statuses.append(400)
        checks_roles = any(
            not isinstance(permission, AUTHENTICATION_ONLY)
            for permission in self.view.get_permissions()
        )
        if not safe or checks_roles:
            statuses.append(403)
        paginated = self._is_list_view() and self._get_paginator() is not None
        if "{" in self.path or paginated or "format" in query:
            statuses.append(404)
        if self.view.get_throttles():
            statuses.append(429)
        statuses += [s for s in getattr(self.view, "error_statuses", ()) if s not in statuses]
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
