"""The portal's phases and topics in the words of publiccode.yml.

Topics are matched by slug (the demo's and the network's Themenfelder); a
topic without a matching category adds none. The categories and scopes are
values of the standard's controlled vocabularies (categories-list,
scope-list).
"""

from projects.models import Project

PHASE_TO_STATUS: dict[str, str] = {
    Project.Phase.IDEA: "concept",
    Project.Phase.PLANNING: "concept",
    Project.Phase.IMPLEMENTATION: "development",
    Project.Phase.OPERATION: "stable",
    Project.Phase.COMPLETED: "stable",
}
# A project whose sources do not name its phase (demo data).
UNKNOWN_PHASE_STATUS = "development"

STATUS_TO_PHASE = {
    "concept": Project.Phase.IDEA,
    "development": Project.Phase.IMPLEMENTATION,
    "beta": Project.Phase.IMPLEMENTATION,
    "stable": Project.Phase.OPERATION,
    "obsolete": Project.Phase.COMPLETED,
}

TOPIC_CATEGORIES = {
    "verwaltungsorganisation": ["document-management", "workflow-management"],
    "buergerservice": ["digital-citizenship"],
    "bildung-kita": ["educational-content"],
    "online-handel": ["e-commerce"],
    "infrastruktur-netze": ["network-management"],
}

TOPIC_SCOPES = {
    "verwaltungsorganisation": ["government"],
    "buergerservice": ["society"],
    "oeffentliche-sicherheit": ["security", "emergency-services"],
    "mobilitaet": ["transportation"],
    "bildung-kita": ["education"],
    "kreativwirtschaft": ["culture"],
    "online-handel": ["finance-and-economic-development"],
    "infrastruktur-netze": ["infrastructures"],
    "tourismus-kultur": ["tourism", "culture"],
}
# Every project of the network is for municipalities.
BASE_SCOPE = "local-authorities"


def categories_for(topic_slugs: list[str]) -> list[str]:
    found: list[str] = []
    for slug in topic_slugs:
        for category in TOPIC_CATEGORIES.get(slug, []):
            if category not in found:
                found.append(category)
    return found


def scopes_for(topic_slugs: list[str]) -> list[str]:
    found = [BASE_SCOPE]
    for slug in topic_slugs:
        for scope in TOPIC_SCOPES.get(slug, []):
            if scope not in found:
                found.append(scope)
    return found


def topic_slugs_for(categories: list[str]) -> list[str]:
    """The topics whose categories an imported file names."""
    return [
        slug
        for slug, mapped in TOPIC_CATEGORIES.items()
        if any(category in mapped for category in categories)
    ]
