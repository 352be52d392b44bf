"""Atom feed of upcoming published meetings (``/termine/feed/``; the
calendar of the same meetings is ``/termine/feed.ics``). No personal data."""

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy

from events.models import Event

FEED_ITEMS = 50


class EventFeed(Feed):
    feed_type = Atom1Feed
    title = gettext_lazy("IKONE-DS: anstehende Termine")
    subtitle = gettext_lazy("Netzwerktreffen, Workshops und Webinare des Netzwerks Digitale Stadt.")

    def link(self) -> str:
        return reverse("events:event-list")

    def items(self):
        return (
            Event.objects.filter(status=Event.Status.PUBLISHED)
            .upcoming()
            .select_related("host_municipality")[:FEED_ITEMS]
        )

    def item_title(self, event: Event) -> str:
        when = timezone.localtime(event.starts_at).strftime("%d.%m.%Y")
        return f"{when}: {event.title}"

    def item_description(self, event: Event) -> str:
        return event.description

    def item_link(self, event: Event) -> str:
        return event.get_absolute_url()

    def item_pubdate(self, event: Event):
        return event.created_at

    def item_updateddate(self, event: Event):
        return event.updated_at

    def item_author_name(self, event: Event) -> str:
        return event.host_municipality.name if event.host_municipality else "IKONE-DS"

    def item_categories(self, event: Event) -> list[str]:
        return [event.get_kind_display()]
