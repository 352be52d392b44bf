from django import template
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

register = template.Library()


@register.filter
def project_url(project) -> str:
    """The project's page if the projects app has one and it is public, else ""."""
    if getattr(project, "state", None) != "published":
        return ""
    try:
        return reverse("projects:project-detail", kwargs={"slug": project.slug})
    except NoReverseMatch:
        return ""


ACTION_LABELS = {
    "grant.create": _("Förderbescheid erfasst"),
    "grant.update": _("Förderbescheid geändert"),
    "grant.status": _("Stand geändert"),
    "grant.delete": _("Förderbescheid gelöscht"),
    "disbursement.create": _("Auszahlung erfasst"),
    "disbursement.update": _("Auszahlung geändert"),
    "disbursement.delete": _("Auszahlung storniert"),
    "obligation.create": _("Nachweispflicht angelegt"),
    "obligation.update": _("Nachweispflicht geändert"),
    "obligation.delete": _("Nachweispflicht gelöscht"),
    "obligation.submit": _("Nachweis eingereicht"),
    "obligation.reopen": _("Nachweis wieder geöffnet"),
}


@register.filter
def action_label(action: str) -> str:
    return str(ACTION_LABELS.get(action, action))
