from django import template
from django.urls import NoReverseMatch, reverse

from funding.formatting import euro as format_euro

register = template.Library()


@register.filter
def euro(value) -> str:
    return format_euro(value)


@register.filter
def project_url(project) -> str:
    """The project's page if the projects app has one and it is public, else ""."""
    if getattr(project, "state", None) != "published":
        return ""
    try:
        return reverse("projects:project-detail", kwargs={"slug": project.slug})
    except NoReverseMatch:
        return ""
