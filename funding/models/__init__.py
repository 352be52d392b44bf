from funding.models.grants import Disbursement, Grant, GrantQuerySet, derive_status
from funding.models.obligations import ReportingObligation, proof_upload_path
from funding.models.programs import MONEY, ZERO, FundingProgram
from funding.models.reminders import ReminderOffset, ReportingReminder
from funding.models.totals import MunicipalityTotal

__all__ = [
    "MONEY",
    "ZERO",
    "Disbursement",
    "FundingProgram",
    "Grant",
    "GrantQuerySet",
    "MunicipalityTotal",
    "ReminderOffset",
    "ReportingObligation",
    "ReportingReminder",
    "derive_status",
    "proof_upload_path",
]
