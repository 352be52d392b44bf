"""The weekly digest: one mail per person and week, sent exactly once.

Each run (beat, every few minutes) looks at the last complete week (Monday
to Sunday, Europe/Berlin) and claims a ``Digest`` row, stage ``2026-W49``,
for everyone who has something in it: what their weekly follows did, and —
if they switched the network digest on — the week's new projects, reuse
declarations and what the apps above register (``core.registry``: the
meetings ahead with free seats from events). Nobody with nothing new
gets a row, so nobody gets an empty mail. Nobody reads of their own change,
nor of one they had a mail of its own about (``follow_changes.told_otherwise``:
a question's lead city, an answer's asker). A person is claimed once per week
(unique constraint); delivery goes through ``core.reminders``.

Costs: claiming reads the week's changes, every weekly follow (as tuples)
and the subscribers, then inserts rows in bulk; delivery reads the week
once per run and each batch's follows with one query (``prepare``): the
number of queries does not grow with the number of people, only the two
small updates per mail that ``core.reminders`` commits.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.core.mail import EmailMultiAlternatives
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from core import mail
from core.registry import DigestSection, registry
from core.reminders import DeliveryResult, claim, deliver_pending
from members.models import User
from projects import follow_tokens as tokens
from projects.follow_changes import (
    Change,
    Kind,
    change_keys,
    changes_of,
    relevant_entries,
    target_key,
    told_otherwise,
)
from projects.models import Delivery, Digest, Follow, Subscriber


@dataclass(frozen=True)
class Week:
    stage: str
    start: datetime
    end: datetime

    @property
    def label(self) -> str:
        last_day = timezone.localtime(self.end - timedelta(seconds=1)).date()
        first_day = timezone.localtime(self.start).date()
        return f"{first_day:%d.%m.}–{last_day:%d.%m.%Y}"


def last_complete_week(now: datetime) -> Week:
    today = timezone.localdate(now)
    this_monday = today - timedelta(days=today.weekday())
    monday = this_monday - timedelta(days=7)
    iso_year, iso_week, _day = monday.isocalendar()
    return Week(
        stage=f"{iso_year}-W{iso_week:02d}", start=_midnight(monday), end=_midnight(this_monday)
    )


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=timezone.get_current_timezone())


@dataclass
class WeekContent:
    """What happened in one week, read once per run."""

    week: Week
    changes: list[Change]
    by_key: dict[tuple[str, int], list[Change]] = field(default_factory=dict)
    new_projects: list[Change] = field(default_factory=list)
    new_adoptions: list[Change] = field(default_factory=list)
    # The parts the apps above projects register (core.registry.DigestSection),
    # e.g. the meetings ahead with free seats from events: [(section, items)].
    parts: list[tuple[DigestSection, list]] = field(default_factory=list)
    # {entry id: people not to tell of it} (follow_changes.told_otherwise).
    quiet: dict[int, set[int]] = field(default_factory=dict)

    @classmethod
    def load(cls, week: Week, now: datetime) -> "WeekContent":
        entries = relevant_entries().filter(created_at__gte=week.start, created_at__lt=week.end)
        changes = changes_of(entries.order_by("pk"))
        by_key: dict[tuple[str, int], list[Change]] = defaultdict(list)
        for change in changes:
            for key in change_keys(change):
                by_key[key].append(change)
        parts = [(section, section.items(now)) for section in registry.digest_sections]
        return cls(
            week=week,
            changes=changes,
            by_key=by_key,
            new_projects=[c for c in changes if c.kind == Kind.PUBLISHED],
            new_adoptions=[c for c in changes if c.kind == Kind.ADOPTION],
            parts=[(section, items) for section, items in parts if items],
            quiet=told_otherwise(changes),
        )

    @property
    def network_has_news(self) -> bool:
        return bool(self.new_projects or self.new_adoptions or self.parts)

    def for_follows(
        self, follows: list[tuple[Follow | tuple, tuple[str, int]]], user_id: int
    ) -> list:
        """[(follow, [changes])] of the follows that saw something this week
        that ``user_id`` is to be told of."""
        found = []
        for follow, key in follows:
            changes = [
                change
                for change in self.by_key.get(key, [])
                if user_id not in self.quiet.get(change.entry.pk, ())
            ]
            if changes:
                found.append((follow, changes))
        return found

    def quiet_for_all(self) -> dict[tuple[str, int], set[int]]:
        """{key: people to be told of none of its changes}."""
        result = {}
        for key, changes in self.by_key.items():
            sets = [self.quiet.get(change.entry.pk, set()) for change in changes]
            result[key] = set.intersection(*sets) if sets else set()
        return result


def due_digests(now: datetime, content: WeekContent | None = None) -> list[Digest]:
    content = content or WeekContent.load(last_complete_week(now), now)
    recipients: set[int] = set()
    if content.network_has_news:
        recipients.update(
            Subscriber.objects.filter(network_digest=True, user__is_active=True).values_list(
                "user_id", flat=True
            )
        )
    if content.changes:
        keys = set(content.by_key)
        quiet = content.quiet_for_all()
        weekly = Follow.objects.filter(delivery=Delivery.WEEKLY, user__is_active=True).values_list(
            "user_id", "topic_id", "municipality_id", "project_id"
        )
        for user_id, topic_id, municipality_id, project_id in weekly.iterator(chunk_size=5000):
            if user_id in recipients:
                continue
            key = (
                ("projekt", project_id)
                if project_id
                else ("thema", topic_id)
                if topic_id
                else ("kommune", municipality_id)
            )
            if key in keys and user_id not in quiet[key]:
                recipients.add(user_id)
    return [
        Digest(recipient_id=user_id, stage=content.week.stage, created_at=now, next_attempt_at=now)
        for user_id in sorted(recipients)
    ]


def claim_due(now: datetime | None = None) -> int:
    now = now or timezone.now()
    digests = due_digests(now)
    claim(Digest, digests)
    return len(digests)


def deliverable(now: datetime) -> QuerySet[Digest]:
    return Digest.objects.filter(recipient__is_active=True).select_related(
        "recipient", "recipient__follow_settings"
    )


def deliver(now: datetime | None = None) -> DeliveryResult:
    now = now or timezone.now()
    messages = DigestMessages(now)
    return deliver_pending(
        deliverable(now), messages, now=now, prepare_batch=messages.prepare, batch_size=500
    )


# Where the personal parts go in a mail rendered once per week. PostgreSQL
# text never holds NUL, so no name or title can contain a slot.
GREETING_SLOT = mark_safe("\x00greeting\x00")  # noqa: S308 - a constant, not input
SECTIONS_SLOT = mark_safe("\x00sections\x00")  # noqa: S308 - a constant, not input
UNSUBSCRIBE_SLOT = mark_safe("\x00unsubscribe\x00")  # noqa: S308 - a constant, not input
# A follow's section lists this many changes, then "und N weitere" (brief).
CHANGES_PER_SECTION = 10


class DigestMessages:
    """Builds one run's digests. Rendered once per run: each week's frame (with
    and without the network part) and each followed target's section, with
    slots for the greeting, the sections and the unsubscribe links; a mail
    only fills the slots. A batch's follows are read with one query."""

    def __init__(self, now: datetime) -> None:
        self.now = now
        self.weeks: dict[str, WeekContent] = {}
        self.frames: dict[tuple[str, bool], tuple[str, str]] = {}
        self.sections: dict[tuple, tuple[str, str]] = {}
        self.follows: dict[int, list[Follow]] = {}

    def prepare(self, batch: list[Digest]) -> None:
        follows: dict[int, list[Follow]] = defaultdict(list)
        queryset = (
            Follow.objects.filter(
                user_id__in=[d.recipient_id for d in batch], delivery=Delivery.WEEKLY
            )
            .select_related("topic", "municipality", "project")
            .order_by("pk")
        )
        for follow in queryset:
            follows[follow.user_id].append(follow)
        self.follows = follows

    def week(self, stage: str) -> WeekContent:
        if stage not in self.weeks:
            week = _week_of_stage(stage)
            self.weeks[stage] = WeekContent.load(week, self.now)
        return self.weeks[stage]

    def frame(self, content: WeekContent, network: bool) -> tuple[str, str]:
        key = (content.week.stage, network)
        if key not in self.frames:
            parts = mail.render_parts(
                "projects/follows/mail/digest",
                "",
                {
                    "greeting": GREETING_SLOT,
                    "sections": SECTIONS_SLOT,
                    "unsubscribe_url": UNSUBSCRIBE_SLOT,
                    "week": content.week,
                    "content": content,
                    "network": network,
                },
            )
            self.frames[key] = (parts.text, parts.html)
        return self.frames[key]

    def section(self, content: WeekContent, follow: Follow, changes: list) -> tuple[str, str]:
        # Shared by everyone who follows the target, unless some of its
        # changes are not theirs to read (their own, say).
        target = target_key(follow)
        shown = None
        if len(changes) != len(content.by_key.get(target, ())):
            shown = tuple(change.entry.pk for change in changes)
        key = (content.week.stage, target, shown)
        if key not in self.sections:
            parts = mail.render_parts(
                "projects/follows/mail/digest_section",
                "",
                {
                    "name": str(follow.target),
                    "changes": changes[:CHANGES_PER_SECTION],
                    "more": max(len(changes) - CHANGES_PER_SECTION, 0),
                    "unsubscribe_url": UNSUBSCRIBE_SLOT,
                },
            )
            self.sections[key] = (parts.text, parts.html)
        return self.sections[key]

    def __call__(self, digest: Digest) -> EmailMultiAlternatives | None:
        content = self.week(digest.stage)
        recipient: User = digest.recipient
        settings_row = getattr(recipient, "follow_settings", None)
        follows = self.follows.get(recipient.pk, [])
        followed = content.for_follows([(f, target_key(f)) for f in follows], recipient.pk)
        network = bool(settings_row and settings_row.network_digest and content.network_has_news)
        if not followed and not network:
            return None  # switched off since it was claimed
        texts, htmls = [], []
        for follow, changes in followed:
            text, html = self.section(content, follow, changes)
            link = tokens.url(tokens.FOLLOW, user_id=recipient.pk, follow_id=follow.pk)
            texts.append(text.replace(UNSUBSCRIBE_SLOT, link))
            htmls.append(html.replace(UNSUBSCRIBE_SLOT, escape(link)))
        frame_text, frame_html = self.frame(content, network)
        unsubscribe_url = tokens.url(tokens.DIGEST, user_id=recipient.pk)
        name = recipient.get_full_name() or recipient.email
        with mail.german():
            greeting = _("Guten Tag %(name)s,") % {"name": name}
            subject = _("IKONE-DS: Ihr Wochenüberblick %(week)s") % {"week": content.week.label}
        personal = mail.MailParts(
            subject=" ".join(subject.split()),
            text=frame_text.replace(GREETING_SLOT, greeting)
            .replace(SECTIONS_SLOT, "".join(texts))
            .replace(UNSUBSCRIBE_SLOT, unsubscribe_url),
            html=frame_html.replace(GREETING_SLOT, escape(greeting))
            .replace(SECTIONS_SLOT, "".join(htmls))
            .replace(UNSUBSCRIBE_SLOT, escape(unsubscribe_url)),
        )
        return mail.compose(personal, to=[recipient.email], unsubscribe_url=unsubscribe_url)


def _week_of_stage(stage: str) -> Week:
    year, week = stage.split("-W")
    monday = date.fromisocalendar(int(year), int(week), 1)
    return Week(stage=stage, start=_midnight(monday), end=_midnight(monday + timedelta(days=7)))
