"""Writes of follows and the digest choice (keyword-only, under a transaction).

Follows change nothing anyone else sees: they raise only the person's own
cache topic (the follow button) and write no history entry — the history is
for money, moderation and membership, and nobody else may see what a person
follows, the coordination in the admin included.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import Municipality, User
from projects import follow_tokens as tokens
from projects import permissions
from projects.cache import follows_changed
from projects.models import Delivery, Follow, Project, Subscriber, Topic


def _check_delivery(delivery: str) -> None:
    if delivery not in Delivery.values:
        raise ValidationError({"delivery": _("Bitte wählen Sie sofort, wöchentlich oder aus.")})


def _target(
    topic: Topic | None, municipality: Municipality | None, project: Project | None
) -> dict:
    given = {
        name: value
        for name, value in (("topic", topic), ("municipality", municipality), ("project", project))
        if value is not None
    }
    if len(given) != 1:
        raise ValidationError(
            _("Bitte nennen Sie genau ein Themenfeld, eine Kommune oder ein Projekt.")
        )
    return given


@transaction.atomic
def follow_set(
    *,
    actor: User,
    topic: Topic | None = None,
    municipality: Municipality | None = None,
    project: Project | None = None,
    delivery: str = Delivery.IMMEDIATE,
) -> tuple[Follow, bool]:
    """Follow one topic, municipality or project (or change how): following
    twice is one follow. Returns the follow and whether it is new.

    A project the actor may not see is refused like a missing one (the caller
    answers 404): ``Project.DoesNotExist``.
    """
    if not permissions.can_follow(actor):
        raise PermissionDenied(_("Bitte melden Sie sich an, um etwas zu folgen."))
    _check_delivery(delivery)
    target = _target(topic, municipality, project)
    if project is not None and not Project.objects.visible_to(actor).filter(pk=project.pk).exists():
        raise Project.DoesNotExist
    try:
        with transaction.atomic():
            follow, created = Follow.objects.get_or_create(
                user=actor, **target, defaults={"delivery": delivery}
            )
    except IntegrityError:
        # The same follow at the same moment (a double click): the constraint decided.
        follow, created = Follow.objects.get(user=actor, **target), False
    if not created and follow.delivery != delivery:
        follow.delivery = delivery
        follow.save(update_fields=["delivery"])
    follows_changed(actor.pk)
    return follow, created


@transaction.atomic
def follow_update(*, follow: Follow, actor: User, delivery: str) -> Follow:
    """Change how one is told: at once, weekly or off."""
    if not permissions.can_change_follow(actor, follow):
        raise Follow.DoesNotExist  # another person's follow: as if it did not exist
    _check_delivery(delivery)
    follow = Follow.objects.select_for_update().get(pk=follow.pk)
    if follow.delivery != delivery:
        follow.delivery = delivery
        follow.save(update_fields=["delivery"])
        follows_changed(actor.pk)
    return follow


@transaction.atomic
def follow_delete(*, follow: Follow, actor: User) -> None:
    """End a follow."""
    if not permissions.can_change_follow(actor, follow):
        raise Follow.DoesNotExist
    Follow.objects.filter(pk=follow.pk).delete()
    follows_changed(actor.pk)


@transaction.atomic
def network_digest_set(*, actor: User, enabled: bool) -> Subscriber:
    """Switch the network's weekly digest on or off."""
    if not permissions.can_follow(actor):
        raise PermissionDenied(_("Bitte melden Sie sich an."))
    subscriber, _created = Subscriber.objects.select_for_update().get_or_create(user=actor)
    if subscriber.network_digest != enabled:
        subscriber.network_digest = enabled
        subscriber.save(update_fields=["network_digest"])
    return subscriber


@transaction.atomic
def account_visit_record(*, actor: User) -> Subscriber:
    """ "Mein Konto" was seen now: what changed is counted from here next time."""
    subscriber, _created = Subscriber.objects.get_or_create(user=actor)
    subscriber.last_visit_at = timezone.now()
    subscriber.save(update_fields=["last_visit_at"])
    return subscriber


@transaction.atomic
def unsubscribe(*, link: tokens.Unsubscribe) -> str:
    """What a signed link ends, changed for its person (no login: the signature
    is the proof). Returns ``"ended"`` or ``"nothing"`` (already ended)."""
    actor = User.objects.filter(pk=link.user_id, is_active=True).first()
    if actor is None:
        return "nothing"
    if link.purpose == tokens.FOLLOW and link.follow_id is not None:
        follow = Follow.objects.filter(pk=link.follow_id, user=actor).first()
        if follow is None or follow.delivery == Delivery.OFF:
            return "nothing"
        follow_update(follow=follow, actor=actor, delivery=Delivery.OFF)
        return "ended"
    weekly = Follow.objects.filter(user=actor, delivery=Delivery.WEEKLY)
    had_digest = Subscriber.objects.filter(user=actor, network_digest=True).exists()
    if not had_digest and not weekly.exists():
        return "nothing"
    for follow in weekly:
        follow_update(follow=follow, actor=actor, delivery=Delivery.OFF)
    network_digest_set(actor=actor, enabled=False)
    return "ended"
