"""What the events app shows on other apps' pages (registered in apps.py)."""

from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from events.permissions import may_register
from events.selectors import registrations_of


def my_registrations(request: HttpRequest) -> dict[str, Any] | None:
    """ "Mein Konto": one's registrations, upcoming first; nothing for who cannot register."""
    user = request.user
    registrations = list(registrations_of(user=user)) if user.is_authenticated else []
    if not registrations and not may_register(user):
        return None
    now = timezone.now()
    return {
        "upcoming": [r for r in registrations if r.event.ends_at >= now][::-1],
        "past": [r for r in registrations if r.event.ends_at < now],
    }
