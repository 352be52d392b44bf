"""Every write of the members app: municipalities, people, their roles and tokens.

Pages, API and admin call these functions; each checks its rules, writes in
one transaction with its history entry, and tells the cache what changed.
"""

from members.services.municipalities import (
    MUNICIPALITY_FIELDS,
    municipality_delete,
    municipality_save,
)
from members.services.people import user_anonymise, user_delete
from members.services.tokens import api_token_update, api_tokens_revoke
from members.services.users import (
    send_invitation,
    set_password_url,
    user_end_other_sessions,
    user_invite,
    user_save,
    user_send_invitation,
)

__all__ = [
    "MUNICIPALITY_FIELDS",
    "api_token_update",
    "api_tokens_revoke",
    "municipality_delete",
    "municipality_save",
    "send_invitation",
    "set_password_url",
    "user_anonymise",
    "user_delete",
    "user_end_other_sessions",
    "user_invite",
    "user_save",
    "user_send_invitation",
]
