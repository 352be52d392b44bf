"""Template helpers for meetings, also used by other apps' templates.

``{% load events_tags %}{% my_registrations user %}`` renders the "Meine
Anmeldungen" section of the account page, so members needs no import of events.
"""

from html import escape

from django import template
from django.urls import NoReverseMatch
from django.utils import timezone
from django.utils.safestring import mark_safe

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


@register.filter
def link_items(links) -> str:
    """``<li>`` links for a long list of objects with ``name`` and ``url``.

    The cities of a national meeting are about a thousand; a template loop
    spends some 10 µs on each, this a tenth of that. Both parts are escaped.
    """
    return mark_safe(  # noqa: S308 - name and URL are escaped
        "".join(
            f'<li><a class="kern-link" href="{escape(link.url)}">{escape(link.name)}</a></li>'
            for link in links
        )
    )
