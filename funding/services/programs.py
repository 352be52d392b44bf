"""Writes of funding programmes (the coordinators' admin)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from funding.cache import funding_changed
from funding.models import FundingProgram
from funding.services.checks import check_amounts
from members.audit import diff, log_action, snapshot
from members.models import User

PROGRAM_FIELDS = [
    "name",
    "slug",
    "funder",
    "description",
    "start_date",
    "end_date",
    "budget",
    "note",
    "is_example",
]


@transaction.atomic
def program_save(*, program: FundingProgram, actor: User | None) -> FundingProgram:
    """Create or change a programme (from the admin form) and log the change."""
    check_amounts(snapshot(program, PROGRAM_FIELDS), optional=("budget",))
    created = program.pk is None
    before = {} if created else snapshot(FundingProgram.objects.get(pk=program.pk), PROGRAM_FIELDS)
    program.full_clean()
    program.save()
    changes = diff(program, before, PROGRAM_FIELDS)
    if created or changes:
        log_action(
            actor=actor,
            obj=program,
            action="program.create" if created else "program.update",
            changes=changes,
        )
    funding_changed()
    return program


@transaction.atomic
def program_delete(*, program: FundingProgram, actor: User | None) -> None:
    """Delete a programme recorded by mistake; one with grants is protected."""
    if program.grants.exists():
        raise ValidationError(
            _("Ein Förderprogramm mit Förderbescheiden kann nicht gelöscht werden.")
        )
    log_action(actor=actor, obj=program, action="program.delete", changes={"name": program.name})
    program.delete()
    funding_changed()
