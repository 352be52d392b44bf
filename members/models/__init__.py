"""Members of the network and the people who use the portal (one module per entity)."""

from members.models.audit import AuditEntry
from members.models.municipalities import Municipality, MunicipalityQuerySet, ags_validator
from members.models.tokens import ApiToken, ApiTokenQuerySet
from members.models.users import User, UserManager

__all__ = [
    "ApiToken",
    "ApiTokenQuerySet",
    "AuditEntry",
    "Municipality",
    "MunicipalityQuerySet",
    "User",
    "UserManager",
    "ags_validator",
]
