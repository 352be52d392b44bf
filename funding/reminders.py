"""Reporting reminders: what is due is computed set-based from the offsets in
the database, claimed through ``core.reminders`` (one row per obligation,
recipient and stage, unique) and delivered in batches.

Stages: ``vor-30``, ``vor-7``, ``vor-1`` (days before the due date, as stored)
and ``ueberfaellig-1``, ``-2``, … (one per interval while overdue). Only the
latest stage reached is claimed, so an obligation recorded five days before
its deadline, or a beat that was down for a day, yields one mail, not three.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from core import mail, reminders
from funding.models import ReminderOffset, ReportingObligation, ReportingReminder
from members import roles
from members.models import User


@dataclass(frozen=True)
class Schedule:
    before: tuple[int, ...]
    overdue_every: int | None

    @classmethod
    def load(cls) -> "Schedule":
        offsets = list(ReminderOffset.objects.filter(is_active=True).values_list("kind", "days"))
        before = tuple(
            sorted({days for kind, days in offsets if kind == ReminderOffset.Kind.BEFORE})
        )
        overdue = [days for kind, days in offsets if kind == ReminderOffset.Kind.OVERDUE]
        return cls(before=before, overdue_every=min(overdue) if overdue else None)


def due_stage(due_date: date, today: date, schedule: Schedule) -> str | None:
    """The latest reminder stage an obligation due on ``due_date`` has reached today."""
    if today <= due_date:
        days_left = (due_date - today).days
        reached = [days for days in schedule.before if days >= days_left]
        return f"vor-{min(reached)}" if reached else None
    if not schedule.overdue_every:
        return None
    days_late = (today - due_date).days
    return f"ueberfaellig-{(days_late - 1) // schedule.overdue_every + 1}"


def due_reminders(now: datetime) -> list[ReportingReminder]:
    """Every reminder due at ``now``, computed with three queries whatever their number."""
    today = timezone.localdate(now)
    schedule = Schedule.load()
    if not schedule.before and not schedule.overdue_every:
        return []
    open_obligations = ReportingObligation.objects.filter(
        status=ReportingObligation.Status.OPEN,
        due_date__lte=today + timedelta(days=max(schedule.before, default=0)),
    )
    if not schedule.overdue_every:
        open_obligations = open_obligations.filter(due_date__gte=today)
    obligations = list(open_obligations.values_list("pk", "due_date", "grant__municipality_id"))
    if not obligations:
        return []
    cities = {city for _pk, _due, city in obligations}
    people = User.objects.filter(is_active=True).filter(
        Q(groups__name=roles.COORDINATION)
        | Q(groups__name=roles.MUNICIPAL_STAFF, municipality_id__in=cities)
    )
    coordinators: set[int] = set()
    staff: dict[int, set[int]] = {}
    for pk, city, group in people.values_list("pk", "municipality_id", "groups__name"):
        if group == roles.COORDINATION:
            coordinators.add(pk)
        elif group == roles.MUNICIPAL_STAFF and city in cities:
            staff.setdefault(city, set()).add(pk)
    due = []
    for obligation_id, due_date, city in obligations:
        stage = due_stage(due_date, today, schedule)
        if stage is None:
            continue
        for recipient_id in sorted(staff.get(city, set()) | coordinators):
            due.append(
                ReportingReminder(
                    obligation_id=obligation_id,
                    recipient_id=recipient_id,
                    stage=stage,
                    created_at=now,
                    next_attempt_at=now,
                )
            )
    return due


# Where the greeting goes in a mail rendered once per obligation. PostgreSQL
# text never holds NUL, so no name, purpose or city can contain the slot.
GREETING_SLOT = mark_safe("\x00greeting\x00")  # noqa: S308 - a constant, not input
# Reminders read, rendered and leased together (SKIP LOCKED batches); each
# mail's "sent" mark is committed on its own (see core.reminders).
DELIVERY_BATCH_SIZE = 200


class ReminderMessages:
    """Builds the reminder mails of one dispatcher run.

    A run mails each obligation to many people — its city's staff and every
    coordinator — so the part about the obligation (subject and both bodies,
    with their links) is rendered once per obligation and the greeting once
    per person; a message only puts the two together. What a mail reads comes
    from the reminder's select_related rows: no query per message.
    """

    def __init__(self) -> None:
        self.today = timezone.localdate()
        self._obligation_parts = lru_cache(maxsize=1024)(self._render_obligation)
        self._greetings = lru_cache(maxsize=4096)(self._render_greeting)

    def __call__(self, reminder: ReportingReminder) -> EmailMultiAlternatives:
        parts = self._obligation_parts(reminder.obligation)
        greeting_text, greeting_html = self._greetings(reminder.recipient)
        personal = mail.MailParts(
            subject=parts.subject,
            text=parts.text.replace(GREETING_SLOT, greeting_text),
            html=parts.html.replace(GREETING_SLOT, greeting_html),
        )
        return mail.compose(personal, to=[reminder.recipient.email])

    def _render_greeting(self, recipient: User) -> tuple[str, str]:
        # One line each; strip() drops the template file's final newline.
        parts = mail.render_parts(
            "funding/mail/reporting_reminder_greeting", "", {"recipient": recipient}
        )
        return parts.text.strip(), parts.html.strip()

    def _render_obligation(self, obligation: ReportingObligation) -> mail.MailParts:
        grant = obligation.grant
        today = self.today
        overdue_days = (today - obligation.due_date).days if obligation.due_date < today else 0
        context = {
            "greeting": GREETING_SLOT,
            "obligation": obligation,
            "grant": grant,
            "days_left": max((obligation.due_date - today).days, 0),
            "overdue_days": overdue_days,
            "grant_url": settings.SITE_URL + grant.get_absolute_url(),
            "submit_url": settings.SITE_URL
            + reverse("funding:obligation-submit", kwargs={"pk": obligation.pk}),
        }
        with mail.german():
            values = {
                "kind": obligation.get_kind_display(),
                "city": grant.municipality.name,
                "day": obligation.due_date.strftime("%d.%m.%Y"),
            }
            if overdue_days:
                subject = _("Überfällig: %(kind)s für %(city)s war am %(day)s fällig") % values
            else:
                subject = _("Erinnerung: %(kind)s für %(city)s ist am %(day)s fällig") % values
        return mail.render_parts("funding/mail/reporting_reminder", subject, context)


@dataclass
class DispatchResult:
    claimed: int
    sent: int
    failed: int
    earliest_retry: datetime | None


def pending_queryset():
    """Unsent reminders that still make sense: obligation open, recipient active."""
    return ReportingReminder.objects.filter(
        obligation__status=ReportingObligation.Status.OPEN, recipient__is_active=True
    ).select_related("obligation__grant__municipality", "obligation__grant__program", "recipient")


def dispatch(now: datetime | None = None) -> DispatchResult:
    """Claim what is due and deliver everything pending (also earlier failures)."""
    now = now or timezone.now()
    with translation.override("de"):
        due = due_reminders(now)
        reminders.claim(ReportingReminder, due)
        delivered = reminders.deliver_pending(
            pending_queryset(), ReminderMessages(), now=now, batch_size=DELIVERY_BATCH_SIZE
        )
    return DispatchResult(
        claimed=len(due),
        sent=delivered.sent,
        failed=delivered.failed,
        earliest_retry=delivered.earliest_retry,
    )
