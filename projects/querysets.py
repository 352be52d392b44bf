"""Reads of projects as queryset methods, shared by pages, API and admin.

``Project.objects.published().search(q).for_list()`` and friends: German
full-text search (with the thesaurus and compound parts, see projects.search)
and trigram similarity, as PostgreSQL does them.
"""

from decimal import Decimal

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
)
from django.db.models.expressions import RawSQL
from django.db.models.query import RawQuerySet

from projects.search import (
    WEIGHTS_TITLE_AND_SUMMARY,
    WordsQuery,
    search_words,
    significant,
)

__all__ = ["AdoptionQuerySet", "ProjectQuerySet", "search_words"]

# How many loose matches a similarity lookup scores at most (see ``similar_to``).
LOOSE_CANDIDATES = 200
# How many close candidates (the best by full-text rank) are scored.
CLOSE_CANDIDATES = 100
# How much the full-text rank (shared words, synonyms, compound parts) counts
# against the titles' trigram resemblance when similar projects are ordered.
RANK_WEIGHT = 6
# The titles' resemblance to a typed title (%s: the typed title, three times):
# whole-title trigram similarity or word similarity in either direction.
_RESEMBLANCE_SQL = (
    "GREATEST(similarity(candidate.resembled, %s), word_similarity(candidate.resembled, %s), "
    "word_similarity(%s, candidate.resembled))"
)

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


def visible_condition(user, prefix: str = "") -> Q:
    """The condition of ``ProjectQuerySet.visible_to`` for a relation's path to
    the project (``prefix="project__"``), for reads of other apps that name
    linked projects: one rule for who sees which project."""
    if user is not None and user.is_authenticated and user.is_coordinator:
        return Q()
    visible = Q(**{f"{prefix}state": "published"})
    if user is not None and user.is_authenticated and user.is_municipal_staff:
        visible |= Q(**{f"{prefix}lead_municipality_id": user.municipality_id})
    return visible


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


def reuse_ready_condition() -> Q:
    """Nachnutzungsbereit (issue 13): an SPDX licence (the field takes valid
    expressions only, projects.licences), a contact person who can be reached,
    investment and running costs, and a handover document (Leistungsbeschreibung,
    Vertrag or Betriebshandbuch). ``projects.readiness`` says the same per item."""
    from projects.models import ProjectDocument

    handover = ProjectDocument.objects.filter(
        project=OuterRef("pk"), kind__in=ProjectDocument.HANDOVER_KINDS
    )
    return (
        ~Q(licence="")
        & ~Q(contact_name="")
        & (~Q(contact_email="") | ~Q(contact_phone=""))
        & Q(investment_cost__isnull=False, running_cost_per_year__isnull=False)
        & Q(Exists(handover))
    )


class ProjectQuerySet(models.QuerySet):
    # --- who sees what ---------------------------------------------------
    def published(self) -> "ProjectQuerySet":
        return self.filter(state="published")

    def visible_to(self, user) -> "ProjectQuerySet":
        """Published projects for everyone; all of them for coordinators; every
        state of its own projects for the staff of the lead city."""
        return self.filter(visible_condition(user))

    # --- shape of list results -------------------------------------------
    def with_adoption_count(self) -> "ProjectQuerySet":
        """``adoption_count``: municipalities reusing the project (cancelled ones
        excluded), the trigger-kept ``reuse_count`` column, so sorting by it is an
        index scan at any catalogue size."""
        return self.annotate(adoption_count=F("reuse_count"))

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
            is_reuse_ready=ExpressionWrapper(reuse_ready_condition(), output_field=BooleanField())
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

    def adopted(self, adopted: bool = True) -> "ProjectQuerySet":
        """Projects that at least one municipality reuses (or, with False, none)."""
        return self.filter(reuse_count__gt=0) if adopted else self.filter(reuse_count=0)

    def cost_between(
        self, minimum: Decimal | None = None, maximum: Decimal | None = None
    ) -> "ProjectQuerySet":
        projects = self
        if minimum is not None:
            projects = projects.filter(investment_cost__gte=minimum)
        if maximum is not None:
            projects = projects.filter(investment_cost__lte=maximum)
        return projects

    # --- search ------------------------------------------------------------
    def search(self, text: str) -> "ProjectQuerySet":
        """German full-text search with word forms and prefixes ("Lichtmast" finds
        "Smarte Lichtmasten", "Licht" too), synonyms ("Laterne" finds it as well)
        and compounds ("Kita-Portal" finds "Kitaportal"); annotates ``rank``.
        Every word (but stop words) must match."""
        words = significant(search_words(text)) or search_words(text)
        if not words:
            return self
        query = WordsQuery("all_words", words)
        return self.filter(search_vector=query).annotate(rank=SearchRank(F("search_vector"), query))

    def similar_to(
        self, title: str, summary: str = "", *, limit: int
    ) -> "RawQuerySet | ProjectQuerySet":
        """Up to ``limit`` projects whose title resembles ``title``, closest first.

        Close candidates share at least two words with the title (or its one
        word) in their title or summary — a word counts with its word forms,
        its synonyms and its compound's parts ("Kita-Portal" and "Kitaportal"
        share kita and portal) — found through the full-text GIN index. Only
        when there are fewer than ``limit`` of them do looser ones fill up:
        trigram similarity of the titles (the ``%`` operator, served by the
        trigram GIN index; it finds typos) or one shared word or compound part.
        Each tier is ordered by trigram similarity of the titles — whole or
        word by word, so "Kitaportal" and "Kita-Portal für die Platzvergabe"
        score 0.64, not 0.26 — plus full-text rank of the title and summary
        words.

        The close tier scores its CLOSE_CANDIDATES best by full-text rank (the
        rank is cheap, the trigram functions are not). One statement: the close
        tier is read once (a materialised CTE) and the
        looser tier sits behind a one-time check of its size, so it is not read
        at all when the close tier is full. When
        it is read, it scores at most LOOSE_CANDIDATES of its matches (the most
        recently published): at national scale one common word ("Digitale")
        matches thousands of titles, and scoring them all takes half a second.

        The result is raw SQL built from this queryset, so filter, shape
        (``only``, annotations) and exclude before calling this; the shape must
        keep ``published_at``, which orders the result.
        """
        title_words = significant(search_words(title))
        if len(title.strip()) < 3 or not title_words:
            return self.none()  # nothing yet, or only stop words ("für die")
        # Title and summary have a vector of their own: no weights to recheck.
        close_query = WordsQuery("word_pairs", title_words)
        # Parts of compounds count in titles only (weight A): rechecked, but
        # this tier is read only when the close one is not full.
        loose_query = WordsQuery("any_word", title_words, WEIGHTS_TITLE_AND_SUMMARY)
        all_words = significant(search_words(f"{title} {summary}")) if summary else title_words
        for_rank = WordsQuery("any_word", all_words)
        rank = SearchRank(F("title_summary_vector"), for_rank)
        # The close tier's best CLOSE_CANDIDATES by full-text rank, then
        # scored: trigram resemblance costs ~20 µs a title, and a pair of
        # common words ("Digitale Bürgerbeteiligung") matches thousands.
        candidates = (
            self.filter(title_summary_vector=close_query)
            .annotate(rank=rank, resembled=F("title"))  # whatever the caller's shape
            .order_by("-rank", "-published_at", "pk")[:CLOSE_CANDIDATES]
        )
        loose_candidates = (
            self.filter(Q(title__trigram_similar=title) | Q(title_summary_vector=loose_query))
            .exclude(title_summary_vector=close_query)
            .annotate(rank=rank, resembled=F("title"))
            .order_by("-published_at", "-pk")[:LOOSE_CANDIDATES]
        )
        close_sql, close_params = _scored(candidates, tier=0, title=title)
        loose_sql, loose_params = _scored(loose_candidates, tier=1, title=title)
        # The close tier is read once (a materialised CTE): the looser one is
        # scanned only when the close one is not full. Django compiled the
        # candidates; every value is a parameter.
        sql = (
            f"WITH close AS MATERIALIZED ({close_sql} LIMIT %s) "  # noqa: S608
            "SELECT * FROM ("
            "SELECT * FROM close UNION ALL "
            f"SELECT * FROM ({loose_sql}) AS loose WHERE (SELECT count(*) FROM close) < %s"
            ") AS found ORDER BY tier, score DESC, published_at DESC, id LIMIT %s"
        )
        return self.raw(sql, (*close_params, limit, *loose_params, limit, limit))

    # --- order -------------------------------------------------------------
    def sorted_by(self, sort: str, *, searched: bool = False) -> "ProjectQuerySet":
        """Order by one of the catalogue's sorts; relevance needs a prior ``search``."""
        return self.order_by(*ordering(sort, searched=searched))


def _scored(candidates: "ProjectQuerySet", *, tier: int, title: str) -> tuple[str, tuple]:
    """SQL of ``candidates`` (annotated with ``rank`` and ``resembled``, the
    title) with their ``tier`` and ``score``, closest first: the trigram
    functions run on the candidates only, after their LIMIT."""
    sql, params = candidates.query.sql_with_params()
    return (
        f"SELECT candidate.*, {tier} AS tier, "  # noqa: S608 - tier is an int
        f"{_RESEMBLANCE_SQL} + %s * candidate.rank AS score "
        f"FROM ({sql}) AS candidate ORDER BY score DESC, published_at DESC, id",
        (title, title, title, RANK_WEIGHT, *params),
    )


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
        if user is not None and user.is_authenticated and user.is_coordinator:
            return self
        visible = Q(project__state="published")
        if user is not None and user.is_authenticated and user.is_municipal_staff:
            visible |= Q(project__lead_municipality_id=user.municipality_id)
        return self.filter(visible)
