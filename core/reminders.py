"""Exactly-once reminders, shared by funding deadlines and network meetings.

What is due is data (offsets stored in the database); each app computes the
due (target, recipient, stage) triples and hands them here:

1. ``claim`` inserts one row per reminder; a unique constraint on
   (target, recipient, stage) in the concrete model makes a second dispatcher,
   a retry or a run after a day of downtime insert nothing new.
2. ``deliver_pending`` locks unsent rows in batches (``SKIP LOCKED``, so two
   workers take disjoint batches), sends them over one mail connection and
   marks them sent in the same transaction. A failed send stays unsent with
   an exponential back-off and is picked up again: never lost, never repeated.

The one gap no database can close: a mail accepted by the server whose
"sent" mark then fails to commit would be sent again on retry.
"""

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)

BATCH_SIZE = 200
FIRST_RETRY = timedelta(minutes=5)
LONGEST_RETRY = timedelta(hours=6)


class ReminderBase(models.Model):
    """One reminder to one person at one stage. Concrete models add the target
    (an obligation, an event) and a UniqueConstraint on (target, recipient, stage)."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Empfänger/in"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    stage = models.CharField(_("Stufe"), max_length=32)
    created_at = models.DateTimeField(_("fällig geworden am"), default=timezone.now)
    sent_at = models.DateTimeField(_("gesendet am"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("Versuche"), default=0)
    next_attempt_at = models.DateTimeField(_("nächster Versuch"), default=timezone.now)
    last_error = models.TextField(_("letzter Fehler"), blank=True)

    class Meta:
        abstract = True


# What an admin shows of every reminder row, read-only.
REMINDER_FIELDS = [
    "recipient",
    "stage",
    "created_at",
    "sent_at",
    "attempts",
    "next_attempt_at",
    "last_error",
]


def retry_delay(attempts: int) -> timedelta:
    return min(FIRST_RETRY * 2 ** max(attempts - 1, 0), LONGEST_RETRY)


def claim(model: type[ReminderBase], reminders: Iterable[ReminderBase]) -> None:
    """Insert reminder rows; rows that exist already are left as they are."""
    model._default_manager.bulk_create(list(reminders), ignore_conflicts=True, batch_size=1000)


@dataclass
class DeliveryResult:
    sent: int = 0
    failed: int = 0
    earliest_retry: datetime | None = None


def deliver_pending(
    queryset: models.QuerySet,
    build_message: Callable[[ReminderBase], EmailMessage],
    *,
    now: datetime | None = None,
    batch_size: int = BATCH_SIZE,
) -> DeliveryResult:
    """Send every unsent reminder of ``queryset`` whose next attempt is due.

    ``queryset`` should select_related what ``build_message`` reads, so a batch
    costs a constant number of queries whatever its size.
    """
    now = now or timezone.now()
    model = queryset.model
    result = DeliveryResult()
    pending = (
        queryset.filter(sent_at__isnull=True, next_attempt_at__lte=now)
        .select_for_update(skip_locked=True, of=("self",))
        .order_by("pk")
    )
    while True:
        with transaction.atomic():
            batch = list(pending[:batch_size])
            if not batch:
                break
            sent_ids, failures = _send_batch(batch, build_message)
            model.objects.filter(pk__in=sent_ids).update(
                sent_at=now, attempts=F("attempts") + 1, last_error=""
            )
            for reminder, error in failures:
                reminder.attempts += 1
                reminder.next_attempt_at = now + retry_delay(reminder.attempts)
                reminder.last_error = error[:1000]
            model.objects.bulk_update(
                [reminder for reminder, _error in failures],
                ["attempts", "next_attempt_at", "last_error"],
            )
        result.sent += len(sent_ids)
        result.failed += len(failures)
        for reminder, _error in failures:
            if result.earliest_retry is None or reminder.next_attempt_at < result.earliest_retry:
                result.earliest_retry = reminder.next_attempt_at
    return result


def _send_batch(
    batch: list[ReminderBase], build_message: Callable[[ReminderBase], EmailMessage]
) -> tuple[list[int], list[tuple[ReminderBase, str]]]:
    sent_ids: list[int] = []
    failures: list[tuple[ReminderBase, str]] = []
    try:
        connection = get_connection()
        connection.open()
    except Exception as exc:  # noqa: BLE001 - the mail server is down: retry all later
        logger.warning("Mail connection failed, %d reminders postponed: %s", len(batch), exc)
        return [], [(reminder, f"{type(exc).__name__}: {exc}") for reminder in batch]
    try:
        for reminder in batch:
            try:
                message = build_message(reminder)
                message.connection = connection
                message.send()
            except Exception as exc:  # noqa: BLE001 - recorded and retried with back-off
                logger.warning("Reminder %s failed: %s", reminder.pk, exc)
                failures.append((reminder, f"{type(exc).__name__}: {exc}"))
            else:
                sent_ids.append(reminder.pk)
    finally:
        connection.close()
    return sent_ids, failures
