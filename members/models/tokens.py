"""API tokens for machine clients (only a hash is stored)."""

import functools
import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import connection, models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.text import validate_one_line
from members.models.users import User, role_names_sql


def _hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


@functools.cache
def _find_sql() -> tuple[list[str], list[str], str]:
    """The attribute names of a token's and its user's columns and the
    statement that reads both and the user's role names by the token's hash."""
    qn = connection.ops.quote_name
    token, user = ApiToken._meta, User._meta
    token_user = qn(token.get_field("user").column)
    columns = [f"t.{qn(f.column)}" for f in token.concrete_fields]
    columns += [f"u.{qn(f.column)}" for f in user.concrete_fields]
    sql = (
        f"SELECT {', '.join(columns)}, ARRAY({role_names_sql(f't.{token_user}')})"  # noqa: S608
        f" FROM {qn(token.db_table)} t JOIN {qn(user.db_table)} u"
        f" ON u.{qn(user.pk.column)} = t.{token_user}"
        f" WHERE t.{qn(token.get_field('key_hash').column)} = %s"
    )
    return (
        [f.attname for f in token.concrete_fields],
        [f.attname for f in user.concrete_fields],
        sql,
    )


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
        query: every request with a token asks who it is and what it may.
        The statement is made once per process (``_find_sql``): building it
        through the ORM took three times as long as the database needs to
        answer it."""
        token_fields, user_fields, sql = _find_sql()
        with connection.cursor() as cursor:
            cursor.execute(sql, [_hash_token(raw)])
            row = cursor.fetchone()
        if row is None:
            return None
        split = len(token_fields)
        token = cls.from_db(connection.alias, token_fields, row[:split])
        user = User.from_db(connection.alias, user_fields, row[split:-1])
        user.role_names = frozenset(row[-1])
        token.user = user
        return token

    @property
    def is_usable(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()
