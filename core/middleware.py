"""Every answer under /api/ is JSON, errors included, with DEBUG on as well.

DRF answers its own errors as JSON. What happens around it — a URL that
matches no endpoint (Django's HTML 404, or its technical 404 page with
DEBUG), an exception outside DRF (the technical 500 page with DEBUG), a
method Django refuses — would be HTML; here it becomes ``{"detail": "…"}``
with a German message and the same status.
"""

import logging

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

API_PREFIX = "/api/"
# Errors DRF may render as a small table when CSV was asked for (funding.renderers).
_OWN_ERROR_TYPES = ("application/json", "text/csv")


def _detail(status: int) -> str:
    messages = {
        400: _("Ungültige Anfrage."),
        401: _("Nicht angemeldet oder Token ungültig."),
        403: _("Keine Berechtigung."),
        404: _("Nicht gefunden."),
        405: _("Diese Methode ist hier nicht erlaubt."),
        429: _("Zu viele Anfragen."),
    }
    return messages.get(status, _("Interner Fehler. Bitte versuchen Sie es später erneut."))


class ApiJsonErrorsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not request.path.startswith(API_PREFIX) or response.status_code < 400:
            return response
        content_type = response.get("Content-Type", "")
        if content_type.startswith(_OWN_ERROR_TYPES):
            return response
        replacement = JsonResponse(
            {"detail": _detail(response.status_code)}, status=response.status_code
        )
        for header in ("Allow", "Retry-After", "WWW-Authenticate", "Vary"):
            if header in response:
                replacement[header] = response[header]
        return replacement

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not request.path.startswith(API_PREFIX):
            return None
        logger.exception("Unhandled error in %s %s", request.method, request.path)
        return JsonResponse({"detail": _detail(500)}, status=500)
