"""Notices "at once": one mail per history entry × person, sent exactly once.

``claim`` reads the history entries of the last days that no dispatcher has
handled yet (``SKIP LOCKED``, so two dispatchers take disjoint entries),
works out who is told — followers who chose "at once", and, whatever anyone
follows, the lead city's staff and the project's contact when another city
declares reuse; never the author, nor whoever has a mail of its own about
the change (``follow_changes.told_otherwise``: a question's lead city, an
answer's asker) — and inserts one ``Notice`` per entry and person under a
unique constraint, in the same transaction that marks the entries handled.
``deliver`` sends them through ``core.reminders`` (leases, one commit per
mail, stable Message-IDs).
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core import mail
from core.reminders import DeliveryResult, claim, deliver_pending
from members import roles
from members.models import User
from projects import follow_tokens as tokens
from projects.follow_changes import (
    Change,
    Kind,
    changes_of,
    followers_by_change,
    relevant_entries,
    told_otherwise,
)
from projects.models import Delivery, HandledEntry, Notice

# Entries older than this are not announced any more (a beat down for days,
# or the history from before follows existed).
HORIZON = timedelta(days=3)
ENTRIES_PER_CLAIM = 500
STAGE = "sofort"


def claim_due(now: datetime | None = None) -> int:
    """Claim the notices of every unhandled recent entry; the number of notices."""
    now = now or timezone.now()
    claimed = 0
    while True:
        with transaction.atomic():
            entries = list(
                relevant_entries()
                .filter(created_at__gte=now - HORIZON, created_at__lte=now)
                .exclude(Exists(HandledEntry.objects.filter(entry=OuterRef("pk"))))
                .select_for_update(skip_locked=True)
                .order_by("pk")[:ENTRIES_PER_CLAIM]
            )
            if not entries:
                return claimed
            notices = due_notices(changes_of(entries), now)
            claim(Notice, notices)
            HandledEntry.objects.bulk_create(
                [HandledEntry(entry=entry, handled_at=now) for entry in entries],
                ignore_conflicts=True,
            )
            claimed += len(notices)


def due_notices(changes: list[Change], now: datetime) -> list[Notice]:
    followers = followers_by_change(changes, delivery=Delivery.IMMEDIATE)
    owners = _reuse_owners([c for c in changes if c.kind == Kind.ADOPTION])
    quiet = told_otherwise(changes)
    notices = []
    for change in changes:
        told: dict[int, Notice] = {}
        for user_id, follow in followers.get(change.entry.pk, {}).items():
            told[user_id] = Notice(
                entry=change.entry, recipient_id=user_id, follow=follow, reason=Notice.Reason.FOLLOW
            )
        for user_id in owners.get(change.entry.pk, ()):
            told[user_id] = Notice(
                entry=change.entry, recipient_id=user_id, reason=Notice.Reason.REUSE
            )
        for user_id in quiet.get(change.entry.pk, ()):
            told.pop(user_id, None)  # their own change, or a mail of its own about it
        for notice in told.values():
            notice.stage = STAGE
            notice.created_at = now
            notice.next_attempt_at = now
            notices.append(notice)
    return notices


def _reuse_owners(changes: list[Change]) -> dict[int, set[int]]:
    """Per reuse declaration: the lead city's staff and the project's contact
    (if they have an account), but not when the lead city declared it."""
    if not changes:
        return {}
    cities = {c.project.lead_municipality_id for c in changes}
    contacts = {c.project.contact_email.lower() for c in changes if c.project.contact_email}
    rows = list(
        User.objects.filter(is_active=True)
        .annotate(address=Lower("email"))
        .filter(
            Q(groups__name=roles.MUNICIPAL_STAFF, municipality_id__in=cities)
            | Q(address__in=contacts)
        )
        .values_list("pk", "municipality_id", "address", "groups__name")
    )
    owners: dict[int, set[int]] = {}
    for change in changes:
        project = change.project
        if change.adoption and change.adoption.municipality_id == project.lead_municipality_id:
            continue
        contact = project.contact_email.lower()
        owners[change.entry.pk] = {
            pk
            for pk, city, address, group in rows
            if (group == roles.MUNICIPAL_STAFF and city == project.lead_municipality_id)
            or (contact and address == contact)
        }
    return owners


def deliverable(now: datetime) -> QuerySet[Notice]:
    return Notice.objects.filter(recipient__is_active=True).select_related(
        "entry", "recipient", "follow__topic", "follow__municipality", "follow__project"
    )


def deliver(now: datetime | None = None) -> DeliveryResult:
    now = now or timezone.now()
    messages = NoticeMessages()
    return deliver_pending(deliverable(now), messages, now=now, prepare_batch=messages.prepare)


class NoticeMessages:
    """Builds the notices of one run: the changes of a batch are read once."""

    def __init__(self) -> None:
        self.changes: dict[int, Change] = {}

    def prepare(self, batch: list[Notice]) -> None:
        missing = [n.entry for n in batch if n.entry_id not in self.changes]
        for change in changes_of({e.pk: e for e in missing}.values()):
            self.changes[change.entry.pk] = change

    def __call__(self, notice: Notice) -> EmailMultiAlternatives | None:
        change = self.changes.get(notice.entry_id)
        if change is None:
            return None  # the project is no longer published: nothing to tell
        return build_notice(notice, change)


def subject_of(change: Change, reason: str) -> str:
    values = {
        "title": change.project.title,
        "phase": change.project.get_phase_display(),
        "document": change.document_title,
        "city": change.adoption.municipality.name if change.adoption else "",
        "status": change.adoption.get_status_display() if change.adoption else "",
    }
    with mail.german():
        if change.kind == Kind.QUESTION:
            return _("%(title)s: neue Frage") % values
        if change.kind == Kind.ANSWER:
            return _("%(title)s: neue Antwort auf eine Frage") % values
        if change.kind == Kind.PUBLISHED:
            return _("Neu im Katalog: %(title)s") % values
        if change.kind == Kind.PHASE:
            return _("%(title)s ist jetzt in der Phase „%(phase)s“") % values
        if change.kind == Kind.DOCUMENT:
            return _("%(title)s: neues Dokument „%(document)s“") % values
        if change.kind == Kind.ADOPTION and reason == Notice.Reason.REUSE:
            return _("%(city)s nutzt Ihr Projekt %(title)s nach") % values
        if change.kind == Kind.ADOPTION:
            return _("%(title)s: %(city)s nutzt es nach") % values
        return _("%(title)s: Nachnutzung in %(city)s jetzt „%(status)s“") % values


def build_notice(notice: Notice, change: Change) -> EmailMultiAlternatives:
    follow = notice.follow
    unsubscribe_url = (
        tokens.url(tokens.FOLLOW, user_id=notice.recipient_id, follow_id=follow.pk)
        if follow is not None
        else None
    )
    context = {
        "recipient": notice.recipient,
        "change": change,
        "kind": change.kind,
        "reason": notice.reason,
        "project": change.project,
        "followed": follow.target if follow is not None else None,
        "project_url": settings.SITE_URL + change.project.get_absolute_url(),
        "change_url": settings.SITE_URL + change.path,
        "unsubscribe_url": unsubscribe_url,
        "account_url": settings.SITE_URL + reverse("members:account"),
    }
    return mail.build(
        "projects/follows/mail/notice",
        subject=subject_of(change, notice.reason),
        context=context,
        to=[notice.recipient.email],
        unsubscribe_url=unsubscribe_url,
    )
