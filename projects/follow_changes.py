"""What happened to projects, read from the change history.

The project services write one history entry per change in the change's own
transaction (``members.audit``); this module turns entries into ``Change``s
that followers care about and finds who follows each. Whatever the number of
entries or followers, it costs a constant number of queries.

Questions and answers (issue 13) are changes of their project: a hidden post
(or an answer to a hidden question) is no change any more, whenever it is
read — at the claim, at the sending, in the digest. Nobody is told of a
change twice: ``told_otherwise`` names who hears of it by another way (the
author, and the people the question mails of ``projects.notifications``
reach).
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db.models import Prefetch, Q, QuerySet

from members import roles
from members.models import AuditEntry, User
from projects.models import Adoption, Answer, Follow, Participation, Project, Question

ACTIONS = (
    "project.publish",
    "project.update",
    "document.add",
    "adoption.create",
    "adoption.update",
    "question.create",
    "answer.create",
)


class Kind:
    PUBLISHED = "published"
    PHASE = "phase"
    DOCUMENT = "document"
    ADOPTION = "adoption"
    ADOPTION_STATUS = "adoption-status"
    QUESTION = "question"
    ANSWER = "answer"


@dataclass
class Change:
    entry: AuditEntry
    kind: str
    project: Project
    adoption: Adoption | None = None
    document_title: str = ""
    topic_ids: set[int] = field(default_factory=set)
    municipality_ids: set[int] = field(default_factory=set)
    # A question or answer: the question (never its text in a mail).
    question: Question | None = None

    @property
    def when(self):
        return self.entry.created_at

    @property
    def path(self) -> str:
        """Where the change is seen: the project page, at the question if there is one."""
        url = self.project.get_absolute_url()
        return f"{url}#frage-{self.question.pk}" if self.question is not None else url


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
    questions = _visible_questions(entries)
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
        question = questions.get(entry.pk)
        if kind in (Kind.QUESTION, Kind.ANSWER) and question is None:
            continue  # hidden (or gone) since
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
                question=question,
            )
        )
    return changes


def _post_id(entry: AuditEntry, key: str) -> int | None:
    value = (entry.changes or {}).get(key)
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _visible_questions(entries: list[AuditEntry]) -> dict[int, Question]:
    """{entry id: its question} of the question and answer entries whose
    question (and answer) are not hidden; two queries at most."""
    asked = {e.pk: _post_id(e, "question") for e in entries if e.action == "question.create"}
    answered = {e.pk: _post_id(e, "answer") for e in entries if e.action == "answer.create"}
    found: dict[int, Question] = {}
    if any(asked.values()):
        questions = Question.objects.filter(
            pk__in={pk for pk in asked.values() if pk}, hidden_at__isnull=True
        ).only("pk", "project_id", "author_id")
        by_pk = {question.pk: question for question in questions}
        found |= {entry: by_pk[pk] for entry, pk in asked.items() if pk in by_pk}
    if any(answered.values()):
        answers = (
            Answer.objects.filter(
                pk__in={pk for pk in answered.values() if pk},
                hidden_at__isnull=True,
                question__hidden_at__isnull=True,
            )
            .select_related("question")
            .only("pk", "question__project_id", "question__author_id")
        )
        by_answer = {answer.pk: answer.question for answer in answers}
        found |= {entry: by_answer[pk] for entry, pk in answered.items() if pk in by_answer}
    return found


def told_otherwise(changes: list[Change]) -> dict[int, set[int]]:
    """{entry id: people not to tell of it as followers}: its author; for a
    question the lead city's staff, for an answer the asker — they have their
    own mail about it (``projects.notifications``). One query at most."""
    asked_in = {c.project.lead_municipality_id for c in changes if c.kind == Kind.QUESTION}
    staff: dict[int, set[int]] = defaultdict(set)
    if asked_in:
        rows = User.objects.filter(
            is_active=True, municipality_id__in=asked_in, groups__name=roles.MUNICIPAL_STAFF
        ).values_list("municipality_id", "pk")
        for city, pk in rows:
            staff[city].add(pk)
    result: dict[int, set[int]] = {}
    for change in changes:
        quiet = {change.entry.actor_id} if change.entry.actor_id else set()
        if change.kind == Kind.QUESTION:
            quiet |= staff.get(change.project.lead_municipality_id, set())
        elif change.kind == Kind.ANSWER and change.question and change.question.author_id:
            quiet.add(change.question.author_id)
        result[change.entry.pk] = quiet
    return result


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
    if entry.action == "question.create":
        return Kind.QUESTION
    if entry.action == "answer.create":
        return Kind.ANSWER
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
