"""Template helpers for meetings."""

from html import escape

from django import template
from django.urls import NoReverseMatch
from django.utils.safestring import mark_safe

register = template.Library()


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
