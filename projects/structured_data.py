"""schema.org for project pages: a SoftwareApplication when the project is
software (it has a repository), else a CreativeWork; the lead municipality as
its GovernmentOrganization. No contact person, ever."""

from typing import Any

from django.urls import reverse

from core.structured_data import CONTEXT, absolute
from members.structured_data import municipality_organisation
from projects.licences import is_spdx
from projects.models import Project

SPDX_LICENCE_URL = "https://spdx.org/licenses/{}.html"


def _licence(expression: str) -> str:
    """A single SPDX identifier as its SPDX page, an expression as it is."""
    if " " not in expression and not expression.startswith("LicenseRef-"):
        return SPDX_LICENCE_URL.format(expression)
    return expression


def project_page(project: Project) -> dict[str, Any] | None:
    """JSON-LD of a published project's page (None for others: search engines
    see published projects only)."""
    if project.state != Project.State.PUBLISHED:
        return None
    lead = municipality_organisation(project.lead_municipality)
    data: dict[str, Any] = {
        "@context": CONTEXT,
        "@type": "SoftwareApplication" if project.is_software else "CreativeWork",
        "name": project.title,
        "description": project.summary,
        "url": absolute(project.get_absolute_url()),
        "inLanguage": "de",
        "creator": lead,
        "dateModified": project.updated_at,
    }
    if project.published_at:
        data["datePublished"] = project.published_at
    if project.licence and is_spdx(project.licence):
        data["license"] = _licence(project.licence)
    if project.is_software:
        data["applicationCategory"] = "GovernmentApplication"
        data["operatingSystem"] = "Web"
        data["sameAs"] = project.repository_url
        data["subjectOf"] = {
            "@type": "DigitalDocument",
            "name": "publiccode.yml",
            "encodingFormat": "application/yaml",
            "url": absolute(reverse("projects:project-publiccode", kwargs={"slug": project.slug})),
        }
    if project.website:
        data["mainEntityOfPage"] = project.website
    return data
