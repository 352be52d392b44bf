"""Reads of projects as queryset methods, shared by pages, API and admin.

``Project.objects.published().search(q).for_list()`` and friends: German
full-text search (with the thesaurus and compound parts, see projects.search)
and trigram similarity, as PostgreSQL does them.
"""

from collections.abc import Callable
from decimal import Decimal
from typing import Self

from django.contrib.postgres.search import (
    SearchRank,
)
from django.db import models
from django.db.models import (
    BooleanField,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Value,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce
from django.db.models.query import RawQuerySet

from projects.search import WordsQuery, search_terms, search_words

__all__ = [
    "AdoptionQuerySet",
    "CatalogueEntryQuerySet",
    "ProjectQuerySet",
    "search_query",
    "search_words",
]

SORT_RELEVANCE = "relevance"
SORT_NEWEST = "newest"
SORT_REUSED = "reused"
SORT_TITLE = "title"
# Every sort puts projects "möglicherweise veraltet" after the current ones.
SORT_ORDERINGS = {
    SORT_NEWEST: ("possibly_outdated", "-published_at", "-pk"),
    SORT_REUSED: ("possibly_outdated", "-adoption_count", "-published_at", "-pk"),
    SORT_TITLE: ("possibly_outdated", "title", "pk"),
}


def sees_published_only(user) -> bool:
    """Whether ``visible_condition(user)`` is "published" alone (anonymous
    callers, the ministry): the readers for whom the database keeps sums."""
    return not (
        user is not None
        and user.is_authenticated
        and (user.is_coordinator or user.is_municipal_staff)
    )


def visible_condition(user, prefix: str = "") -> Q:
    """The condition of ``ProjectQuerySet.visible_to`` for a relation's path to
    the project (``prefix="project__"``), for reads of other apps that name
    linked projects: one rule for who sees which project."""
    published = Q(**{f"{prefix}state": "published"})
    if sees_published_only(user):
        return published
    if user.is_coordinator:
        return Q()
    # A city's staff: also every state of the projects their city leads.
    return published | Q(**{f"{prefix}lead_municipality_id": user.municipality_id})


# Per project row of a top-level query (issue 13); see with_report_counts.
# A report counts when its adoption is in operation: ``counted`` and
# ``project_id`` are the report's copies, kept by the database.
_REPORTS_SQL = (
    "(SELECT count(*) FROM projects_experiencereport r "
    "WHERE r.project_id = projects_project.id AND r.counted %s)"
)
_IN_LINEAGE_SQL = (
    "(EXISTS (SELECT 1 FROM projects_adoption a WHERE a.resulting_project_id = projects_project.id)"
    " OR EXISTS (SELECT 1 FROM projects_adoption a WHERE a.project_id = projects_project.id"
    " AND a.resulting_project_id IS NOT NULL))"
)
_QUESTIONS_SQL = (
    "(SELECT count(*) FROM projects_question q "
    "WHERE q.project_id = projects_project.id AND q.hidden_at IS NULL)"
)
_ANSWERS_SQL = (
    "(SELECT count(*) FROM projects_answer n JOIN projects_question q ON q.id = n.question_id "
    "WHERE q.project_id = projects_project.id AND n.hidden_at IS NULL AND q.hidden_at IS NULL)"
)


def reuse_ready_condition(*, per_row: bool = False) -> Q:
    """Nachnutzungsbereit (issue 13): an SPDX licence (the field takes valid
    expressions only, projects.licences), a contact person who can be reached,
    investment and running costs, and a handover document (Leistungsbeschreibung,
    Vertrag or Betriebshandbuch). ``projects.readiness`` says the same per item.

    ``per_row`` for a value of each row (an annotation): the handover document
    is then looked up by a scalar subquery. PostgreSQL plans an EXISTS in the
    select list of a list sorted through an index as a hash of every handover
    document, built before the LIMIT (60,000 documents read for a page of 100
    at ``--scale 3``); a scalar subquery is run for the rows returned only."""
    from projects.models import ProjectDocument

    handover = ProjectDocument.objects.filter(
        project=OuterRef("pk"), kind__in=ProjectDocument.HANDOVER_KINDS
    )
    if per_row:
        first = handover.order_by().annotate(found=Value(True)).values("found")[:1]
        has_handover = Q(Coalesce(Subquery(first), Value(False)))
    else:
        has_handover = Q(Exists(handover))
    return (
        ~Q(licence="")
        & ~Q(contact_name="")
        & (~Q(contact_email="") | ~Q(contact_phone=""))
        & Q(investment_cost__isnull=False, running_cost_per_year__isnull=False)
        & has_handover
    )


class CatalogueRowsQuerySet(models.QuerySet):
    """What projects and their catalogue entries (projects.models.catalogue)
    filter, search and sort alike: the columns both have."""

    def with_adoption_count(self) -> Self:
        """``adoption_count``: municipalities reusing the project (cancelled ones
        excluded), the trigger-kept ``reuse_count`` column, so sorting by it is an
        index scan at any catalogue size."""
        return self.annotate(adoption_count=F("reuse_count"))

    def adopted(self, adopted: bool = True) -> Self:
        """Projects that at least one municipality reuses (or, with False, none)."""
        return self.filter(reuse_count__gt=0) if adopted else self.filter(reuse_count=0)

    def cost_between(self, minimum: Decimal | None = None, maximum: Decimal | None = None) -> Self:
        rows = self
        if minimum is not None:
            rows = rows.filter(investment_cost__gte=minimum)
        if maximum is not None:
            rows = rows.filter(investment_cost__lte=maximum)
        return rows

    def search(self, text: str) -> Self:
        """German full-text search with word forms and prefixes ("Lichtmast" finds
        "Smarte Lichtmasten", "Licht" too), synonyms ("Laterne" finds it as well)
        and compounds ("Kita-Portal" finds "Kitaportal"); annotates ``rank``.
        Every word (but stop words) must match."""
        query = search_query(text)
        return self if query is None else self.matching(query)

    def matching(self, query: WordsQuery) -> Self:
        """Rows whose ``search_vector`` matches ``query``, with their ``rank``."""
        return self.filter(search_vector=query).annotate(rank=SearchRank(F("search_vector"), query))


class ProjectQuerySet(CatalogueRowsQuerySet):
    # Set by ``with_kept_count`` on one queryset; clones start without it.
    _kept_count: Callable[[], int] | None = None

    # --- who sees what ---------------------------------------------------
    def published(self) -> "ProjectQuerySet":
        return self.filter(state="published")

    def visible_to(self, user) -> "ProjectQuerySet":
        """Published projects for everyone; all of them for coordinators; every
        state of its own projects for the staff of the lead city."""
        return self.filter(visible_condition(user))

    # --- counting ----------------------------------------------------------
    def with_kept_count(self, kept: Callable[[], int]) -> "ProjectQuerySet":
        """These projects with ``count()`` answered by ``kept`` — a number the
        database keeps for exactly these rows (``published_project_count``) —
        instead of a COUNT over them, which reads every row (270,000 at
        ``--scale 3``). For this queryset only: a further filter, order or
        slice is a clone that counts its rows again."""
        clone = self._chain()
        clone._kept_count = kept
        return clone

    def count(self) -> int:
        if self._kept_count is not None and self._result_cache is None:
            return self._kept_count()
        return super().count()

    # --- shape of list results -------------------------------------------
    def for_list(self) -> "ProjectQuerySet":
        """Everything a result card or list item shows, in a constant number of queries."""
        from projects.models import Topic

        return (
            self.select_related("lead_municipality")
            .prefetch_related(
                Prefetch("topics", queryset=Topic.objects.only("pk", "name", "name_en", "slug"))
            )
            .defer("search_vector", "title_summary_vector", "description", "description_html")
            .with_adoption_count()
            .with_report_counts()
            .with_readiness()
        )

    def with_report_counts(self) -> "ProjectQuerySet":
        """``report_count`` and ``recommend_count``: experience reports on
        adoptions in operation, and how many of them say "ja". Written as SQL:
        the same as ORM subqueries, which took longer to build than to run."""
        return self.annotate(
            report_count=RawSQL(_REPORTS_SQL % "", (), output_field=IntegerField()),  # noqa: S611 - constant SQL
            recommend_count=RawSQL(  # noqa: S611 - constant SQL
                _REPORTS_SQL % "AND r.recommendation = 'ja'", (), output_field=IntegerField()
            ),
        )

    def with_readiness(self) -> "ProjectQuerySet":
        """``is_reuse_ready``: nachnutzungsbereit (see ``reuse_ready_condition``)."""
        return self.annotate(
            is_reuse_ready=ExpressionWrapper(
                reuse_ready_condition(per_row=True), output_field=BooleanField()
            )
        )

    def with_reuse_page_facts(self) -> "ProjectQuerySet":
        """What a project's page needs to know before it reads more (issue 13):
        ``in_lineage`` (a project came out of it or it out of another) and the
        visible ``question_count`` and ``answer_count`` anonymous visitors see."""
        return self.annotate(
            in_lineage=RawSQL(_IN_LINEAGE_SQL, (), output_field=BooleanField()),  # noqa: S611
            question_count=RawSQL(_QUESTIONS_SQL, (), output_field=IntegerField()),  # noqa: S611
            answer_count=RawSQL(_ANSWERS_SQL, (), output_field=IntegerField()),  # noqa: S611
        )

    def reuse_ready(self, ready: bool = True) -> "ProjectQuerySet":
        condition = reuse_ready_condition()
        return self.filter(condition) if ready else self.exclude(condition)

    def recommended(self, recommended: bool = True) -> "ProjectQuerySet":
        """Recommended by a city that reuses it: a report in operation saying "ja"."""
        from projects.models import ExperienceReport

        yes = ExperienceReport.objects.filter(
            project=OuterRef("pk"), counted=True, recommendation="ja"
        )
        return self.filter(Exists(yes)) if recommended else self.exclude(Exists(yes))

    # --- filters -----------------------------------------------------------
    def with_topic(self, topic) -> "ProjectQuerySet":
        from projects.models import Project

        through = Project.topics.through
        return self.filter(Exists(through.objects.filter(project_id=OuterRef("pk"), topic=topic)))

    def involving(self, municipality) -> "ProjectQuerySet":
        """Led by the municipality or with it as a partner."""
        from projects.models import Participation

        partner = Participation.objects.filter(project=OuterRef("pk"), municipality=municipality)
        return self.filter(Q(lead_municipality=municipality) | Exists(partner))

    # --- search ------------------------------------------------------------
    def similar_to(
        self, title: str, summary: str = "", *, limit: int
    ) -> "RawQuerySet | ProjectQuerySet":
        """Up to ``limit`` of these projects whose title resembles ``title``,
        closest first, in one statement (``projects.similarity``): words shared
        with title or summary (with word forms, synonyms and compound parts,
        typos standing for the closest title word), then trigram resemblance of
        the titles. Filter, shape (``only``, annotations, keeping
        ``published_at``) and exclude before calling this."""
        from projects.similarity import similar_to

        return similar_to(self, title, summary, limit=limit)

    # --- order -------------------------------------------------------------
    def sorted_by(self, sort: str, *, searched: bool = False) -> "ProjectQuerySet":
        """Order by one of the catalogue's sorts; relevance needs a prior ``search``."""
        return self.order_by(*ordering(sort, searched=searched))


def search_query(text: str) -> WordsQuery | None:
    """What ``search`` matches and ranks by: every word of ``text`` (stop words
    aside, unless there is nothing else), each widened; None without words."""
    words = search_terms(text)
    return WordsQuery("all_words", words) if words else None


class CatalogueEntryQuerySet(CatalogueRowsQuerySet):
    """The published catalogue's filters on its entries (projects.models.catalogue),
    the same as ``ProjectQuerySet``'s on the projects themselves."""

    def with_topic(self, topic) -> "CatalogueEntryQuerySet":
        return self.filter(topic_ids__contains=[topic.pk])

    def involving(self, municipality) -> "CatalogueEntryQuerySet":
        return self.filter(city_ids__contains=[municipality.pk])

    def of_projects(self, projects) -> "CatalogueEntryQuerySet":
        """Entries of these projects (a filter the entries do not carry)."""
        return self.filter(project_id__in=projects.values("pk"))


def ordering(sort: str, *, searched: bool = False) -> tuple[str, ...]:
    """The fields a catalogue sort orders by (``-rank`` needs a ``search``)."""
    if sort == SORT_RELEVANCE or not sort:
        if searched:
            return ("possibly_outdated", "-rank", "-published_at", "-pk")
        sort = SORT_NEWEST
    return SORT_ORDERINGS.get(sort, SORT_ORDERINGS[SORT_NEWEST])


class AdoptionQuerySet(models.QuerySet):
    def active(self) -> "AdoptionQuerySet":
        return self.exclude(status="abgebrochen")

    def visible_to(self, user) -> "AdoptionQuerySet":
        """Adoptions of the projects the user may see (a join, not an IN list)."""
        return self.filter(visible_condition(user, "project__"))
