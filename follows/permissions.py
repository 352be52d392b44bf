"""Who may follow what (docs/architecture.md, "Who may do what").

Anyone logged in follows what they may see — staff, coordinators and the
ministry alike; a follow belongs to its person only.
"""

from django.contrib.auth.models import AnonymousUser

from follows.models import Follow
from members.models import User


def can_follow(user: User | AnonymousUser) -> bool:
    return bool(user.is_authenticated and user.is_active)


def can_change_follow(user: User | AnonymousUser, follow: Follow) -> bool:
    return can_follow(user) and follow.user_id == user.pk
