"""Reads of projects as queryset methods, shared by pages, API and admin.

``Project.objects.published().search(q).for_list()`` and friends. Full-text
search and trigram similarity run on PostgreSQL; on SQLite (the embedded
default for ``make run``) they fall back to simple substring matches.
"""

import re
from decimal import Decimal

from django.contrib.postgres.search import SearchQuery, SearchRank, TrigramSimilarity
from django.db import connection, models
from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, Subquery, Value
from django.db.models.functions import Coalesce

# Letters and digits only: what reaches to_tsquery can never be tsquery syntax.
_WORD = re.compile(r"[^\W_]+")
MAX_SEARCH_WORDS = 8
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


def uses_postgres() -> bool:
    return connection.vendor == "postgresql"


def search_words(text: str) -> list[str]:
    words = _WORD.findall(text or "")
    long_words = [word for word in words if len(word) > 1]
    return (long_words or words)[:MAX_SEARCH_WORDS]


class ProjectQuerySet(models.QuerySet):
    # --- who sees what ---------------------------------------------------
    def published(self) -> "ProjectQuerySet":
        return self.filter(state="published")

    def visible_to(self, user) -> "ProjectQuerySet":
        """Published projects for everyone; all of them for coordinators; every
        state of its own projects for the staff of the lead city."""
        if user is not None and user.is_authenticated and user.is_coordinator:
            return self
        visible = Q(state="published")
        if user is not None and user.is_authenticated and user.is_municipal_staff:
            visible |= Q(lead_municipality_id=user.municipality_id)
        return self.filter(visible)

    # --- shape of list results -------------------------------------------
    def with_adoption_count(self) -> "ProjectQuerySet":
        """``adoption_count``: municipalities reusing the project (cancelled ones excluded).

        On PostgreSQL the trigger-kept ``reuse_count`` column, so sorting by it is
        an index scan at any catalogue size; elsewhere a correlated subquery.
        """
        if uses_postgres():
            return self.annotate(adoption_count=F("reuse_count"))
        from projects.models import Adoption

        counts = (
            Adoption.objects.filter(project=OuterRef("pk"))
            .exclude(status=Adoption.Status.CANCELLED)
            .order_by()
            .values("project")
            .annotate(count=Count("pk"))
            .values("count")
        )
        return self.annotate(adoption_count=Coalesce(Subquery(counts), Value(0)))

    def for_list(self) -> "ProjectQuerySet":
        """Everything a result card or list item shows, in a constant number of queries."""
        from projects.models import Topic

        return (
            self.select_related("lead_municipality")
            .prefetch_related(Prefetch("topics", queryset=Topic.objects.only("pk", "name", "slug")))
            .defer("search_vector", "description")
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
        if uses_postgres():
            return self.filter(reuse_count__gt=0) if adopted else self.filter(reuse_count=0)
        from projects.models import Adoption

        active = Adoption.objects.filter(project=OuterRef("pk")).exclude(
            status=Adoption.Status.CANCELLED
        )
        return self.filter(Exists(active)) if adopted else self.exclude(Exists(active))

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
        "Smarte Lichtmasten", "Licht" too); annotates ``rank`` on PostgreSQL."""
        words = search_words(text)
        if not words:
            return self
        if not uses_postgres():
            projects = self
            for word in words:
                projects = projects.filter(
                    Q(title__icontains=word)
                    | Q(summary__icontains=word)
                    | Q(description__icontains=word)
                    | Q(technologies__icontains=word)
                )
            return projects.annotate(rank=Value(0.0))
        query = SearchQuery(
            " & ".join(f"{word}:*" for word in words), search_type="raw", config=SEARCH_CONFIG
        )
        return self.filter(search_vector=query).annotate(rank=SearchRank(F("search_vector"), query))

    def similar_to(self, title: str, summary: str = "") -> "ProjectQuerySet":
        """Projects whose title resembles ``title``: trigram similarity (the ``%``
        operator, served by the trigram GIN index) or a shared word form in title
        or summary (the full-text GIN index); ordered by similarity plus rank."""
        title_words = search_words(title)
        if len(title.strip()) < 3 or not title_words:
            return self.none()
        if not uses_postgres():
            match = Q()
            for word in [w for w in title_words if len(w) >= 4] or title_words:
                match |= Q(title__icontains=word)
            return self.filter(match).annotate(score=Value(0.0)).order_by("title")
        in_title_or_summary = SearchQuery(
            " | ".join(f"{word}:AB" for word in title_words),
            search_type="raw",
            config=SEARCH_CONFIG,
        )
        all_words = search_words(f"{title} {summary}") if summary else title_words
        for_rank = SearchQuery(" | ".join(all_words), search_type="raw", config=SEARCH_CONFIG)
        return (
            self.filter(Q(title__trigram_similar=title) | Q(search_vector=in_title_or_summary))
            .annotate(
                score=TrigramSimilarity("title", title) + SearchRank(F("search_vector"), for_rank)
            )
            .order_by("-score", "-published_at", "pk")
        )

    # --- order -------------------------------------------------------------
    def sorted_by(self, sort: str, *, searched: bool = False) -> "ProjectQuerySet":
        """Order by one of the catalogue's sorts; relevance needs a prior ``search``."""
        if sort == SORT_RELEVANCE or not sort:
            if searched and uses_postgres():
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
