"""Atom feed of newly published projects (published data only, no personal
data): ``/projekte/feed/``, filtered by ``?thema=<topic>`` and/or
``?kommune=<municipality>`` (lead or partner); an unknown slug is a 404."""

from django.contrib.syndication.views import Feed
from django.db.models import Q
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from members.models import Municipality
from projects.models import Project, Topic

FEED_ITEMS = 50


class ProjectFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request: HttpRequest, *args, **kwargs) -> dict:
        topic_slug = request.GET.get("thema", "")
        city_slug = request.GET.get("kommune", "")
        if "\x00" in topic_slug + city_slug:
            raise Http404
        return {
            "topic": get_object_or_404(Topic, slug=topic_slug) if topic_slug else None,
            "municipality": (
                get_object_or_404(Municipality, slug=city_slug) if city_slug else None
            ),
        }

    def title(self, filters: dict) -> str:
        parts = [str(value) for value in filters.values() if value is not None]
        if parts:
            return _("IKONE-DS: neue Projekte – %(filter)s") % {"filter": ", ".join(parts)}
        return _("IKONE-DS: neue Projekte")

    def subtitle(self, filters: dict) -> str:
        return _("Neu veröffentlichte Projekte im Katalog des Netzwerks Digitale Stadt.")

    def link(self, filters: dict) -> str:
        query = []
        if filters["topic"]:
            query.append(f"topic={filters['topic'].slug}")
        if filters["municipality"]:
            query.append(f"municipality={filters['municipality'].slug}")
        base = reverse("projects:project-list")
        return f"{base}?{'&'.join(query)}" if query else base

    def items(self, filters: dict):
        projects = Project.objects.published().filter(published_at__isnull=False)
        if filters["topic"]:
            projects = projects.filter(topics=filters["topic"])
        if filters["municipality"]:
            city = filters["municipality"]
            projects = projects.filter(
                Q(lead_municipality=city) | Q(participations__municipality=city)
            ).distinct()
        return (
            projects.select_related("lead_municipality")
            .prefetch_related("topics")
            .order_by("-published_at", "-pk")[:FEED_ITEMS]
        )

    def item_title(self, project: Project) -> str:
        return project.title

    def item_description(self, project: Project) -> str:
        return project.summary

    def item_link(self, project: Project) -> str:
        return project.get_absolute_url()

    def item_pubdate(self, project: Project):
        return project.published_at

    def item_updateddate(self, project: Project):
        return project.updated_at

    def item_author_name(self, project: Project) -> str:
        return project.lead_municipality.name  # a city, never a person

    def item_categories(self, project: Project) -> list[str]:
        return [topic.name for topic in project.topics.all()]
