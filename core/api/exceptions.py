"""The API's exception handler: one error shape for every app.

Services raise Django's ValidationError and PermissionDenied; API views call
them without catching anything. Here a ValidationError becomes a 400 with
field errors (``core.errors.error_dict``), Django's Http404 DRF's translated
404 (not "No Municipality matches the given query."), and everything else
goes on to DRF's handler (401, 403, 405, 429, …).
"""

from django.core.exceptions import ValidationError
from django.http import Http404
from rest_framework import exceptions
from rest_framework.views import exception_handler as drf_exception_handler

from core.errors import error_dict


def exception_handler(exc, context):
    if isinstance(exc, ValidationError):
        exc = exceptions.ValidationError(error_dict(exc))
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    return drf_exception_handler(exc, context)
