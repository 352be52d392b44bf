"""Every write of the funding app (see funding.services.grants for the locking rule)."""

from funding.services.checks import amount_error, disbursement_total_error
from funding.services.grants import (
    GRANT_FIELDS,
    grant_create,
    grant_delete,
    grant_refresh_status,
    grant_update,
)
from funding.services.obligations import (
    OBLIGATION_FIELDS,
    obligation_create,
    obligation_delete,
    obligation_reopen,
    obligation_submit,
    obligation_update,
)
from funding.services.payouts import disbursement_create, disbursement_delete, disbursement_update
from funding.services.programs import PROGRAM_FIELDS, program_delete, program_save
from funding.services.reminders import reminder_offset_delete, reminder_offset_save

__all__ = [
    "GRANT_FIELDS",
    "OBLIGATION_FIELDS",
    "PROGRAM_FIELDS",
    "amount_error",
    "disbursement_create",
    "disbursement_delete",
    "disbursement_total_error",
    "disbursement_update",
    "grant_create",
    "grant_delete",
    "grant_refresh_status",
    "grant_update",
    "obligation_create",
    "obligation_delete",
    "obligation_reopen",
    "obligation_submit",
    "obligation_update",
    "program_delete",
    "program_save",
    "reminder_offset_delete",
    "reminder_offset_save",
]
