"""Template helpers of the projects app."""

from django import template
from django.utils.formats import localize
from django.utils.html import format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from core.links import slug_links
from projects.models import Adoption

register = template.Library()

STATE_BADGES = {
    "draft": "info",
    "submitted": "warning",
    "published": "success",
    "rejected": "danger",
    "archived": "info",
}
ADOPTION_BADGES = {
    "interessiert": "info",
    "in_pruefung": "info",
    "in_umsetzung": "warning",
    "im_betrieb": "success",
    "abgebrochen": "danger",
}

ADOPTION_STATUS_LABELS = dict(Adoption.Status.choices)

HISTORY_LABELS = {
    "project.create": _("angelegt"),
    "project.update": _("geändert"),
    "project.submit": _("zur Prüfung eingereicht"),
    "project.publish": _("veröffentlicht"),
    "project.reject": _("abgelehnt"),
    "project.archive": _("archiviert"),
    "document.add": _("Dokument hinzugefügt"),
    "document.delete": _("Dokument gelöscht"),
    "adoption.create": _("Nachnutzung erklärt"),
    "adoption.update": _("Nachnutzung aktualisiert"),
    "project.contact_removed": _("Ansprechperson entfernt (Person gelöscht)"),
}


@register.filter
def history_label(action: str) -> str:
    return str(HISTORY_LABELS.get(action, action))


@register.filter
def stored_html(html: str) -> SafeString:
    """``Project.description_html``: sanitised by nh3 when the services stored it
    (projects.markup.render_markdown), so it is shown as it is — never rendered
    from Markdown on a request."""
    return mark_safe(html)  # noqa: S308 - sanitised before it was stored


@register.filter
def state_badge(state: str) -> str:
    return STATE_BADGES.get(state, "info")


@register.filter
def adoption_badge(status: str) -> str:
    return ADOPTION_BADGES.get(status, "info")


@register.filter
def adoption_status(status: str) -> str:
    """Like ``get_status_display``, which rebuilds the choices for every row."""
    return str(ADOPTION_STATUS_LABELS.get(status, status))


@register.filter
def municipality_url(municipality) -> str:
    """Like ``get_absolute_url`` without a reverse() per city (a page lists dozens)."""
    return slug_links("members:municipality-detail")(municipality.slug)


# The catalogue's two longest loops, on every search: joined here rather than
# by a {% for %} of the template engine, which resolves and escapes each
# variable of each item through its generic machinery (~0.5 ms a page).


@register.simple_tag
def facet_values(links) -> SafeString:
    """A facet's values as list items: ``links`` are (label, count, query string)."""
    return format_html_join(
        "",
        '<li><a class="kern-link" href="?{}">{} <span class="ikone-facets__count">({})</span>'
        "</a></li>",
        ((query, label, localize(count)) for label, count, query in links),
    )


@register.filter
def list_items(items) -> SafeString:
    """Each item (escaped unless safe, as ``{{ item }}``) in an ``<li>``."""
    return format_html_join("", "<li>{}</li>", ((item,) for item in items))
