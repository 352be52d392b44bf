"""Reads about meetings shared by pages, the API, the account page and the start page.

Lists state their joins and counts here once, so a page of events costs the
same number of queries whatever the number of events and registrations.
"""

from dataclasses import dataclass
from datetime import datetime

from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import (
    BooleanField,
    Case,
    Count,
    F,
    Func,
    OuterRef,
    Prefetch,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from core.links import slug_links
from events.models import AgendaItem, Event, Registration
from members.models import Municipality, User
from projects.models import Project

Status = Registration.Status


def _registrations_counted(statuses) -> Coalesce:
    counted = (
        Registration.objects.filter(event=OuterRef("pk"), status__in=statuses)
        .order_by()
        .values("event")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(counted), 0)


def _with_counts(events: QuerySet[Event]) -> QuerySet[Event]:
    """Seats taken and the waiting list's length, each a correlated subquery over
    the registrations index: counted for the events of a page only (a join
    grouped per event would count the registrations of every meeting first),
    and left out of a paginator's COUNT."""
    return events.annotate(
        seats_taken=_registrations_counted(Registration.SEATED),
        waiting_count=_registrations_counted([Status.WAITING]),
    )


def _with_own_registration(events: QuerySet[Event], user) -> QuerySet[Event]:
    if user is None or not user.is_authenticated:
        return events
    own = Registration.objects.filter(
        event=OuterRef("pk"), user=user, status__in=Registration.ACTIVE
    )
    return events.annotate(
        own_status=Subquery(own.values("status")[:1]),
        own_position=Subquery(own.values("waitlist_position")[:1]),
    )


def event_list(
    *,
    user=None,
    when: str = "",
    kind: str = "",
    host: str = "",
    status: str = "",
    now: datetime | None = None,
) -> QuerySet[Event]:
    """Meetings ``user`` may see; ``when`` is "upcoming", "past" or "" for all."""
    now = now or timezone.now()
    events = Event.objects.visible_to(user).select_related("host_municipality")
    if when == "upcoming":
        events = events.upcoming(now)
    elif when == "past":
        events = events.past(now)
    else:
        events = events.order_by("-starts_at", "-pk")
    if kind:
        events = events.filter(kind=kind)
    if host:
        events = events.filter(host_municipality__slug=host)
    if status:
        events = events.filter(status=status)
    return _with_own_registration(_with_counts(events), user)


def agenda_prefetch(path: str = "agenda_items", *, user=None) -> Prefetch:
    """An event's agenda with the linked projects ``user`` may see (anonymous:
    published ones), in two queries for any number of events. An item whose
    project the reader may not see has ``project`` None and shows its own
    title only: a draft's title never reaches the public through a meeting."""
    projects = Project.objects.visible_to(user).only(
        "pk", "title", "slug", "state", "lead_municipality_id"
    )
    return Prefetch(
        path, queryset=AgendaItem.objects.prefetch_related(Prefetch("project", queryset=projects))
    )


def event_detail_queryset(*, user=None) -> QuerySet[Event]:
    """What the detail page, its .ics and the API read."""
    events = (
        Event.objects.visible_to(user)
        .select_related("host_municipality")
        .prefetch_related(agenda_prefetch(user=user))
    )
    return _with_own_registration(_with_counts(events), user)


def event_feed() -> QuerySet[Event]:
    """Published meetings, and cancelled ones so subscribers see the cancellation."""
    return (
        Event.objects.filter(status__in=[Event.Status.PUBLISHED, Event.Status.CANCELLED])
        .select_related("host_municipality")
        .prefetch_related(agenda_prefetch())
        .order_by("starts_at", "pk")
    )


def active_registration(*, event: Event, user) -> Registration | None:
    if user is None or not user.is_authenticated:
        return None
    return Registration.objects.filter(
        event=event, user=user, status__in=Registration.ACTIVE
    ).first()


def latest_registration(*, event: Event, user) -> Registration | None:
    """The active registration, else the most recent cancelled one."""
    return active_registration(event=event, user=user) or (
        Registration.objects.filter(event=event, user=user).order_by("-registered_at").first()
    )


class _EqualsAny(Func):
    """``value = ANY(array)``: the array (a subquery) is computed once, then looked up
    through the index on ``value``'s column."""

    output_field = BooleanField()

    def as_sql(self, compiler, connection, function=None, template=None, arg_joiner=None, **extra):
        value, array = self.get_source_expressions()
        value_sql, value_params = compiler.compile(value)
        array_sql, array_params = compiler.compile(array)
        return f"{value_sql} = ANY({array_sql})", (*value_params, *array_params)


@dataclass(frozen=True)
class CityLink:
    name: str
    url: str


def participating_municipalities(*, event: Event) -> list[CityLink]:
    """Cities with at least one seat, by name: what members see of a participant list.

    A national meeting has a thousand registrations from nearly as many cities.
    Each registrant's city is looked up by primary key and the ids collected
    first (joined to registrations, the planner would read all users); the
    links come from one reversed URL, not a thousand.
    """
    seated = Registration.objects.filter(event=event, status__in=Registration.SEATED).order_by()
    city_of = User.objects.filter(pk=OuterRef("user_id")).order_by().values("municipality_id")
    city_ids = ArraySubquery(seated.values(city=Subquery(city_of)))
    cities = Municipality.objects.filter(_EqualsAny(F("pk"), city_ids))
    link = slug_links("members:municipality-detail")
    rows = cities.order_by("name", "pk").values_list("name", "slug")
    return [CityLink(name=name, url=link(slug)) for name, slug in rows]


def participants(*, event: Event, include_cancelled: bool = False) -> QuerySet[Registration]:
    """Everyone registered, for coordinators: seated first, then the waiting list
    in order (then, if asked, the cancelled ones)."""
    registrations = Registration.objects.filter(event=event)
    if not include_cancelled:
        registrations = registrations.exclude(status=Status.CANCELLED)
    order = Case(
        When(status__in=Registration.SEATED, then=Value(0)),
        When(status=Status.WAITING, then=Value(1)),
        default=Value(2),
    )
    return registrations.select_related("event", "user", "user__municipality").order_by(
        order, "waitlist_position", "registered_at", "pk"
    )


def registrations_of(*, user) -> QuerySet[Registration]:
    """A person's registrations, upcoming first (the account page)."""
    return (
        Registration.objects.filter(user=user)
        .select_related("event", "event__host_municipality")
        .order_by("-event__starts_at", "-registered_at")
    )


def next_public_events(now: datetime | None = None) -> QuerySet[Event]:
    """Published meetings not yet over, soonest first (the start page)."""
    return (
        Event.objects.filter(status=Event.Status.PUBLISHED)
        .upcoming(now)
        .select_related("host_municipality")
    )


def hosted_events(*, municipality, user=None) -> QuerySet[Event]:
    """The meetings ``municipality`` hosts, as ``user`` may see them, newest first."""
    return (
        Event.objects.visible_to(user)
        .filter(host_municipality=municipality)
        .order_by("-starts_at", "-pk")
    )


def upcoming_event_count(now: datetime | None = None) -> int:
    return Event.objects.filter(status=Event.Status.PUBLISHED).upcoming(now).count()
