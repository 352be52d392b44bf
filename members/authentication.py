"""Bearer-token authentication for machine clients (the ministry's reports).

Clients send ``Authorization: Bearer <token>``. Tokens are looked up by their
SHA-256 hash; expired, revoked or unknown tokens get a 401 with a German message.
"""

from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions

from core.middleware import API_PREFIX
from members.models import ApiToken

# Writing last_used_at on every request would turn each read into a write.
LAST_USED_RESOLUTION = timedelta(minutes=5)


class BearerTokenAuthentication(authentication.BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_("Ungültiger Authorization-Header."))
        try:
            raw = header[1].decode()
        except UnicodeError:
            raise exceptions.AuthenticationFailed(_("Ungültiges Token.")) from None
        token = ApiToken.find(raw)
        if token is None:
            raise exceptions.AuthenticationFailed(_("Ungültiges Token."))
        if token.revoked_at is not None:
            raise exceptions.AuthenticationFailed(_("Dieses Token wurde widerrufen."))
        now = timezone.now()
        if token.expires_at <= now:
            raise exceptions.AuthenticationFailed(_("Dieses Token ist abgelaufen."))
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("Das Benutzerkonto ist deaktiviert."))
        if token.last_used_at is None or now - token.last_used_at > LAST_USED_RESOLUTION:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return token.user, token

    def authenticate_header(self, request) -> str:
        return self.keyword


def answered_by_token(request) -> bool:
    """Whether the API answers ``request`` for the token it sends, or refuses
    it: a request under /api/ with ``Authorization: Bearer …``, which
    BearerTokenAuthentication, the first of the API's authentication classes,
    takes or refuses before the session is asked. A browser session the
    request carries as well is not used by it, so neither ended nor renewed
    (``members.middleware``): the person was not active, a program was."""
    if not request.path.startswith(API_PREFIX):
        return False
    header = authentication.get_authorization_header(request).split()
    return bool(header) and header[0].lower() == BearerTokenAuthentication.keyword.lower().encode()
