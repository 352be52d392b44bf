"""How django-axes tells one login attempt from another.

Lockouts count failures per (account, client address). Both parts are
normalised here so an attacker cannot multiply the five attempts by varying
the spelling of the e-mail address, and so that behind a reverse proxy the
address is the client's, not the proxy's (the same rule DRF's throttling uses
with ``NUM_PROXIES``).
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


def client_ip(request: HttpRequest) -> str | None:
    """The client's address: REMOTE_ADDR, or as seen by the outermost trusted proxy."""
    remote_addr = request.META.get("REMOTE_ADDR")
    proxies = settings.PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR")
    if not proxies or not forwarded:
        return remote_addr
    addresses = [part.strip() for part in forwarded.split(",") if part.strip()]
    if not addresses:
        return remote_addr
    # Each trusted proxy appends the address it saw; what the client itself
    # claims (further left) is not to be trusted.
    return addresses[-min(proxies, len(addresses))]
