"""The publiccode.yml of a published software project.

Version 0.5 of the standard, the newest its published JSON schema knows
(releases 0.6 and 0.7 changed nothing the portal writes; 0.7 deprecated the
country sections, which the portal leaves out). What the portal knows maps
like this:

- ``url`` the repository, ``landingURL`` the project's own page outside the
  portal or else its page in the portal;
- ``developmentStatus`` from the phase, ``categories`` (and
  ``intendedAudience.scope``) from the topics (``vocabulary``);
- ``description.de`` from the summary and the description as plain text;
  ``features`` are the description's top-level list items (or the summary);
  ``description.en`` says in English what the project is and carries the
  German text, which is all the portal has;
- ``legal.license`` the SPDX expression (``projects.licences``; a software
  project always has one, a CHECK constraint of ``Project``);
- ``organisation`` and ``maintenance`` name the lead municipality as the
  publishing and maintaining organisation, never a person: contact data
  stays behind the login;
- ``usedBy`` the municipalities whose adoption is in operation;
- ``isBasedOn`` the original of the lineage (issue 13: the adoption that
  names this project as the adopting city's own outcome): the original's
  repository, or its page in the portal when it has none; only a published
  original is named;
- ``platforms: [web]``, ``softwareType: standalone/web`` and German as the
  only language: the portal has no fields for these (the network's software
  is web software; an import lists what it does not take over).

"""

from collections.abc import Iterator
from typing import Any

import yaml
from django.conf import settings
from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import OuterRef, Subquery
from django.db.models.functions import Greatest
from django.urls import reverse
from markdown_it import MarkdownIt

from projects.models import Adoption, Project, Topic
from projects.publiccode.vocabulary import (
    PHASE_TO_STATUS,
    UNKNOWN_PHASE_STATUS,
    categories_for,
    scopes_for,
)

PUBLICCODE_YML_VERSION = "0.5"
SHORT_DESCRIPTION_MAX = 150
LONG_DESCRIPTION_MIN = 150
LONG_DESCRIPTION_MAX = 10_000
FEATURE_MAX = 100
FEATURES_MAX = 20
NETWORK_DE = "Interkommunales Netzwerk Digitale Stadt Rheinland-Pfalz (IKONE-DS)"
NETWORK_EN = "inter-municipal network Digitale Stadt of Rhineland-Palatinate (IKONE-DS)"

_markdown = MarkdownIt("commonmark")


def publiccode_projects(projects: Any = None) -> Any:
    """Published software projects (or ``projects``) with what their files
    show, in one statement: the lead city joined, topic slugs and the names of
    the cities running the project as arrays, and when an adoption last changed
    (for Last-Modified)."""
    if projects is None:
        projects = Project.objects.published().exclude(repository_url="")
    topics = Topic.objects.filter(projects=OuterRef("pk")).order_by("slug").values("slug")
    running = (
        Adoption.objects.filter(project=OuterRef("pk"), status=Adoption.Status.OPERATING)
        .order_by("municipality__name")
        .values("municipality__name")
    )
    adoption_changed = (
        Adoption.objects.filter(project=OuterRef("pk"))
        .order_by("-updated_at")
        .values("updated_at")[:1]
    )
    # The lineage: the adoption this project came out of, of a published original.
    origin = Adoption.objects.filter(
        resulting_project=OuterRef("pk"), project__state=Project.State.PUBLISHED
    )
    return (
        projects.select_related("lead_municipality")
        .defer("search_vector", "description_html")
        .annotate(
            topic_slugs=ArraySubquery(topics),
            used_by=ArraySubquery(running),
            adoption_changed=Subquery(adoption_changed),
            based_on_repository=Subquery(origin.values("project__repository_url")[:1]),
            based_on_slug=Subquery(origin.values("project__slug")[:1]),
            based_on_changed=Subquery(
                origin.annotate(changed=Greatest("updated_at", "project__updated_at")).values(
                    "changed"
                )[:1]
            ),
        )
        .order_by("pk")
    )


def _absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def _shorten(text: str, limit: int) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:.-") + "…"


def plain_text(markdown: str) -> tuple[str, list[str]]:
    """The description as plain text (paragraphs kept) and its top-level list items."""
    blocks: list[str] = []
    features: list[str] = []
    list_depth = 0
    item_start = False
    for token in _markdown.parse(markdown):
        if token.type in ("bullet_list_open", "ordered_list_open"):
            list_depth += 1
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            list_depth -= 1
        elif token.type == "list_item_open":
            item_start = True
        elif token.type in ("inline", "fence", "code_block"):
            if token.type == "inline":
                text = "".join(
                    " " if child.type in ("softbreak", "hardbreak") else child.content
                    for child in token.children or []
                    if child.type in ("text", "code_inline", "softbreak", "hardbreak")
                )
            else:
                text = token.content
            text = text.strip()
            if not text:
                continue
            if list_depth and item_start:
                blocks.append(f"- {text}")
                if list_depth == 1:
                    features.append(_shorten(text, FEATURE_MAX))
                item_start = False
            else:
                blocks.append(text)
    return "\n\n".join(blocks), features


def _long_description(project: Project, body: str, *, english: bool) -> str:
    """The description as plain text between the standard's bounds: the German
    text (summary, then description); in English a sentence of what it is
    before it. Too short a text gets the network and the portal page."""
    lead = project.lead_municipality.name
    parts = [project.summary, body]
    if english:
        parts.insert(0, f"A project of the {NETWORK_EN}, led by {lead}. In German:")
    text = "\n\n".join(part for part in parts if part)
    if len(text) < LONG_DESCRIPTION_MIN:
        about = (
            f"Details: {_absolute(project.get_absolute_url())}"
            if english
            else f"Ein Projekt im {NETWORK_DE}, federführend: {lead}. "
            f"Mehr im IKONE-Portal: {_absolute(project.get_absolute_url())}"
        )
        text = f"{text}\n\n{about}"
    if len(text) > LONG_DESCRIPTION_MAX:
        text = text[: LONG_DESCRIPTION_MAX - 1].rsplit(" ", 1)[0] + "…"
    return text


def publiccode_document(project: Project) -> dict[str, Any]:
    """The publiccode.yml of a project as a mapping (keys in the standard's order).

    ``project`` comes from ``publiccode_projects()`` (otherwise its topics and
    adoptions are read with two queries); a project without a repository gets its portal page as
    ``url`` (only ``manage.py validate_publiccode`` asks for those)."""
    lead = project.lead_municipality
    topic_slugs = _topic_slugs(project)
    body, features = plain_text(project.description)
    if not features:
        features = [_shorten(project.summary, FEATURE_MAX)]
    page = _absolute(project.get_absolute_url())
    used_by = _used_by(project)
    document: dict[str, Any] = {
        "publiccodeYmlVersion": PUBLICCODE_YML_VERSION,
        "name": project.title,
        "url": project.repository_url or page,
        "landingURL": project.website or page,
    }
    based_on = _based_on(project)
    if based_on:
        document["isBasedOn"] = [based_on]
    document["platforms"] = ["web"]
    categories = categories_for(topic_slugs)
    if categories:
        document["categories"] = categories
    if used_by:
        document["usedBy"] = used_by
    document |= {
        "developmentStatus": PHASE_TO_STATUS.get(project.phase, UNKNOWN_PHASE_STATUS),
        "softwareType": "standalone/web",
        "intendedAudience": {"countries": ["DE"], "scope": scopes_for(topic_slugs)},
        "description": {
            "de": {
                "localisedName": project.title,
                "shortDescription": _shorten(project.summary, SHORT_DESCRIPTION_MAX),
                "longDescription": _long_description(project, body, english=False),
                "documentation": page,
                "features": features[:FEATURES_MAX],
            },
            "en": {
                "localisedName": project.title,
                "shortDescription": _shorten(
                    f"Municipal software of {lead.name} from the IKONE-DS network "
                    "(Rhineland-Palatinate, Germany)",
                    SHORT_DESCRIPTION_MAX,
                ),
                "longDescription": _long_description(project, body, english=True),
                "documentation": page,
                "features": features[:FEATURES_MAX],
            },
        },
        "legal": {
            "license": project.licence,
            "mainCopyrightOwner": lead.official_name or lead.name,
        },
        "maintenance": {
            "type": "internal",
            # The standard asks for people here; the portal names the
            # maintaining organisation instead (contact data stays behind the
            # login, docs/architecture.md "Open data").
            "contacts": [{"name": lead.name, "affiliation": lead.official_name or lead.name}],
        },
        "localisation": {"localisationReady": False, "availableLanguages": ["de"]},
        "organisation": {
            "uri": _absolute(lead.get_absolute_url()),
            "name": lead.official_name or lead.name,
        },
    }
    if not project.licence:
        del document["legal"]["license"]
    return document


def _topic_slugs(project: Project) -> list[str]:
    annotated = getattr(project, "topic_slugs", None)
    if annotated is not None:
        return list(annotated)
    return list(project.topics.order_by("slug").values_list("slug", flat=True))


def _based_on(project: Project) -> str:
    """The URL of the published project this one came out of, or ""."""
    if hasattr(project, "based_on_slug"):  # annotated by publiccode_projects()
        repository, slug = getattr(project, "based_on_repository", None), project.based_on_slug
    else:
        origin = (
            Adoption.objects.filter(
                resulting_project=project, project__state=Project.State.PUBLISHED
            )
            .values_list("project__repository_url", "project__slug")
            .first()
        )
        repository, slug = origin or (None, None)
    if repository:
        return repository
    if slug:
        return _absolute(reverse("projects:project-detail", kwargs={"slug": slug}))
    return ""


def _used_by(project: Project) -> list[str]:
    annotated = getattr(project, "used_by", None)
    if annotated is not None:
        return list(annotated)
    return list(
        project.adoptions.filter(status=Adoption.Status.OPERATING)
        .order_by("municipality__name")
        .values_list("municipality__name", flat=True)
    )


# libyaml's emitter where PyYAML was built with it (the wheels are): several
# times faster than the pure-Python one, same output.
_BaseDumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


class _Dumper(_BaseDumper):  # type: ignore[valid-type,misc]
    """Block style; long texts as literal blocks so they stay readable."""


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    if "\n" in value:
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")
    return dumper.represent_scalar("tag:yaml.org,2002:str", value)


_Dumper.add_representer(str, _represent_str)


def dump_yaml(document: dict[str, Any]) -> str:
    return yaml.dump(
        document,
        Dumper=_Dumper,
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=False,
        width=100,
    )


def publiccode_yaml(project: Project) -> str:
    return dump_yaml(publiccode_document(project))


def publiccode_files(projects: Any) -> Iterator[tuple[str, str]]:
    """(file name, text) of each project, read in chunks (constant memory)."""
    for project in projects.iterator(chunk_size=500):
        yield f"{project.slug}/publiccode.yml", publiccode_yaml(project)
