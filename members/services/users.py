"""Writes of people: invitations, changes in the admin, sessions."""

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from core import cache, mail
from members import roles
from members.audit import diff, log_action, snapshot
from members.cache import PEOPLE
from members.models import Municipality, User

USER_FIELDS = [
    "email",
    "first_name",
    "last_name",
    "position",
    "phone",
    "municipality",
    "is_active",
    "is_staff",
    "is_superuser",
]


def set_password_url(user: User) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    path = reverse("members:password-reset-confirm", kwargs={"uidb64": uid, "token": token})
    return f"{settings.SITE_URL}{path}"


def send_invitation(user: User) -> None:
    with mail.german():
        subject = _("Einladung zum IKONE-Portal")
    mail.build(
        "members/mail/invitation",
        subject=subject,
        context={"user": user, "url": set_password_url(user)},
        to=[user.email],
    ).send()


def check_role_and_municipality(role_names: Iterable[str], municipality: Municipality | None):
    """Staff of a municipality belong to one; coordinators and the ministry to none."""
    names = set(role_names)
    if roles.MUNICIPAL_STAFF in names and municipality is None:
        raise ValidationError(
            {"municipality": _("Mitarbeitende einer Kommune brauchen eine Kommune.")}
        )
    if names & {roles.COORDINATION, roles.MINISTRY} and municipality is not None:
        raise ValidationError(
            {"municipality": _("Koordination und Ministerium gehören zu keiner Kommune.")}
        )


@transaction.atomic
def user_invite(
    *,
    email: str,
    role: str,
    first_name: str = "",
    last_name: str = "",
    municipality: Municipality | None = None,
    position: str = "",
    phone: str = "",
    actor: User | None = None,
) -> User:
    """Create an account without a password and mail a link to set one."""
    if role not in roles.ROLE_NAMES:
        raise ValueError(f"Unknown role {role!r}")
    check_role_and_municipality([role], municipality)
    email = email.strip().lower()
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError(
            {"email": _("Es gibt bereits ein Benutzerkonto mit dieser E-Mail-Adresse.")}
        )
    fields: dict[str, Any] = {
        "first_name": first_name,
        "last_name": last_name,
        "municipality": municipality,
        "position": position,
        "phone": phone,
        "is_staff": role == roles.COORDINATION,
    }
    User(email=email, **fields).full_clean(exclude=["password"])
    user = User.objects.create_user(email=email, **fields)
    user.groups.add(Group.objects.get(name=role))
    log_action(actor=actor, obj=user, action="invited", changes={"role": role})
    user_send_invitation(user=user)
    return user


def user_send_invitation(*, user: User) -> None:
    """Mail the set-password link once the surrounding transaction has committed."""
    from members.tasks import send_invitation_mail

    transaction.on_commit(lambda: send_invitation_mail.delay(user.pk))


@transaction.atomic
def user_save(
    *,
    user: User,
    actor: User | None,
    groups: Iterable[Group] | None = None,
    permissions: Iterable[Permission] | None = None,
) -> User:
    """Store changes to an account (the admin); who belongs to which city follows
    everywhere it is shown. Raising an account above the roles is for superusers."""
    stored = User.objects.select_for_update().get(pk=user.pk)
    before = snapshot(stored, USER_FIELDS)
    old_groups = set(stored.groups.values_list("name", flat=True))
    new_groups = old_groups if groups is None else {group.name for group in groups}
    raises_above_roles = (user.is_superuser and not stored.is_superuser) or (
        permissions is not None and set(permissions) != set(stored.user_permissions.all())
    )
    if raises_above_roles and not (actor and actor.is_superuser):
        raise ValidationError(_("Nur Superuser vergeben Superuser-Status und Einzelrechte."))
    check_role_and_municipality(new_groups, user.municipality)
    user.email = user.email.strip().lower()
    if User.objects.filter(email__iexact=user.email).exclude(pk=user.pk).exists():
        raise ValidationError(
            {"email": _("Es gibt bereits ein Benutzerkonto mit dieser E-Mail-Adresse.")}
        )
    user.full_clean(exclude=["password"])
    user.save()
    if groups is not None:
        user.groups.set(groups)
    if permissions is not None:
        user.user_permissions.set(permissions)
    changes = diff(user, before, USER_FIELDS)
    if new_groups != old_groups:
        changes["groups"] = [sorted(old_groups), sorted(new_groups)]
    if changes:
        log_action(actor=actor, obj=user, action="user.update", changes=changes)
    if {"municipality", "is_active", "groups"} & set(changes):
        cache.changed(PEOPLE)
    return user


def user_end_other_sessions(*, user: User) -> None:
    """End every session of the user; the caller keeps its own by re-hashing."""
    User.objects.filter(pk=user.pk).update(session_generation=F("session_generation") + 1)
    user.refresh_from_db(fields=["session_generation"])
