"""``/healthz``: is the portal able to serve? For load balancers and compose.

200 with each dependency "ok", 503 as soon as one is "down" — never a 500:
a failing check is an answer, not an error. ``reminders`` says whether mail
is flowing: "down" when a due reminder or notice has waited longer than the
dispatch interval plus a margin (``REMINDER_STALE_AFTER``), which means no
worker or no beat is running; ``oldest_due_reminder_seconds`` is that wait.
"""

import redis
from django.conf import settings
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache

from core import reminders

REDIS_TIMEOUT_SECONDS = 2


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:  # noqa: BLE001 - any failure means "down"
        return False


def _redis_ok() -> bool:
    try:
        client = redis.Redis.from_url(
            settings.REDIS_URL,
            socket_connect_timeout=REDIS_TIMEOUT_SECONDS,
            socket_timeout=REDIS_TIMEOUT_SECONDS,
        )
        try:
            return bool(client.ping())
        finally:
            client.close()
    except Exception:  # noqa: BLE001 - a bad URL or a refused connection alike mean "down"
        return False


def _oldest_due_reminder_seconds() -> int | None:
    """Seconds the longest-waiting due mail has waited; None if none waits."""
    waited = reminders.oldest_waiting()
    return None if waited is None else int(waited.total_seconds())


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    checks = {"database": "ok" if _database_ok() else "down"}
    if settings.REDIS_URL:
        checks["redis"] = "ok" if _redis_ok() else "down"
    body: dict = {}
    if checks["database"] == "ok":
        try:
            waited = _oldest_due_reminder_seconds()
        except Exception:  # noqa: BLE001 - the database answered SELECT 1 but not this
            checks["reminders"] = "down"
        else:
            stale = waited is not None and waited > settings.REMINDER_STALE_AFTER.total_seconds()
            checks["reminders"] = "down" if stale else "ok"
            body["oldest_due_reminder_seconds"] = waited
    healthy = all(state == "ok" for state in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "down", "checks": checks, **body},
        status=200 if healthy else 503,
    )
