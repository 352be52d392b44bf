"""The one retry policy of the portal's Celery tasks.

Tasks are thin: they take ids, reload, and call a service or a dispatcher.
What can fail for a while — the mail server, the database, the broker, the
network — is retried with a growing, jittered back-off (up to ten minutes
apart, eight times); anything else is a bug and fails at once. Every task is
declared with ``@task()``, so no task has a policy of its own.
"""

from smtplib import SMTPException
from typing import Any

from celery import shared_task
from django.db import InterfaceError, OperationalError
from kombu.exceptions import OperationalError as BrokerError

# OSError: refused and reset connections, timeouts, names that do not resolve.
TRANSIENT_ERRORS = (SMTPException, OSError, OperationalError, InterfaceError, BrokerError)
RETRY_BACKOFF_MAX_SECONDS = 600
MAX_RETRIES = 8


def task(**options: Any):
    """``shared_task`` with the retry policy (``name``, ``ignore_result``… may be added)."""
    return shared_task(
        autoretry_for=TRANSIENT_ERRORS,
        retry_backoff=True,
        retry_backoff_max=RETRY_BACKOFF_MAX_SECONDS,
        retry_jitter=True,
        max_retries=MAX_RETRIES,
        **options,
    )
