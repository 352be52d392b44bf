"""The API's exception handler: one error shape for every app.

A body whose only fault is naming objects that do not exist
(``core.api.fields.SlugReference``) is a 404.

Services raise Django's ValidationError and PermissionDenied; API views call
them without catching anything. Here a ``core.errors.Conflict`` becomes a 409
with ``{"detail": "…"}``, any other ValidationError a 400 with field errors
(``core.errors.error_dict``), Django's Http404 DRF's translated
404 (not "No Municipality matches the given query."), and everything else
goes on to DRF's handler (401, 403, 405, 429, …).
"""

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.views import exception_handler as drf_exception_handler

from core.api.fields import UNKNOWN_REFERENCE
from core.errors import Conflict, error_dict


class ConflictError(exceptions.APIException):
    status_code = 409
    default_detail = _("Die Anfrage widerspricht dem aktuellen Stand.")
    default_code = "conflict"


def _only_unknown_references(exc: exceptions.ValidationError) -> bool:
    codes = exc.get_codes()
    flat: list = []
    stack = [codes]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
        else:
            flat.append(item)
    return bool(flat) and all(code == UNKNOWN_REFERENCE for code in flat)


def _messages(detail) -> list[str]:
    if isinstance(detail, dict):
        return [m for value in detail.values() for m in _messages(value)]
    if isinstance(detail, list):
        return [m for value in detail for m in _messages(value)]
    return [str(detail)]


def exception_handler(exc, context):
    if isinstance(exc, exceptions.ValidationError) and _only_unknown_references(exc):
        # A well-formed body that names an object that does not exist (or may
        # not be seen): 404, as for such an object in the URL.
        exc = exceptions.NotFound(" ".join(_messages(exc.detail)))
    elif isinstance(exc, Conflict):
        exc = ConflictError(" ".join(exc.messages))
    elif isinstance(exc, ValidationError):
        exc = exceptions.ValidationError(error_dict(exc))
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    return drf_exception_handler(exc, context)
