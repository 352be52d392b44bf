"""Template helpers for meetings, also used by other apps' templates.

``{% load events_tags %}{% my_registrations user %}`` renders the "Meine
Anmeldungen" section of the account page, so members needs no import of events.
"""

from django import template
from django.urls import NoReverseMatch
from django.utils import timezone

from events.permissions import may_register
from events.selectors import registrations_of

register = template.Library()


@register.inclusion_tag("events/partials/my_registrations.html")
def my_registrations(user) -> dict:
    registrations = list(registrations_of(user=user)) if user.is_authenticated else []
    now = timezone.now()
    return {
        "show": bool(registrations) or may_register(user),
        "upcoming": [r for r in registrations if r.event.ends_at >= now][::-1],
        "past": [r for r in registrations if r.event.ends_at < now],
    }


@register.filter
def oneline(value: str) -> str:
    """A multi-line address on one line: 'Bahnhofstraße 26-28, 67655 Kaiserslautern'."""
    return ", ".join(line.strip() for line in str(value).splitlines() if line.strip())


@register.simple_tag
def project_url(project) -> str:
    """The page of a published project, or "" (unpublished, or no page to link to)."""
    if project is None or project.state != "published":
        return ""
    try:
        return project.get_absolute_url()
    except NoReverseMatch:
        return ""
