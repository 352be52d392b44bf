from funding.models.grants import Disbursement, Grant, GrantQuerySet, derive_status
from funding.models.obligations import ReportingObligation, proof_upload_path
from funding.models.programs import MONEY, ZERO, FundingProgram
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
