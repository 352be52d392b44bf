"""Reporting obligations: recorded by the coordinators, submitted by the city."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.uploads import check_document, document_file_name
from funding import permissions
from funding.cache import funding_changed
from funding.models import Grant, ReportingObligation
from funding.services._common import lock_grant, refresh_payouts_and_status
from members.audit import diff, log_action, snapshot
from members.models import User

# --- reporting obligations -------------------------------------------------------

OBLIGATION_FIELDS = ["kind", "due_date", "note", "is_example"]


@transaction.atomic
def obligation_create(
    *,
    grant: Grant,
    kind: str,
    due_date: date,
    actor: User | None,
    note: str = "",
    is_example: bool = False,
) -> ReportingObligation:
    locked = lock_grant(grant)
    obligation = ReportingObligation(
        grant=locked, kind=kind, due_date=due_date, note=note, is_example=is_example
    )
    obligation.full_clean()
    obligation.save()
    log_action(
        actor=actor,
        obj=locked,
        action="obligation.create",
        changes={"obligation": obligation.pk, **diff(obligation, {}, OBLIGATION_FIELDS)},
    )
    refresh_payouts_and_status(locked, actor=actor)
    funding_changed()
    return obligation


@transaction.atomic
def obligation_update(
    *, obligation: ReportingObligation, actor: User | None, **changes
) -> ReportingObligation:
    unknown = set(changes) - set(OBLIGATION_FIELDS)
    if unknown:
        raise TypeError(f"Unknown obligation fields: {sorted(unknown)}")
    locked = lock_grant(obligation.grant)
    current = ReportingObligation.objects.get(pk=obligation.pk, grant=locked)
    before = snapshot(current, OBLIGATION_FIELDS)
    for name, value in changes.items():
        setattr(current, name, value)
    current.full_clean()
    current.save()
    if field_changes := diff(current, before, OBLIGATION_FIELDS):
        log_action(
            actor=actor,
            obj=locked,
            action="obligation.update",
            changes={"obligation": current.pk, **field_changes},
        )
    funding_changed()
    return current


@transaction.atomic
def obligation_delete(*, obligation: ReportingObligation, actor: User | None) -> None:
    locked = lock_grant(obligation.grant)
    current = ReportingObligation.objects.get(pk=obligation.pk, grant=locked)
    log_action(
        actor=actor,
        obj=locked,
        action="obligation.delete",
        changes={"obligation": current.pk, "kind": current.kind, "due_date": current.due_date},
    )
    document = current.document.name
    current.delete()
    if document:
        storage = current.document.storage
        transaction.on_commit(lambda: storage.delete(document))
    refresh_payouts_and_status(locked, actor=actor)
    funding_changed()


@transaction.atomic
def obligation_submit(
    *,
    obligation: ReportingObligation,
    actor: User,
    document: UploadedFile | None = None,
    submitted_on: date | None = None,
) -> ReportingObligation:
    """Mark a proof submitted. Staff must upload the document; coordinators may
    record a proof that arrived on paper without one."""
    if not permissions.can_submit_obligation(actor, obligation):
        raise PermissionDenied(_("Sie dürfen diesen Nachweis nicht einreichen."))
    today = timezone.localdate()
    submitted_on = submitted_on or today
    errors: dict[str, str] = {}
    checked = None
    if document is None:
        if not permissions.can_record_funding(actor):
            errors["document"] = _("Bitte laden Sie das Nachweisdokument hoch.")
    else:
        try:
            checked = check_document(document)
        except ValidationError as exc:
            errors["document"] = " ".join(exc.messages)
    if submitted_on > today:
        errors["submitted_on"] = _("Das Einreichungsdatum darf nicht in der Zukunft liegen.")
    if errors:
        raise ValidationError(errors)

    locked = lock_grant(obligation.grant)
    current = ReportingObligation.objects.select_for_update().get(pk=obligation.pk, grant=locked)
    if current.is_submitted:
        day = current.submitted_on
        raise ValidationError(
            _("Dieser Nachweis wurde bereits am %(day)s eingereicht.")
            % {"day": day.strftime("%d.%m.%Y") if day else "–"}
        )
    current.status = ReportingObligation.Status.SUBMITTED
    current.submitted_on = submitted_on
    current.submitted_by = actor
    current.validate_constraints()  # e.g. a date before 1990, before any file is stored
    stored = ""
    if document is not None and checked is not None:
        current.document_name = document_file_name(
            document.name or "", checked.content_type, default="nachweis"
        )
        current.document_content_type = checked.content_type
        current.document_size = checked.size
        current.document.save(f"nachweis{checked.extension}", document, save=False)
        stored = current.document.name or ""
    try:
        current.save()
        # Reminders claimed but not yet sent are moot now.
        current.reminders.filter(sent_at__isnull=True).delete()
        log_action(
            actor=actor,
            obj=locked,
            action="obligation.submit",
            changes={
                "obligation": current.pk,
                "submitted_on": submitted_on,
                "document": current.document_name,
            },
        )
    except Exception:
        # Nothing half-written: no file without its row.
        if stored:
            current.document.storage.delete(stored)
        raise
    refresh_payouts_and_status(locked, actor=actor)
    funding_changed()
    return current


@transaction.atomic
def obligation_reopen(*, obligation: ReportingObligation, actor: User) -> ReportingObligation:
    """Coordinators reopen a proof submitted by mistake or incomplete."""
    if not permissions.can_record_funding(actor):
        raise PermissionDenied(_("Nur die Koordination kann einen Nachweis wieder öffnen."))
    locked = lock_grant(obligation.grant)
    current = ReportingObligation.objects.get(pk=obligation.pk, grant=locked)
    if not current.is_submitted:
        return current
    log_action(
        actor=actor,
        obj=locked,
        action="obligation.reopen",
        changes={
            "obligation": current.pk,
            "submitted_on": [current.submitted_on and current.submitted_on.isoformat(), None],
        },
    )
    current.status = ReportingObligation.Status.OPEN
    current.submitted_on = None
    current.submitted_by = None
    current.save()
    refresh_payouts_and_status(locked, actor=actor)
    funding_changed()
    return current
