"""Nachnutzungsbereit: what a city needs to reuse a project (issue 13).

The same rule as ``projects.querysets.reuse_ready_condition`` (the catalogue's
filter and badge), item by item, for the checklist those who may edit the
project see.
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from projects.licences import is_spdx
from projects.models import Project, ProjectDocument


@dataclass(frozen=True)
class Item:
    key: str
    label: str | Promise
    done: bool


def checklist(project: Project, document_kinds: set[str]) -> list[Item]:
    """Each condition and whether the project meets it (``document_kinds``:
    the kinds of its documents)."""
    handover = set(ProjectDocument.HANDOVER_KINDS)
    return [
        Item("licence", _("Lizenz als SPDX-Ausdruck (z. B. EUPL-1.2)"), is_spdx(project.licence)),
        Item(
            "contact",
            _("Ansprechperson mit E-Mail-Adresse oder Telefonnummer"),
            bool(project.contact_name and (project.contact_email or project.contact_phone)),
        ),
        Item(
            "costs",
            _("Investitionskosten und laufende Kosten pro Jahr"),
            project.investment_cost is not None and project.running_cost_per_year is not None,
        ),
        Item(
            "documents",
            _("Leistungsbeschreibung, Vertrag oder Betriebshandbuch als Dokument"),
            bool(handover & document_kinds),
        ),
    ]


def is_ready(project: Project, document_kinds: set[str]) -> bool:
    return all(item.done for item in checklist(project, document_kinds))
