"""API tokens for machine clients (only a hash is stored)."""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.postgres.expressions import ArraySubquery
from django.db import models
from django.db.models import OuterRef
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.text import validate_one_line
from members.models.users import User


def _hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet):
    def usable(self) -> "ApiTokenQuerySet":
        return self.filter(revoked_at__isnull=True, expires_at__gt=timezone.now())


class ApiToken(models.Model):
    """A bearer token for machine clients. Only a SHA-256 hash is stored."""

    PREFIX_LENGTH = 8

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Benutzer/in"),
        on_delete=models.CASCADE,
        related_name="api_tokens",
    )
    name = models.CharField(
        _("Bezeichnung"), max_length=100, blank=True, validators=[validate_one_line]
    )
    prefix = models.CharField(_("Anfang des Tokens"), max_length=PREFIX_LENGTH, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("angelegt am"), auto_now_add=True)
    expires_at = models.DateTimeField(_("gültig bis"))
    revoked_at = models.DateTimeField(_("widerrufen am"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("zuletzt benutzt"), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("API-Token")
        verbose_name_plural = _("API-Tokens")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"

    @classmethod
    def issue(cls, *, user: User, days: int, name: str = "") -> tuple["ApiToken", str]:
        """Create a token; the raw value is returned once and never stored."""
        raw = secrets.token_urlsafe(32)
        token = cls.objects.create(
            user=user,
            name=name,
            prefix=raw[: cls.PREFIX_LENGTH],
            key_hash=_hash_token(raw),
            expires_at=timezone.now() + timedelta(days=days),
        )
        return token, raw

    @classmethod
    def find(cls, raw: str) -> "ApiToken | None":
        """The token of ``raw`` with its user and the user's role names, in one
        query: every request with a token asks who it is and what it may."""
        roles = ArraySubquery(
            Group.objects.filter(user=OuterRef("user_id")).order_by().values("name")
        )
        token = (
            cls.objects.select_related("user")
            .annotate(role_names=roles)
            .filter(key_hash=_hash_token(raw))
            .first()
        )
        if token is not None:
            token.user.role_names = frozenset(token.role_names)
        return token

    @property
    def is_usable(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()
