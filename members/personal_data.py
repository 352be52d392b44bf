"""Everything the portal stores about one person, for their own download
("Meine Daten herunterladen" on "Mein Konto", Art. 15 GDPR).

The account, its tokens and the history of what the person did come from
here; every app above adds its part (``core.registry.PersonalData``), so the
download grows with the portal without members knowing the other apps.
"""

from typing import Any

from django.utils import timezone

from core.registry import registry
from members.models import ApiToken, AuditEntry, User


def _when(value) -> str | None:
    return value.isoformat() if value else None


def personal_data(user: User) -> dict[str, Any]:
    account = {
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "position": user.position,
        "phone": user.phone,
        "municipality": user.municipality.name if user.municipality else None,
        "role": user.role_label,
        "is_active": user.is_active,
        "date_joined": _when(user.date_joined),
        "last_login": _when(user.last_login),
    }
    tokens = [
        {
            "name": token.name,
            "prefix": token.prefix,
            "created_at": _when(token.created_at),
            "expires_at": _when(token.expires_at),
            "revoked_at": _when(token.revoked_at),
        }
        for token in ApiToken.objects.filter(user=user).order_by("created_at")
    ]
    history = [
        {
            "at": _when(entry.created_at),
            "action": entry.action,
            "object": entry.object_repr,
            "changes": entry.changes,
        }
        for entry in AuditEntry.objects.filter(actor=user).order_by("created_at", "id")
    ]
    data: dict[str, Any] = {
        "exported_at": timezone.now().isoformat(),
        "account": account,
        "api_tokens": tokens,
        "history": history,
    }
    for part in registry.personal_data:
        data[part.key] = part.collect(user)
    return data
