"""Signed one-click links in mails: end one follow, or the weekly digest.

A link carries whom and what, signed with the secret key under a salt per
purpose (a digest token cannot end a follow), and is valid for
``MAX_AGE``. It works without login; a GET only shows what would change,
the POST (from that page, or a mail client's RFC 8058 one-click request)
changes it.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.urls import reverse

MAX_AGE = timedelta(days=180)

FOLLOW = "follow"
DIGEST = "digest"
_SALTS = {FOLLOW: "follows.unsubscribe.follow", DIGEST: "follows.unsubscribe.digest"}


@dataclass(frozen=True)
class Unsubscribe:
    purpose: str
    user_id: int
    follow_id: int | None = None


class InvalidToken(Exception):
    """Tampered with, for another purpose, or expired."""

    def __init__(self, *, expired: bool) -> None:
        super().__init__("expired" if expired else "invalid")
        self.expired = expired


def make(purpose: str, *, user_id: int, follow_id: int | None = None) -> str:
    payload = {"u": user_id} if follow_id is None else {"u": user_id, "f": follow_id}
    # The purpose is in the token (to pick the salt) and in the signature (the salt).
    return f"{purpose}.{signing.dumps(payload, salt=_SALTS[purpose], compress=False)}"


def read(token: str) -> Unsubscribe:
    purpose, _dot, signed = token.partition(".")
    if purpose not in _SALTS:
        raise InvalidToken(expired=False)
    try:
        payload = signing.loads(signed, salt=_SALTS[purpose], max_age=MAX_AGE)
    except signing.SignatureExpired:
        raise InvalidToken(expired=True) from None
    except signing.BadSignature:
        raise InvalidToken(expired=False) from None
    try:
        user_id = int(payload["u"])
        follow_id = int(payload["f"]) if purpose == FOLLOW else None
    except (KeyError, TypeError, ValueError):
        raise InvalidToken(expired=False) from None
    return Unsubscribe(purpose=purpose, user_id=user_id, follow_id=follow_id)


def url(purpose: str, *, user_id: int, follow_id: int | None = None) -> str:
    token = make(purpose, user_id=user_id, follow_id=follow_id)
    return settings.SITE_URL + reverse("follows:unsubscribe", kwargs={"token": token})
