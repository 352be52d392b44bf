"""Helpers shared by the service modules."""

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from core.errors import Conflict
from members.models import Municipality, User


def deny(message: str) -> PermissionDenied:
    return PermissionDenied(message)


def check_fields(fields: dict, allowed: Iterable[str]) -> None:
    unknown = set(fields) - set(allowed)
    if unknown:
        raise TypeError(f"Unknown fields: {sorted(unknown)}")


def own_city(actor: User, *, field: str) -> Municipality:
    """The city a member of staff acts for when none is named; others must name one.

    The request may leave the city out (the API's schema says so); that there
    is no own city to take is the account's state, so a Conflict (409)."""
    if actor.is_authenticated and actor.is_municipal_staff and actor.municipality:
        return actor.municipality
    raise Conflict({field: _("Bitte geben Sie die Kommune an.")})
