"""What every service about meetings shares: the row lock, seats, mails."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from core.reminders import claim
from events import permissions, tasks
from events.models import Event, EventReminder, Registration
from members.audit import log_action
from members.models import User

Status = Registration.Status


def lock(event: Event) -> Event:
    """The meeting's row lock, taken first by every service that writes the
    meeting or its registrations: they happen one after the other."""
    return Event.objects.select_for_update().get(pk=event.pk)


def require_manager(actor: User | None) -> None:
    if not permissions.may_manage(actor):
        raise PermissionDenied(_("Nur die Koordination kann Termine verwalten."))


def seats_taken(event: Event) -> int:
    return Registration.objects.filter(event=event, status__in=Registration.SEATED).count()


def queue_mails(rows: list[EventReminder]) -> None:
    """Write the mail rows in this transaction; send them right after commit.

    Should the task not run (broker down), the next beat run sends them.
    """
    if not rows:
        return
    claim(EventReminder, rows)
    transaction.on_commit(lambda: tasks.deliver_event_mails.delay())


# Notices about one registration are unique per registration; the event's
# cancellation is unique per person. Reminder stages are "<days>d".
_STAGE_PREFIX: dict[str, str] = {
    EventReminder.Kind.REGISTERED: "registered",
    EventReminder.Kind.WAITLISTED: "registered",
    EventReminder.Kind.PROMOTED: "promoted",
    EventReminder.Kind.REGISTRATION_CANCELLED: "withdrawn",
}


def mail(kind: str, registration: Registration, stage: str | None = None) -> EventReminder:
    return EventReminder(
        event_id=registration.event_id,
        recipient_id=registration.user_id,
        registration=registration,
        kind=kind,
        stage=stage or f"{_STAGE_PREFIX[kind]}:{registration.pk}",
    )


def close_gap(event: Event, position: int) -> None:
    Registration.objects.filter(
        event=event, status=Status.WAITING, waitlist_position__gt=position
    ).update(waitlist_position=F("waitlist_position") - 1)


def fill_free_seats(event: Event, *, actor: User) -> list[Registration]:
    """Move people up from the waiting list while seats are free (event locked)."""
    if event.status != Event.Status.PUBLISHED or timezone.now() >= event.starts_at:
        return []
    waiting = Registration.objects.filter(event=event, status=Status.WAITING).order_by(
        "waitlist_position"
    )
    if event.capacity is not None:
        free = event.capacity - seats_taken(event)
        if free <= 0:
            return []
        waiting = waiting[:free]
    promoted = list(waiting)
    if not promoted:
        return []
    now = timezone.now()
    Registration.objects.filter(pk__in=[r.pk for r in promoted]).update(
        status=Status.CONFIRMED, waitlist_position=None, confirmed_at=now, updated_at=now
    )
    Registration.objects.filter(event=event, status=Status.WAITING).update(
        waitlist_position=F("waitlist_position") - len(promoted)
    )
    for registration in promoted:
        registration.status = Status.CONFIRMED
        registration.waitlist_position = None
        registration.confirmed_at = now
        log_action(
            actor=actor,
            obj=registration,
            action="registration.promoted",
            changes={"status": [Status.WAITING, Status.CONFIRMED]},
        )
    queue_mails([mail(EventReminder.Kind.PROMOTED, r) for r in promoted])
    return promoted
