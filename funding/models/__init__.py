from funding.models.grants import (
    MONEY,
    ZERO,
    Disbursement,
    FundingProgram,
    Grant,
    GrantQuerySet,
    ReportingObligation,
    derive_status,
    proof_upload_path,
)
from funding.models.reminders import ReminderOffset, ReportingReminder

__all__ = [
    "MONEY",
    "ZERO",
    "Disbursement",
    "FundingProgram",
    "Grant",
    "GrantQuerySet",
    "ReminderOffset",
    "ReportingObligation",
    "ReportingReminder",
    "derive_status",
    "proof_upload_path",
]
