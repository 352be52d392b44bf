"""How django-axes tells one login attempt from another.

Lockouts count failures per (account, client address). The account is
normalised here so an attacker cannot multiply the five attempts by varying
the spelling of the e-mail address; the address is the client's behind the
reverse proxies (``core.net.client_address``).
"""

from django.conf import settings
from django.http import HttpRequest


def username(request: HttpRequest, credentials: dict | None = None) -> str | None:
    field = settings.AXES_USERNAME_FORM_FIELD
    if credentials:
        value = credentials.get(field)
    else:
        value = getattr(request, "data", request.POST).get(field)
    if value is None:
        return None
    return str(value).strip().lower()
