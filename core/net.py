"""Who is asking: the client's address behind the portal's reverse proxies."""

from django.conf import settings
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str | None:
    """REMOTE_ADDR, or the address the outermost trusted proxy saw (PROXY_COUNT).

    Each trusted proxy appends the address it saw to X-Forwarded-For; what the
    client itself claims (further left) is not to be trusted. The same rule
    DRF's throttling uses with ``NUM_PROXIES``.
    """
    remote_addr = request.META.get("REMOTE_ADDR")
    proxies = settings.PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR")
    if not proxies or not forwarded:
        return remote_addr
    addresses = [part.strip() for part in forwarded.split(",") if part.strip()]
    if not addresses:
        return remote_addr
    return addresses[-min(proxies, len(addresses))]
