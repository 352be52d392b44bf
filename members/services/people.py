"""Removing a person: delete the account, or anonymise it.

Either way the city's records stay intact — the projects, adoptions, grants
and meetings their city holds, and the history of who changed them — and name
the city instead of the person ("Ehemalige Person (Speyer)"). Anonymising
keeps the account row without anything personal (so a meeting's past
attendance still counts); deleting removes it with what is only about the
person (registrations, tokens, sent-mail records). Before either, each app
releases what the person still holds (``core.registry.PersonalData.release``:
a seat at a coming meeting goes to the waiting list; mails not yet sent are
dropped).
"""

from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F, Q, TextField
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext as _

from core import cache
from core.errors import Conflict
from core.registry import registry
from members import permissions
from members.audit import log_action
from members.cache import PEOPLE
from members.models import ApiToken, AuditEntry, User
from members.models.users import anonymous_label

ANONYMOUS_DOMAIN = "anonymisiert.invalid"


def _lock(user: User, actor: User) -> User:
    if not permissions.can_remove_person(actor, user):
        raise PermissionDenied(_("Sie dürfen diese Person nicht löschen oder anonymisieren."))
    locked = (
        User.objects.select_for_update(of=("self",)).select_related("municipality").get(pk=user.pk)
    )
    if locked.anonymised_at is not None:
        raise Conflict(_("Diese Person ist bereits anonymisiert."), code="anonymised")
    return locked


def _traces(user: User) -> list[str]:
    """What names the person in texts the history copied (object names, changes)."""
    names = {user.email, user.get_full_name(), str(user)}
    return sorted((name for name in names if len(name) >= 3), key=len, reverse=True)


def _scrub(value, traces: list[str], label: str):
    if isinstance(value, str):
        for trace in traces:
            value = value.replace(trace, label)
        return value
    if isinstance(value, list):
        return [_scrub(item, traces, label) for item in value]
    if isinstance(value, dict):
        return {key: _scrub(item, traces, label) for key, item in value.items()}
    return value


def _history_names_the_city(user: User) -> None:
    """History entries by the person keep their city; entries that copied the
    person's name or address (their account, their registrations) name the
    city instead."""
    label = anonymous_label(user.municipality)
    traces = _traces(user)
    AuditEntry.objects.filter(actor=user, actor_municipality__isnull=True).update(
        actor_municipality=user.municipality
    )
    naming = Q()
    for trace in traces:
        naming |= Q(object_repr__contains=trace) | Q(changes_text__contains=trace)
    entries = AuditEntry.objects.annotate(changes_text=Cast("changes", TextField())).filter(naming)
    for entry in entries:
        entry.object_repr = _scrub(entry.object_repr, traces, label)
        entry.changes = _scrub(entry.changes, traces, label)
        entry.save(update_fields=["object_repr", "changes"])


def _release(user: User, actor: User) -> None:
    for part in registry.personal_data:
        if part.release is not None:
            part.release(user=user, actor=actor)


def _end_sessions(user: User) -> None:
    User.objects.filter(pk=user.pk).update(session_generation=F("session_generation") + 1)
    # The session rows themselves: a session stores the user's id as text.
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if session.get_decoded().get("_auth_user_id") == str(user.pk):
            session.delete()


@transaction.atomic
def user_anonymise(*, user: User, actor: User) -> User:
    """Keep the account row, without anything that names the person."""
    user = _lock(user, actor)
    _release(user, actor)
    _history_names_the_city(user)
    _end_sessions(user)
    ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())
    user.email = f"person-{user.pk}@{ANONYMOUS_DOMAIN}"
    user.first_name = user.last_name = user.position = user.phone = ""
    user.set_unusable_password()
    user.is_active = user.is_staff = user.is_superuser = False
    user.last_login = None
    user.anonymised_at = timezone.now()
    user.save()
    user.groups.clear()
    user.user_permissions.clear()
    log_action(actor=actor, obj=user, action="user.anonymise")
    cache.changed(PEOPLE)
    return user


@transaction.atomic
def user_delete(*, user: User, actor: User) -> None:
    """Delete the account; their registrations, tokens and sent-mail records
    go with it, the history names their city."""
    user = _lock(user, actor)
    _release(user, actor)
    _history_names_the_city(user)
    _end_sessions(user)
    log_action(
        actor=actor,
        obj=user,
        action="user.delete",
        changes={"municipality": user.municipality.name if user.municipality else None},
    )
    # The entry above names the person as its object; it, too, names the city.
    own_account = ContentType.objects.get_for_model(User)
    AuditEntry.objects.filter(content_type=own_account, object_id=str(user.pk)).update(
        object_repr=anonymous_label(user.municipality)
    )
    user.delete()
    cache.changed(PEOPLE)
