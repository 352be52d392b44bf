from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from members import roles
from members.audit import log_action
from members.models import Municipality, User


def set_password_url(user: User) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    path = reverse("members:password-reset-confirm", kwargs={"uidb64": uid, "token": token})
    return f"{settings.SITE_URL}{path}"


def send_invitation(user: User) -> None:
    context = {"user": user, "url": set_password_url(user), "site_url": settings.SITE_URL}
    # Mails are German like the portal's other mails, whatever language the
    # inviting coordinator's browser uses (eager tasks run in the request).
    with translation.override(settings.LANGUAGE_CODE):
        message = EmailMultiAlternatives(
            subject=_("Einladung zum IKONE-Portal"),
            body=render_to_string("members/mail/invitation.txt", context),
            to=[user.email],
        )
        message.attach_alternative(
            render_to_string("members/mail/invitation.html", context), "text/html"
        )
    message.send()


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
    user = User.objects.create_user(
        email=email.strip().lower(),
        first_name=first_name,
        last_name=last_name,
        municipality=municipality if role == roles.MUNICIPAL_STAFF else None,
        position=position,
        phone=phone,
        is_staff=role == roles.COORDINATION,
    )
    user.groups.add(Group.objects.get(name=role))
    log_action(actor=actor, obj=user, action="invited", changes={"role": role})
    user_send_invitation(user=user)
    return user


def user_send_invitation(*, user: User) -> None:
    """Mail the set-password link once the surrounding transaction has committed."""
    from members.tasks import send_invitation_mail

    transaction.on_commit(lambda: send_invitation_mail.delay(user.pk))


def user_end_other_sessions(*, user: User) -> None:
    """End every session of the user; the caller keeps its own by re-hashing."""
    User.objects.filter(pk=user.pk).update(session_generation=F("session_generation") + 1)
    user.refresh_from_db(fields=["session_generation"])
