"""Meetings themselves: create, change, publish, cancel; their agenda and reminders."""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from core.text import validate_multi_line
from events.cache import event_changed
from events.models import (
    DEFAULT_REMINDER_DAYS,
    AgendaItem,
    Event,
    EventReminder,
    Registration,
    ReminderOffset,
)
from events.services._common import (
    Status,
    fill_free_seats,
    lock,
    mail,
    queue_mails,
    require_manager,
)
from members.audit import diff, log_action
from members.models import User


@transaction.atomic
def event_save(*, event: Event, actor: User, changed: Iterable[str] = ()) -> Event:
    """Create an event (with the default reminders) or store changes to it.

    ``changed`` names the fields the coordinator changed; each change raises
    the iCal SEQUENCE. A larger capacity moves people up from the waiting list.
    """
    require_manager(actor)
    event.full_clean()
    if event.pk is None:
        event.created_by = actor
        event.save()
        ReminderOffset.objects.bulk_create(
            [ReminderOffset(event=event, days_before=days) for days in DEFAULT_REMINDER_DAYS]
        )
        log_action(actor=actor, obj=event, action="event.created")
        return event

    editable = {field.name for field in Event._meta.concrete_fields if field.editable}
    fields = [name for name in changed if name in editable]
    if not fields:
        return event
    locked = lock(event)
    event_changed(locked.pk)
    before = {name: getattr(locked, name) for name in fields}
    event.sequence = locked.sequence + 1
    event.status = locked.status  # status changes only through publish/cancel
    event.save(update_fields=[*fields, "sequence", "updated_at"])
    log_action(
        actor=actor,
        obj=event,
        action="event.changed",
        changes=diff(event, before, fields),
    )
    if "capacity" in fields:
        fill_free_seats(event, actor=actor)
    return event


def _touch(event: Event) -> None:
    """Something belonging to the (locked) meeting changed: raise its iCal SEQUENCE
    so calendars replace their copy."""
    Event.objects.filter(pk=event.pk).update(sequence=F("sequence") + 1, updated_at=timezone.now())


@transaction.atomic
def agenda_item_save(*, item: AgendaItem, actor: User) -> AgendaItem:
    """Add or change an item of a meeting's agenda (within the meeting's time)."""
    require_manager(actor)
    event = lock(item.event)
    event_changed(event.pk)
    created = item.pk is None
    item.event = event
    item.full_clean()
    item.save()
    log_action(
        actor=actor,
        obj=event,
        action="agenda.create" if created else "agenda.update",
        changes={"item": item.title, "starts_at": item.starts_at},
    )
    _touch(event)
    return item


@transaction.atomic
def agenda_item_delete(*, item: AgendaItem, actor: User) -> None:
    require_manager(actor)
    event = lock(item.event)
    event_changed(event.pk)
    log_action(actor=actor, obj=event, action="agenda.delete", changes={"item": item.title})
    item.delete()
    _touch(event)


@transaction.atomic
def reminder_offset_save(*, offset: ReminderOffset, actor: User) -> ReminderOffset:
    """When a meeting's reminders go out (days before its start)."""
    require_manager(actor)
    event = lock(offset.event)
    offset.event = event
    offset.full_clean()
    offset.save()
    log_action(
        actor=actor, obj=event, action="reminder.set", changes={"days_before": offset.days_before}
    )
    return offset


@transaction.atomic
def reminder_offset_delete(*, offset: ReminderOffset, actor: User) -> None:
    require_manager(actor)
    event = lock(offset.event)
    log_action(
        actor=actor,
        obj=event,
        action="reminder.delete",
        changes={"days_before": offset.days_before},
    )
    offset.delete()


@transaction.atomic
def event_publish(*, event: Event, actor: User) -> Event:
    require_manager(actor)
    locked = lock(event)
    event_changed(locked.pk)
    if locked.status == Event.Status.PUBLISHED:
        raise ValidationError(_("Dieser Termin ist bereits veröffentlicht."), code="published")
    if locked.status == Event.Status.CANCELLED:
        raise ValidationError(
            _("Ein abgesagter Termin kann nicht wieder veröffentlicht werden."), code="cancelled"
        )
    locked.status = Event.Status.PUBLISHED
    locked.published_at = timezone.now()
    locked.sequence += 1
    locked.save(update_fields=["status", "published_at", "sequence", "updated_at"])
    log_action(
        actor=actor,
        obj=locked,
        action="event.published",
        changes={"status": [Event.Status.DRAFT, Event.Status.PUBLISHED]},
    )
    return locked


@transaction.atomic
def event_cancel(*, event: Event, actor: User, reason: str = "") -> int:
    """Cancel a meeting and tell everyone registered (seated or waiting).

    Returns how many people are notified.
    """
    require_manager(actor)
    locked = lock(event)
    event_changed(locked.pk)
    if locked.status == Event.Status.CANCELLED:
        raise ValidationError(_("Dieser Termin ist bereits abgesagt."), code="cancelled")
    if locked.ends_at <= timezone.now():
        raise ValidationError(
            _("Ein vergangener Termin kann nicht mehr abgesagt werden."), code="past"
        )
    try:
        validate_multi_line(reason)
    except ValidationError as error:
        raise ValidationError({"reason": error.messages}) from None
    previous = locked.status
    locked.status = Event.Status.CANCELLED
    locked.cancelled_at = timezone.now()
    locked.cancellation_reason = reason.strip()
    locked.sequence += 1
    locked.save(
        update_fields=["status", "cancelled_at", "cancellation_reason", "sequence", "updated_at"]
    )
    log_action(
        actor=actor,
        obj=locked,
        action="event.cancelled",
        changes={
            "status": [previous, Event.Status.CANCELLED],
            "reason": locked.cancellation_reason,
        },
    )
    registrations = list(
        Registration.objects.filter(
            event=locked, status__in=[Status.CONFIRMED, Status.WAITING]
        ).only("pk", "event_id", "user_id")
    )
    queue_mails(
        [
            mail(EventReminder.Kind.EVENT_CANCELLED, registration, stage="event_cancelled")
            for registration in registrations
        ]
    )
    return len(registrations)
