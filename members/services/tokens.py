"""Writes of API tokens. Tokens are issued with ``manage.py create_api_token``
(``ApiToken.issue``), which shows the raw value once."""

from django.db import transaction
from django.utils import timezone

from members.audit import diff, log_action, snapshot
from members.models import ApiToken, User

TOKEN_FIELDS = ["name", "expires_at"]


@transaction.atomic
def api_token_update(*, token: ApiToken, actor: User | None) -> ApiToken:
    """Rename a token or change its expiry."""
    before = snapshot(ApiToken.objects.get(pk=token.pk), TOKEN_FIELDS)
    token.full_clean()
    token.save(update_fields=TOKEN_FIELDS)
    if changes := diff(token, before, TOKEN_FIELDS):
        log_action(actor=actor, obj=token, action="token.update", changes=changes)
    return token


@transaction.atomic
def api_tokens_revoke(*, tokens, actor: User | None) -> int:
    """Revoke tokens for good (they may have leaked); already revoked ones stay as they are."""
    now = timezone.now()
    revoked = list(tokens.filter(revoked_at__isnull=True).select_for_update())
    for token in revoked:
        token.revoked_at = now
        token.save(update_fields=["revoked_at"])
        log_action(actor=actor, obj=token, action="token.revoke")
    return len(revoked)
