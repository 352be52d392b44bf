"""Reads of projects as queryset methods, shared by pages, API and admin.

``Project.objects.published().search(q).for_list()`` and friends: German
full-text search and trigram similarity, as PostgreSQL does them.
"""

import itertools
import re
from decimal import Decimal

from django.contrib.postgres.search import SearchQuery, SearchRank, TrigramSimilarity
from django.db import models
from django.db.models import Exists, F, OuterRef, Prefetch, Q, Value

from projects.stopwords import is_stop_word

# Letters and digits only: what reaches to_tsquery can never be tsquery syntax.
_WORD = re.compile(r"[^\W_]+")
MAX_SEARCH_WORDS = 8
# How many loose matches a similarity lookup scores at most (see ``similar_to``).
LOOSE_CANDIDATES = 200
SEARCH_CONFIG = "german"

SORT_RELEVANCE = "relevance"
SORT_NEWEST = "newest"
SORT_REUSED = "reused"
SORT_TITLE = "title"
SORT_ORDERINGS = {
    SORT_NEWEST: ("-published_at", "-pk"),
    SORT_REUSED: ("-adoption_count", "-published_at", "-pk"),
    SORT_TITLE: ("title", "pk"),
}


def search_words(text: str) -> list[str]:
    words = _WORD.findall(text or "")
    long_words = [word for word in words if len(word) > 1]
    return (long_words or words)[:MAX_SEARCH_WORDS]


def _title_words_query(words: list[str], operator: str) -> SearchQuery:
    """Words in a candidate's title or summary (weights A and B), joined by ``operator``."""
    return SearchQuery(
        operator.join(f"{word}:AB" for word in words), search_type="raw", config=SEARCH_CONFIG
    )


def _shared_word_pairs_query(words: list[str]) -> SearchQuery | None:
    """At least two of the words (the only one, if there is one) in title or summary.

    Stop words stay out: ``to_tsquery`` drops them, which would shrink their
    pairs to single words. None when every word is a stop word.
    """
    significant = list(dict.fromkeys(w.lower() for w in words if not is_stop_word(w)))
    if not significant:
        return None
    if len(significant) == 1:
        return _title_words_query(significant, " | ")
    pairs = [f"({a}:AB & {b}:AB)" for a, b in itertools.combinations(significant, 2)]
    return SearchQuery(" | ".join(pairs), search_type="raw", config=SEARCH_CONFIG)


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
            .prefetch_related(Prefetch("topics", queryset=Topic.objects.only("pk", "name", "slug")))
            .defer("search_vector", "description", "description_html")
            .with_adoption_count()
        )

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
        "Smarte Lichtmasten", "Licht" too); annotates ``rank``."""
        words = search_words(text)
        if not words:
            return self
        query = SearchQuery(
            " & ".join(f"{word}:*" for word in words), search_type="raw", config=SEARCH_CONFIG
        )
        return self.filter(search_vector=query).annotate(rank=SearchRank(F("search_vector"), query))

    def similar_to(self, title: str, summary: str = "", *, limit: int) -> "ProjectQuerySet":
        """Up to ``limit`` projects whose title resembles ``title``, closest first.

        Close candidates share at least two word forms with the title (or its one
        word) in their title or summary, found through the full-text GIN index.
        Only when there are fewer than ``limit`` of them do looser ones fill up:
        trigram similarity (the ``%`` operator, served by the trigram GIN index;
        it finds typos) or a single shared word form. Each tier is ordered by
        trigram similarity plus full-text rank of the title and summary words.

        One statement: the looser tier sits behind a one-time check the database
        makes first, so it is not read at all when the close tier is full. When
        it is read, it scores at most LOOSE_CANDIDATES of its matches (the most
        recently published): at national scale one common word ("Digitale")
        matches thousands of titles, and scoring them all takes half a second.

        The result is sliced, so filter, shape (``select_related``, ``only``) and
        exclude before calling this.
        """
        title_words = search_words(title)
        if len(title.strip()) < 3 or not title_words:
            return self.none()
        close_query = _shared_word_pairs_query(title_words)
        if close_query is None:
            return self.none()  # only stop words ("für die"): nothing to compare yet
        all_words = search_words(f"{title} {summary}") if summary else title_words
        for_rank = SearchQuery(" | ".join(all_words), search_type="raw", config=SEARCH_CONFIG)
        score = TrigramSimilarity("title", title) + SearchRank(F("search_vector"), for_rank)
        close = self.filter(search_vector=close_query).order_by()
        close_is_full = Exists(close[limit - 1 : limit])
        loose = (
            self.filter(
                Q(title__trigram_similar=title)
                | Q(search_vector=_title_words_query(title_words, " | "))
            )
            .exclude(search_vector=close_query)
            .filter(~close_is_full)
            .annotate(tier=Value(1), score=score)
            .order_by("-published_at", "-pk")[:LOOSE_CANDIDATES]
        )
        return (
            close.annotate(tier=Value(0), score=score)
            .order_by("-score", "-published_at", "pk")[:limit]
            .union(loose, all=True)
            .order_by("tier", "-score", "-published_at", "pk")[:limit]
        )

    # --- order -------------------------------------------------------------
    def sorted_by(self, sort: str, *, searched: bool = False) -> "ProjectQuerySet":
        """Order by one of the catalogue's sorts; relevance needs a prior ``search``."""
        if sort == SORT_RELEVANCE or not sort:
            if searched:
                return self.order_by("-rank", "-published_at", "-pk")
            sort = SORT_NEWEST
        return self.order_by(*SORT_ORDERINGS.get(sort, SORT_ORDERINGS[SORT_NEWEST]))


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
