"""Who may do what with members and accounts (docs/architecture.md, "Who may do what").

| action                                   | public | staff | coordinator | ministry |
| read the member list and city pages      | yes    | yes   | yes         | yes      |
| see people's e-mail and phone            | no     | yes   | yes         | yes      |
| invite, change, deactivate people        | no     | no    | yes (admin) | no       |
| see one's own account, end one's sessions | no     | yes   | yes         | yes      |
| download one's own personal data         | no     | yes   | yes         | yes      |
| delete or anonymise a person             | no     | no    | yes (admin) | no       |
"""

from django.contrib.auth.models import AnonymousUser

from members.models import User


def can_see_contact_data(user: User | AnonymousUser) -> bool:
    """People's e-mail addresses and phone numbers are for those logged in."""
    return user.is_authenticated


def can_manage_people(user: User | AnonymousUser) -> bool:
    """Coordinators invite and change accounts (in the admin)."""
    return user.is_authenticated and user.is_active and user.is_coordinator


def can_download_own_data(user: User | AnonymousUser) -> bool:
    return user.is_authenticated and user.is_active


def can_remove_person(actor: User | AnonymousUser, person: User) -> bool:
    """Coordinators delete or anonymise people, not themselves; a superuser
    only another superuser."""
    if not can_manage_people(actor) or actor.pk == person.pk:
        return False
    return not person.is_superuser or actor.is_superuser
