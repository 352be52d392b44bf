"""Impressum, privacy page and accessibility statement.

The operator's details, the contact for barriers, the dates of the statement
and the bodies people may turn to come from the settings (README,
"Konfiguration"); the retention periods the privacy page states are the
settings the portal itself works with, so page and behaviour cannot drift.
"""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def _operator() -> dict:
    return {
        "name": settings.OPERATOR_NAME,
        "address": settings.OPERATOR_ADDRESS,
        "represented_by": settings.OPERATOR_REPRESENTED_BY,
        "email": settings.OPERATOR_EMAIL,
        "phone": settings.OPERATOR_PHONE,
        "register": settings.OPERATOR_REGISTER,
        "vat_id": settings.OPERATOR_VAT_ID,
        "content_responsible": settings.CONTENT_RESPONSIBLE,
    }


def _minutes(duration) -> int:
    return int(duration.total_seconds() // 60)


def imprint(request: HttpRequest) -> HttpResponse:
    return render(request, "pages/impressum.html", {"operator": _operator()})


def privacy(request: HttpRequest) -> HttpResponse:
    context = {
        "operator": _operator(),
        "privacy_officer": settings.PRIVACY_OFFICER,
        "supervisory_authority": settings.PRIVACY_SUPERVISORY_AUTHORITY,
        "session_idle_minutes": settings.SESSION_COOKIE_AGE // 60,
        "session_hours": int(settings.SESSION_ABSOLUTE_LIFETIME.total_seconds() // 3600),
        "lockout_failures": settings.AXES_FAILURE_LIMIT,
        "lockout_minutes": _minutes(settings.AXES_COOLOFF_TIME),
        "log_days": settings.LOG_RETENTION_DAYS,
        "token_days": settings.API_TOKEN_DEFAULT_DAYS,
        "reset_days": settings.PASSWORD_RESET_TIMEOUT // 86400,
    }
    return render(request, "pages/privacy.html", context)


def accessibility(request: HttpRequest) -> HttpResponse:
    context = {
        "operator": _operator(),
        "contact_email": settings.ACCESSIBILITY_CONTACT_EMAIL,
        "prepared_on": settings.ACCESSIBILITY_STATEMENT_PREPARED_ON,
        "reviewed_on": settings.ACCESSIBILITY_STATEMENT_REVIEWED_ON,
        "enforcement_body": settings.ACCESSIBILITY_ENFORCEMENT_BODY,
        "enforcement_url": settings.ACCESSIBILITY_ENFORCEMENT_URL,
    }
    return render(request, "pages/accessibility.html", context)
