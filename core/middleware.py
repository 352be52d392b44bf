"""Middleware of the portal: JSON errors under /api/, a rate limit for anonymous
pages, and personal answers marked private.

Every answer under /api/ is JSON, errors included, with DEBUG on as well.

DRF answers its own errors as JSON. What happens around it — a URL that
matches no endpoint (Django's HTML 404, or its technical 404 page with
DEBUG), an exception outside DRF (the technical 500 page with DEBUG), a
method Django refuses — would be HTML; here it becomes ``{"detail": "…"}``
with a German message and the same status.
"""

import logging
import time

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from core import cache as core_cache
from core.net import client_address

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


# Not limited here: files, the health check, the API (DRF throttles it).
_UNLIMITED_PREFIXES = ("/static/", "/media/", "/healthz", API_PREFIX)
_PERIODS = {"second": 1, "minute": 60, "hour": 3600}


def parse_rate(rate: str) -> tuple[int, int]:
    """'300/minute' → (300, 60)."""
    count, _slash, period = rate.partition("/")
    return int(count), _PERIODS[period]


class AnonymousRateLimit:
    """Anonymous page requests per client address: at most ANON_PAGE_RATE
    (e.g. 300/minute), then a German 429 page until the window ends.

    A fixed window counted in the cache (``core.cache.count_hit``: one round
    trip to Redis per request), keyed by the
    client's address behind the trusted proxies (``core.net``). Logged-in
    people are not limited here (their sessions are, by the login lockout).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if self._exceeded(request):
            limit, period = parse_rate(settings.ANON_PAGE_RATE)
            response = render(request, "429.html", {"period": period}, status=429)
            response["Retry-After"] = str(period - int(time.time()) % period)
            return response
        return self.get_response(request)

    def _exceeded(self, request: HttpRequest) -> bool:
        if request.path.startswith(_UNLIMITED_PREFIXES) or request.user.is_authenticated:
            return False
        limit, period = parse_rate(settings.ANON_PAGE_RATE)
        window = int(time.time()) // period
        counter = f"rate:anonymous:{client_address(request)}:{window}"
        count = core_cache.count_hit(counter, period=period)
        return count > limit


class PrivateAnswers:
    """An answer that depends on who asks is for that person only.

    ``Cache-Control: private, no-store`` on every response to someone logged in
    (a session, or an API token) and on every response that sets a cookie or
    carries a CSRF token: no shared cache and no browser history keeps it.
    Public answers (the anonymous catalogue) stay cacheable.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        personal = (
            (user is not None and user.is_authenticated)
            or "HTTP_AUTHORIZATION" in request.META
            or request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
            or bool(response.cookies)
        )
        if personal:
            response["Cache-Control"] = "private, no-store"
        return response
