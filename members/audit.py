"""The change history: one entry per change of money or moderation state."""

from collections.abc import Callable, Iterable
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone

from members.models import AuditEntry, User


def _jsonable(value: Any) -> Any:
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, datetime):
        # In Berlin time with its offset: the admin shows the entry as stored.
        return (
            timezone.localtime(value).isoformat() if timezone.is_aware(value) else value.isoformat()
        )
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


# The history is also the outbox of "what happened" for the apps above
# (follows: notices to followers). They read the entries themselves, exactly
# once; a listener only learns, after the commit, that entries of its actions
# were written, so it can deliver at once instead of at the next beat.
_listeners: list[tuple[frozenset[str], Callable[[], None]]] = []


def after_logged(actions: Iterable[str], callback: Callable[[], None]) -> None:
    """Call ``callback`` after the commit of a transaction that logged one of ``actions``."""
    entry = (frozenset(actions), callback)
    if entry not in _listeners:
        _listeners.append(entry)


def log_action(
    *, actor: User | None, obj: models.Model, action: str, changes: dict | None = None
) -> AuditEntry:
    for actions, callback in _listeners:
        if action in actions:
            # robust: a broker that is down must not fail the committed change;
            # the beat's next run picks the entry up.
            transaction.on_commit(callback, robust=True)
    return AuditEntry.objects.create(
        actor=actor if actor and actor.is_authenticated else None,
        actor_municipality_id=(actor.municipality_id if actor and actor.is_authenticated else None),
        content_type=ContentType.objects.get_for_model(obj),
        object_id=str(obj.pk),
        object_repr=str(obj)[:300],
        action=action,
        changes={key: _jsonable(value) for key, value in (changes or {}).items()},
    )


def snapshot(obj: models.Model, fields: list[str]) -> dict:
    """The values of ``fields`` now, to ``diff`` against after a change."""
    return {name: getattr(obj, name) for name in fields}


def diff(instance: models.Model, before: dict, fields: list[str]) -> dict:
    """Field changes as {field: [old, new]} between ``before`` and ``instance``."""
    return {
        name: [_jsonable(before.get(name)), _jsonable(getattr(instance, name))]
        for name in fields
        if before.get(name) != getattr(instance, name)
    }


def history_for(obj: models.Model):
    return AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk)
    ).select_related("actor__municipality", "actor_municipality")
