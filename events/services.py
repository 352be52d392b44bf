"""Every write about meetings: registering, the waiting list, publishing, cancelling.

Each function locks the event row first (``SELECT ... FOR UPDATE``), so all
changes to one meeting's seats and waiting list happen one after the other:
capacity holds and waiting-list positions stay 1..n without gaps, however
many people press the button at the same moment.
"""

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from events import permissions, tasks
from events.cache import registrations_changed
from events.models import DEFAULT_REMINDER_DAYS, Event, EventReminder, Registration, ReminderOffset
from ikone.reminders import claim
from members.audit import diff, log_action
from members.models import User

Status = Registration.Status


def _lock(event: Event) -> Event:
    """The meeting's row lock, taken by every service that writes the meeting or
    its registrations: its cached list of cities is out of date from here on
    (some of those writes are update()s, which send no signal)."""
    locked = Event.objects.select_for_update().get(pk=event.pk)
    registrations_changed(locked.pk)
    return locked


def _require_manager(actor: User | None) -> None:
    if not permissions.may_manage(actor):
        raise PermissionDenied(_("Nur die Koordination kann Termine verwalten."))


def _seats_taken(event: Event) -> int:
    return Registration.objects.filter(event=event, status__in=Registration.SEATED).count()


def _queue_mails(rows: list[EventReminder]) -> None:
    """Write the mail rows in this transaction; send them right after commit.

    Should the task not run (broker down), the next beat run sends them.
    """
    if not rows:
        return
    claim(EventReminder, rows)
    transaction.on_commit(lambda: tasks.deliver_event_mails.delay())


# Notices about one registration are unique per registration; the event's
# cancellation is unique per person. Reminder stages are "<days>d".
_STAGE_PREFIX = {
    EventReminder.Kind.REGISTERED: "registered",
    EventReminder.Kind.WAITLISTED: "registered",
    EventReminder.Kind.PROMOTED: "promoted",
    EventReminder.Kind.REGISTRATION_CANCELLED: "withdrawn",
}


def _mail(kind: str, registration: Registration, stage: str | None = None) -> EventReminder:
    return EventReminder(
        event_id=registration.event_id,
        recipient_id=registration.user_id,
        registration=registration,
        kind=kind,
        stage=stage or f"{_STAGE_PREFIX[kind]}:{registration.pk}",
    )


def _close_gap(event: Event, position: int) -> None:
    Registration.objects.filter(
        event=event, status=Status.WAITING, waitlist_position__gt=position
    ).update(waitlist_position=F("waitlist_position") - 1)


def _fill_free_seats(event: Event, *, actor: User) -> list[Registration]:
    """Move people up from the waiting list while seats are free (event locked)."""
    if event.status != Event.Status.PUBLISHED or timezone.now() >= event.starts_at:
        return []
    waiting = Registration.objects.filter(event=event, status=Status.WAITING).order_by(
        "waitlist_position"
    )
    if event.capacity is not None:
        free = event.capacity - _seats_taken(event)
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
    _queue_mails([_mail(EventReminder.Kind.PROMOTED, r) for r in promoted])
    return promoted


# --- registrations ------------------------------------------------------------


@transaction.atomic
def registration_create(*, event: Event, user: User, actor: User) -> Registration:
    """Register ``user``: a seat if one is free, otherwise the end of the waiting list."""
    if actor is None or not actor.is_authenticated:
        raise PermissionDenied(_("Bitte melden Sie sich an, um sich für Termine anzumelden."))
    if actor.pk == user.pk:
        if not permissions.may_register(user):
            raise PermissionDenied(
                _(
                    "Zu Terminen anmelden können sich Mitarbeitende der Mitgliedskommunen und "
                    "die Koordination."
                )
            )
    else:
        if not permissions.may_manage(actor):
            raise PermissionDenied(_("Sie können nur sich selbst anmelden."))
        if not permissions.may_register(user):
            raise ValidationError(
                _("%(name)s kann nicht zu Terminen angemeldet werden (keine Kommune).")
                % {"name": user},
                code="not_eligible",
            )

    event = _lock(event)
    now = timezone.now()
    problem = event.registration_problem(now)
    if problem:
        raise ValidationError(problem, code="registration_closed")

    existing = Registration.objects.filter(event=event, user=user, status__in=Registration.ACTIVE)
    existing = existing.first()
    if existing is not None:
        raise ValidationError(
            _already_message(existing, self_service=actor.pk == user.pk),
            code="already_registered",
        )

    registration = Registration(event=event, user=user, registered_at=now)
    if event.capacity is None or _seats_taken(event) < event.capacity:
        registration.status = Status.CONFIRMED
        registration.confirmed_at = now
    else:
        last = (
            Registration.objects.filter(event=event, status=Status.WAITING)
            .order_by("-waitlist_position")
            .values_list("waitlist_position", flat=True)
            .first()
        )
        registration.status = Status.WAITING
        registration.waitlist_position = (last or 0) + 1
    try:
        with transaction.atomic():
            registration.save()
    except IntegrityError:
        # Only reachable without the row lock (SQLite in development).
        raise ValidationError(
            _("Diese Person ist für diesen Termin bereits angemeldet."), code="already_registered"
        ) from None
    log_action(
        actor=actor,
        obj=registration,
        action="registration.created",
        changes={
            "status": registration.status,
            "waitlist_position": registration.waitlist_position,
        },
    )
    kind = (
        EventReminder.Kind.REGISTERED
        if registration.status == Status.CONFIRMED
        else EventReminder.Kind.WAITLISTED
    )
    _queue_mails([_mail(kind, registration)])
    return registration


def _already_message(existing: Registration, *, self_service: bool) -> str:
    if existing.status == Status.WAITING:
        text = (
            _("Sie stehen bereits auf der Warteliste (Platz %(position)d).")
            if self_service
            else _("Diese Person steht bereits auf der Warteliste (Platz %(position)d).")
        )
        return text % {"position": existing.waitlist_position}
    if existing.status == Status.ATTENDED:
        return _("Die Teilnahme an diesem Termin ist bereits bestätigt.")
    if self_service:
        return _("Sie sind für diesen Termin bereits angemeldet.")
    return _("Diese Person ist für diesen Termin bereits angemeldet.")


@transaction.atomic
def registration_cancel(*, registration: Registration, actor: User) -> Registration:
    """Cancel a registration; a freed seat goes to the first person waiting."""
    if actor is None or not actor.is_authenticated:
        raise PermissionDenied(_("Bitte melden Sie sich an."))
    if actor.pk != registration.user_id and not permissions.may_manage(actor):
        raise PermissionDenied(_("Sie können nur Ihre eigene Anmeldung stornieren."))

    event = _lock(registration.event)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status == Status.CANCELLED:
        raise ValidationError(_("Diese Anmeldung ist bereits storniert."), code="already_cancelled")
    if registration.status == Status.ATTENDED:
        raise ValidationError(
            _("Die Teilnahme ist bereits bestätigt; die Anmeldung kann nicht storniert werden."),
            code="attended",
        )
    now = timezone.now()
    if now >= event.starts_at:
        raise ValidationError(
            _("Der Termin hat bereits begonnen; eine Stornierung ist nicht mehr möglich."),
            code="started",
        )

    previous_status, position = registration.status, registration.waitlist_position
    registration.status = Status.CANCELLED
    registration.waitlist_position = None
    registration.cancelled_at = now
    registration.save(update_fields=["status", "waitlist_position", "cancelled_at", "updated_at"])
    if previous_status == Status.WAITING:
        _close_gap(event, position)
    else:
        _fill_free_seats(event, actor=actor)
    log_action(
        actor=actor,
        obj=registration,
        action="registration.cancelled",
        changes={"status": [previous_status, Status.CANCELLED]},
    )
    if actor.pk != registration.user_id:
        _queue_mails([_mail(EventReminder.Kind.REGISTRATION_CANCELLED, registration)])
    return registration


def _check_attendance_possible(event: Event) -> None:
    if event.status == Event.Status.CANCELLED:
        raise ValidationError(_("Dieser Termin wurde abgesagt."), code="cancelled")
    if timezone.now() < event.starts_at:
        raise ValidationError(
            _("Die Teilnahme kann erst ab Beginn des Termins bestätigt werden."), code="not_started"
        )


@transaction.atomic
def registration_mark_attended(*, registration: Registration, actor: User) -> Registration:
    _require_manager(actor)
    event = _lock(registration.event)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    _check_attendance_possible(event)
    if registration.status != Status.CONFIRMED:
        raise ValidationError(
            _("Nur bestätigte Anmeldungen können als teilgenommen markiert werden."),
            code="not_confirmed",
        )
    registration.status = Status.ATTENDED
    registration.attended_at = timezone.now()
    registration.save(update_fields=["status", "attended_at", "updated_at"])
    log_action(
        actor=actor,
        obj=registration,
        action="registration.attended",
        changes={"status": [Status.CONFIRMED, Status.ATTENDED]},
    )
    return registration


@transaction.atomic
def event_mark_attended(*, event: Event, actor: User) -> int:
    """Mark every confirmed registration of a meeting that has begun as attended."""
    _require_manager(actor)
    event = _lock(event)
    _check_attendance_possible(event)
    now = timezone.now()
    count = Registration.objects.filter(event=event, status=Status.CONFIRMED).update(
        status=Status.ATTENDED, attended_at=now, updated_at=now
    )
    log_action(actor=actor, obj=event, action="event.attendance", changes={"attended": count})
    return count


# --- events -------------------------------------------------------------------


@transaction.atomic
def event_save(*, event: Event, actor: User, changed: Iterable[str] = ()) -> Event:
    """Create an event (with the default reminders) or store changes to it.

    ``changed`` names the fields the coordinator changed; each change raises
    the iCal SEQUENCE. A larger capacity moves people up from the waiting list.
    """
    _require_manager(actor)
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
    locked = _lock(event)
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
        _fill_free_seats(event, actor=actor)
    return event


@transaction.atomic
def event_touch(*, event: Event, actor: User) -> None:
    """Something belonging to the event changed (its agenda): raise SEQUENCE."""
    _require_manager(actor)
    Event.objects.filter(pk=event.pk).update(sequence=F("sequence") + 1, updated_at=timezone.now())
    event.refresh_from_db(fields=["sequence", "updated_at"])


@transaction.atomic
def event_publish(*, event: Event, actor: User) -> Event:
    _require_manager(actor)
    locked = _lock(event)
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
    _require_manager(actor)
    locked = _lock(event)
    if locked.status == Event.Status.CANCELLED:
        raise ValidationError(_("Dieser Termin ist bereits abgesagt."), code="cancelled")
    if locked.ends_at <= timezone.now():
        raise ValidationError(
            _("Ein vergangener Termin kann nicht mehr abgesagt werden."), code="past"
        )
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
    _queue_mails(
        [
            _mail(EventReminder.Kind.EVENT_CANCELLED, registration, stage="event_cancelled")
            for registration in registrations
        ]
    )
    return len(registrations)
