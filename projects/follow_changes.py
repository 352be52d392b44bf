"""What happened to projects, read from the change history.

The project services write one history entry per change in the change's own
transaction (``members.audit``); this module turns entries into ``Change``s
that followers care about and finds who follows each. Whatever the number of
entries or followers, it costs a constant number of queries.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db.models import Prefetch, Q, QuerySet

from members.models import AuditEntry
from projects.models import Adoption, Follow, Participation, Project

ACTIONS = (
    "project.publish",
    "project.update",
    "document.add",
    "adoption.create",
    "adoption.update",
)


class Kind:
    PUBLISHED = "published"
    PHASE = "phase"
    DOCUMENT = "document"
    ADOPTION = "adoption"
    ADOPTION_STATUS = "adoption-status"


@dataclass
class Change:
    entry: AuditEntry
    kind: str
    project: Project
    adoption: Adoption | None = None
    document_title: str = ""
    topic_ids: set[int] = field(default_factory=set)
    municipality_ids: set[int] = field(default_factory=set)

    @property
    def when(self):
        return self.entry.created_at


def relevant_entries() -> QuerySet[AuditEntry]:
    return AuditEntry.objects.filter(action__in=ACTIONS)


def changes_of(entries: Iterable[AuditEntry]) -> list[Change]:
    """The changes among ``entries`` that concern followers, about projects
    that are published now (nothing of a draft reaches anyone), in order."""
    entries = [entry for entry in entries if _kind(entry) is not None]
    if not entries:
        return []
    project_type = ContentType.objects.get_for_model(Project).pk
    adoption_type = ContentType.objects.get_for_model(Adoption).pk
    adoption_ids = {int(e.object_id) for e in entries if e.content_type_id == adoption_type}
    adoptions = (
        Adoption.objects.select_related("municipality").in_bulk(adoption_ids)
        if adoption_ids
        else {}
    )
    project_ids = {int(e.object_id) for e in entries if e.content_type_id == project_type}
    project_ids |= {adoption.project_id for adoption in adoptions.values()}
    projects = (
        Project.objects.published()
        .select_related("lead_municipality")
        .prefetch_related(
            Prefetch("topics"),
            Prefetch(
                "participations",
                queryset=Participation.objects.only("project_id", "municipality_id"),
            ),
        )
        .in_bulk(project_ids)
    )
    changes = []
    for entry in sorted(entries, key=lambda e: (e.created_at, e.pk)):
        kind = _kind(entry)
        adoption = (
            adoptions.get(int(entry.object_id)) if entry.content_type_id == adoption_type else None
        )
        if entry.content_type_id == adoption_type and adoption is None:
            continue  # deleted since
        project_id = adoption.project_id if adoption else int(entry.object_id)
        project = projects.get(project_id)
        if project is None or kind is None:
            continue
        changes.append(
            Change(
                entry=entry,
                kind=kind,
                project=project,
                adoption=adoption,
                document_title=str(entry.changes.get("document", "")),
                topic_ids={topic.pk for topic in project.topics.all()},
                municipality_ids={project.lead_municipality_id}
                | {p.municipality_id for p in project.participations.all()},
            )
        )
    return changes


def _kind(entry: AuditEntry) -> str | None:
    changes = entry.changes or {}
    if entry.action == "project.publish":
        return Kind.PUBLISHED
    if entry.action == "project.update":
        return Kind.PHASE if "phase" in changes else None
    if entry.action == "document.add":
        return Kind.DOCUMENT
    if entry.action == "adoption.create":
        return Kind.ADOPTION
    if entry.action == "adoption.update":
        return Kind.ADOPTION_STATUS if "status" in changes else None
    return None


def follows_for(changes: list[Change], *, delivery: str) -> QuerySet[Follow]:
    """Active people's follows with ``delivery`` that may concern ``changes``."""
    topics = set().union(*(c.topic_ids for c in changes if c.kind == Kind.PUBLISHED))
    cities = set().union(*(c.municipality_ids for c in changes if c.kind == Kind.PUBLISHED))
    projects = {c.project.pk for c in changes}
    return Follow.objects.filter(
        Q(project_id__in=projects) | Q(topic_id__in=topics) | Q(municipality_id__in=cities),
        delivery=delivery,
        user__is_active=True,
    ).only("pk", "user_id", "topic_id", "municipality_id", "project_id", "created_at")


def followers_by_change(changes: list[Change], *, delivery: str) -> dict[int, dict[int, Follow]]:
    """{entry id: {user id: the follow that tells them}}; a follow begun after
    the change does not report it. A project's own follow wins over a topic's."""
    result: dict[int, dict[int, Follow]] = defaultdict(dict)
    if not changes:
        return result
    by_target: dict[tuple[str, int], list[Follow]] = defaultdict(list)
    for follow in follows_for(changes, delivery=delivery):
        by_target[target_key(follow)].append(follow)
    for change in changes:
        told = result[change.entry.pk]
        for key in change_keys(change):
            for follow in by_target.get(key, ()):
                if follow.created_at > change.when:
                    continue
                if follow.user_id not in told or follow.project_id is not None:
                    told[follow.user_id] = follow
    return result


def target_key(follow: Follow) -> tuple[str, int]:
    if follow.project_id is not None:
        return ("projekt", follow.project_id)
    if follow.topic_id is not None:
        return ("thema", follow.topic_id)
    return ("kommune", follow.municipality_id or 0)


def change_keys(change: Change) -> list[tuple[str, int]]:
    """The follow targets a change concerns; the project's own follow last (it wins)."""
    keys: list[tuple[str, int]] = []
    if change.kind == Kind.PUBLISHED:
        keys += [("thema", pk) for pk in sorted(change.topic_ids)]
        keys += [("kommune", pk) for pk in sorted(change.municipality_ids)]
    keys.append(("projekt", change.project.pk))
    return keys
