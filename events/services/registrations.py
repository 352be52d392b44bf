"""Registering for meetings: seats, the waiting list, attendance."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import Conflict
from events import permissions
from events.cache import event_changed
from events.models import Event, EventReminder, Registration
from events.services._common import (
    Status,
    close_gap,
    fill_free_seats,
    lock,
    mail,
    queue_mails,
    require_manager,
    seats_taken,
)
from members.audit import log_action
from members.models import User


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
            raise Conflict(
                _("%(name)s kann nicht zu Terminen angemeldet werden (keine Kommune).")
                % {"name": user},
                code="not_eligible",
            )

    event = lock(event)

    event_changed(event.pk)
    now = timezone.now()
    problem = event.registration_problem(now)
    if problem:
        raise Conflict(problem, code="registration_closed")

    existing = Registration.objects.filter(
        event=event, user=user, status__in=Registration.ACTIVE
    ).first()
    if existing is not None:
        raise Conflict(
            _already_message(existing, self_service=actor.pk == user.pk),
            code="already_registered",
        )

    registration = Registration(event=event, user=user, registered_at=now)
    if event.capacity is None or seats_taken(event) < event.capacity:
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
    registration.save()
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
    queue_mails([mail(kind, registration)])
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
def registration_cancel(
    *, registration: Registration, actor: User, notify: bool = True
) -> Registration:
    """Cancel a registration; a freed seat goes to the first person waiting.
    The person is told when someone else cancels, unless ``notify`` is off (the
    person is being removed from the portal: members.services.people)."""
    if actor is None or not actor.is_authenticated:
        raise PermissionDenied(_("Bitte melden Sie sich an."))
    if not permissions.may_cancel_registration(actor, registration):
        raise PermissionDenied(_("Sie können nur Ihre eigene Anmeldung stornieren."))

    event = lock(registration.event)

    event_changed(event.pk)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status == Status.CANCELLED:
        raise Conflict(_("Diese Anmeldung ist bereits storniert."), code="already_cancelled")
    if registration.status == Status.ATTENDED:
        raise Conflict(
            _("Die Teilnahme ist bereits bestätigt; die Anmeldung kann nicht storniert werden."),
            code="attended",
        )
    now = timezone.now()
    if now >= event.starts_at:
        raise Conflict(
            _("Der Termin hat bereits begonnen; eine Stornierung ist nicht mehr möglich."),
            code="started",
        )

    previous_status, position = registration.status, registration.waitlist_position
    registration.status = Status.CANCELLED
    registration.waitlist_position = None
    registration.cancelled_at = now
    registration.save(update_fields=["status", "waitlist_position", "cancelled_at", "updated_at"])
    if previous_status == Status.WAITING and position is not None:
        close_gap(event, position)
    else:
        fill_free_seats(event, actor=actor)
    log_action(
        actor=actor,
        obj=registration,
        action="registration.cancelled",
        changes={"status": [previous_status, Status.CANCELLED]},
    )
    if notify and actor.pk != registration.user_id:
        queue_mails([mail(EventReminder.Kind.REGISTRATION_CANCELLED, registration)])
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
    require_manager(actor)
    event = lock(registration.event)
    event_changed(event.pk)
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
    require_manager(actor)
    event = lock(event)
    event_changed(event.pk)
    _check_attendance_possible(event)
    now = timezone.now()
    count = Registration.objects.filter(event=event, status=Status.CONFIRMED).update(
        status=Status.ATTENDED, attended_at=now, updated_at=now
    )
    log_action(actor=actor, obj=event, action="event.attendance", changes={"attended": count})
    return count
