"""Exactly-once reminders, shared by funding deadlines and network meetings.

What is due is data (offsets stored in the database); each app computes the
due (target, recipient, stage) triples and hands them here:

1. ``claim`` inserts one row per reminder; a unique constraint on
   (target, recipient, stage) in the concrete model makes a second dispatcher,
   a retry or a run after a day of downtime insert nothing new.
2. ``deliver_pending`` takes unsent rows in small batches for reading and
   rendering (``SKIP LOCKED``, so two workers take disjoint batches) and
   leases them to itself: ``sending_since`` is set and committed. Then, one
   mail at a time over one open mail connection, it renews the lease of that
   one row (committed, and only if the lease is still its own), hands the
   mail to the server and commits the "sent" mark. A failed send stays unsent
   with an exponential back-off and is picked up again.

A mail accepted by the server whose "sent" mark then fails to commit (the
worker is killed, its database connection cut) cannot be told apart from one
never sent: it is sent again once its lease has run out (``SENDING_LEASE``,
longer than one mail takes). So a crash costs at most one duplicate, never a
loss; the other rows of the crashed batch were leased but not sent and go out
once. Every mail carries a ``Message-ID`` derived from (what, whom, stage), so
the rare duplicate is recognisable downstream.
"""

import logging
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, TypeVar
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import models, transaction
from django.db.models import F, Min, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)

# Rows read, rendered and leased together; the commits are per mail.
BATCH_SIZE = 100
FIRST_RETRY = timedelta(minutes=5)
# last_error of a row whose builder returned None: what it was about is gone.
NOT_SENT = _("nicht gesendet: nicht mehr zutreffend")
LONGEST_RETRY = timedelta(hours=6)


class ReminderBase(models.Model):
    """One reminder to one person at one stage. Concrete models add the target
    (an obligation, an event), a UniqueConstraint on (target, recipient, stage)
    and ``message_id_parts``."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Empfänger/in"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    stage = models.CharField(_("Stufe"), max_length=32)
    created_at = models.DateTimeField(_("fällig geworden am"), default=timezone.now)
    sent_at = models.DateTimeField(_("gesendet am"), null=True, blank=True)
    # Leased by a dispatcher that is sending it; an old lease is a crashed one.
    sending_since = models.DateTimeField(_("wird gesendet seit"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("Versuche"), default=0)
    next_attempt_at = models.DateTimeField(_("nächster Versuch"), default=timezone.now)
    last_error = models.TextField(_("letzter Fehler"), blank=True)

    class Meta:
        abstract = True

    def message_id_parts(self) -> tuple[object, ...]:
        """(what, whom, stage) of this mail, e.g. ("funding", obligation, user, stage)."""
        raise NotImplementedError


# A concrete reminder model (what a dispatcher's builder takes).
R = TypeVar("R", bound=ReminderBase)

# What an admin shows of every reminder row, read-only.
REMINDER_FIELDS = [
    "recipient",
    "stage",
    "created_at",
    "sent_at",
    "sending_since",
    "attempts",
    "next_attempt_at",
    "last_error",
]


def sending_lease() -> timedelta:
    """How long a row may stay in "sending" before another dispatcher takes it over."""
    return timedelta(seconds=settings.REMINDER_SENDING_LEASE_SECONDS)


def retry_delay(attempts: int) -> timedelta:
    return min(FIRST_RETRY * 2 ** max(attempts - 1, 0), LONGEST_RETRY)


_UNSAFE_ID_CHARACTERS = re.compile(r"[^A-Za-z0-9_-]+")


def message_domain() -> str:
    return urlsplit(settings.SITE_URL).hostname or "localhost"


def message_id(reminder: ReminderBase) -> str:
    """``<reminder.<what>.<target>.<whom>.<stage>@<site>>``: the same for every try."""
    parts = [_UNSAFE_ID_CHARACTERS.sub("-", str(part)) for part in reminder.message_id_parts()]
    return f"<reminder.{'.'.join(parts)}@{message_domain()}>"


def claim(model: type[ReminderBase], reminders: Iterable[ReminderBase]) -> None:
    """Insert reminder rows; rows that exist already are left as they are."""
    model._default_manager.bulk_create(list(reminders), ignore_conflicts=True, batch_size=1000)


@dataclass
class DeliveryResult:
    sent: int = 0
    failed: int = 0
    skipped: int = 0  # taken over by another dispatcher after our lease ran out
    dropped: int = 0  # the builder had nothing to say any more (closed, not sent)
    earliest_retry: datetime | None = None

    def note_failure(self, retry_at: datetime) -> None:
        self.failed += 1
        if self.earliest_retry is None or retry_at < self.earliest_retry:
            self.earliest_retry = retry_at


def deliverable_unsent(queryset: models.QuerySet, now: datetime) -> models.QuerySet:
    """Unsent rows of ``queryset`` that a dispatcher may take now: their next
    attempt is due and nobody is sending them (or their lease ran out)."""
    return queryset.filter(sent_at__isnull=True, next_attempt_at__lte=now).filter(
        Q(sending_since__isnull=True) | Q(sending_since__lt=now - sending_lease())
    )


def deliver_pending(
    queryset: models.QuerySet,
    build_message: Callable[[R], EmailMessage | None],
    *,
    now: datetime | None = None,
    batch_size: int = BATCH_SIZE,
    prepare_batch: Callable[[list[R]], None] | None = None,
) -> DeliveryResult:
    """Send every unsent reminder of ``queryset`` whose next attempt is due.

    ``queryset`` should select_related what ``build_message`` reads, so reading
    a batch costs a constant number of queries whatever its size; what a
    select_related cannot reach (a person's follows) ``prepare_batch`` reads
    for a whole leased batch before its first mail is built. A builder that
    returns None has nothing to say any more: the row is closed unsent.
    Writing costs
    one lease per batch and two small updates per mail.
    """
    now = now or timezone.now()
    result = DeliveryResult()
    while True:
        batch = _lease_batch(queryset, now, batch_size)
        if not batch:
            break
        if prepare_batch is not None:
            prepare_batch(batch)
        _send_batch(batch, build_message, result, now)
    return result


def _lease_batch(queryset: models.QuerySet, now: datetime, batch_size: int) -> list[Any]:
    model = queryset.model
    with transaction.atomic():
        batch = list(
            deliverable_unsent(queryset, now)
            .select_for_update(skip_locked=True, of=("self",))
            .order_by("pk")[:batch_size]
        )
        if batch:
            leased_at = timezone.now()
            model._default_manager.filter(pk__in=[row.pk for row in batch]).update(
                sending_since=leased_at
            )
            for row in batch:
                row.sending_since = leased_at
    return batch


def _send_batch(
    batch: list[R],
    build_message: Callable[[R], EmailMessage | None],
    result: DeliveryResult,
    now: datetime,
) -> None:
    model = type(batch[0])
    try:
        connection = get_connection()
        connection.open()
    except Exception as exc:  # noqa: BLE001 - the mail server is down: retry all later
        logger.warning("Mail connection failed, %d reminders postponed: %s", len(batch), exc)
        _record_failures(model, batch, f"{type(exc).__name__}: {exc}", now, result)
        return
    try:
        for reminder in batch:
            try:
                message = build_message(reminder)
            except Exception as exc:  # noqa: BLE001 - recorded and retried with back-off
                logger.exception("Reminder %s could not be built", reminder.pk)
                _record_failures(model, [reminder], f"{type(exc).__name__}: {exc}", now, result)
                continue
            if message is None:
                # Nothing to say any more (what it was about is gone): closed, not sent.
                model._default_manager.filter(pk=reminder.pk, sent_at__isnull=True).update(
                    sent_at=timezone.now(), sending_since=None, last_error=str(NOT_SENT)
                )
                result.dropped += 1
                continue
            message.extra_headers["Message-ID"] = message_id(reminder)
            message.connection = connection
            # Renew the lease of this one row; if another dispatcher took it
            # over meanwhile (ours ran out), it is theirs to send.
            renewed_at = timezone.now()
            if not model._default_manager.filter(
                pk=reminder.pk, sent_at__isnull=True, sending_since=reminder.sending_since
            ).update(sending_since=renewed_at):
                result.skipped += 1
                continue
            reminder.sending_since = renewed_at
            try:
                message.send()
            except Exception as exc:  # noqa: BLE001 - recorded and retried with back-off
                logger.warning("Reminder %s failed: %s", reminder.pk, exc)
                _record_failures(model, [reminder], f"{type(exc).__name__}: {exc}", now, result)
            else:
                # The one-mail window: a crash before this commits sends it again.
                model._default_manager.filter(pk=reminder.pk).update(
                    sent_at=timezone.now(),
                    sending_since=None,
                    attempts=F("attempts") + 1,
                    last_error="",
                )
                result.sent += 1
    finally:
        connection.close()


def _record_failures(
    model: type[ReminderBase],
    reminders: Sequence[ReminderBase],
    error: str,
    now: datetime,
    result: DeliveryResult,
) -> None:
    """Release the leases, count the attempt, back off: one UPDATE per number
    of earlier attempts (a whole batch when the mail server is down)."""
    by_attempts: dict[int, list[int]] = defaultdict(list)
    for reminder in reminders:
        by_attempts[reminder.attempts + 1].append(reminder.pk)
    for attempts, pks in by_attempts.items():
        retry_at = now + retry_delay(attempts)
        model._default_manager.filter(pk__in=pks, sent_at__isnull=True).update(
            sending_since=None, attempts=attempts, next_attempt_at=retry_at, last_error=error[:1000]
        )
        for _pk in pks:
            result.note_failure(retry_at)


# --- Is mail flowing? ---------------------------------------------------------
# Each app registers the unsent rows that should still go out (its
# ``deliverable`` queryset for a given moment); /healthz asks for the oldest.
_outboxes: dict[str, Callable[[datetime], models.QuerySet]] = {}


def register_outbox(name: str, deliverable: Callable[[datetime], models.QuerySet]) -> None:
    _outboxes[name] = deliverable


def oldest_waiting(now: datetime | None = None) -> timedelta | None:
    """How long the longest-waiting due mail has waited since its (next) attempt
    fell due; None when nothing is waiting."""
    now = now or timezone.now()
    oldest: datetime | None = None
    for deliverable in _outboxes.values():
        due_since = (
            deliverable(now)
            .filter(sent_at__isnull=True, next_attempt_at__lte=now)
            .aggregate(oldest=Min("next_attempt_at"))["oldest"]
        )
        if due_since is not None and (oldest is None or due_since < oldest):
            oldest = due_since
    return None if oldest is None else now - oldest
