"""The API's exception handler: one error shape for every app.

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

from core.errors import Conflict, error_dict


class ConflictError(exceptions.APIException):
    status_code = 409
    default_detail = _("Die Anfrage widerspricht dem aktuellen Stand.")
    default_code = "conflict"


def exception_handler(exc, context):
    if isinstance(exc, Conflict):
        exc = ConflictError(" ".join(exc.messages))
    elif isinstance(exc, ValidationError):
        exc = exceptions.ValidationError(error_dict(exc))
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    return drf_exception_handler(exc, context)
