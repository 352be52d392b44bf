"""The similar-projects lookup: projects whose title resembles one being typed
(the hint on the submit form, "Ähnliche Projekte", the API's ``…/similar/``);
``ProjectQuerySet.similar_to`` is the way in. docs/search.md › Similar
projects has what was measured.

One statement. Candidates come from the full-text GIN index in tiers, each
reading at most a fixed number of rows, whatever the size of the catalogue:

1. projects with every typed word in title or summary (a word with its word
   forms, synonyms and compound parts), at most EVERY_WORD_MATCHES;
2. while those are fewer than ``limit``: projects with two of the words, at
   most PAIR_MATCHES for a pair, the MAX_PAIRS rarest pairs first, each
   read only while the close tier (1 and 2) is not full;
3. when the close tier is not full, the looser tier: projects with one of
   the words (or one part of its compound in a title), at most WORD_MATCHES
   for each of the MAX_LOOSE_WORDS rarest words.

The close tier comes first. Within each tier, the best SCORED_CANDIDATES by
full-text rank are ordered by the trigram resemblance of the titles plus
RANK_WEIGHT times that rank (trigram functions cost about 20 µs a title, so
they see those only).

What keeps the index cheap (the SQL is in migration 0023): exact lexemes
(GIN cannot skip through the bitmap a prefix query reads); and GIN decodes
the whole list of every lexeme of a query, so it is not asked for a word
with a lexeme in more than COMMON_SHARE of the projects, as ANALYZE
estimates it ("Verwaltung"), unless all words are: the rows the rarer words
find (at most READ_FACTOR times what a tier keeps) are checked against it.
A common part of a compound ("Bürger" of "Bürgerportal") does not count.

A typed word that no title, word part or synonym group knows (a typo,
"Bürgerportl") also stands for the title word closest to it by trigram
similarity (``projects_searchword``, one row per distinct title word, with
its trigram index), so it finds its projects in every tier, at any scale.
"""

from django.contrib.postgres.search import SearchRank
from django.db.models import BooleanField, F, QuerySet
from django.db.models.expressions import RawSQL

from projects.search import WordsQuery, search_words, significant

# How close (pg_trgm similarity) a title word must be to an unknown typed word
# to stand for it ("Bürgerportl" -> Bürgerportal 0.67, "Kitaportl" ->
# Kitaportal 0.62).
TYPO_SIMILARITY = 0.5
# How many matching rows each tier reads at most (see the module).
EVERY_WORD_MATCHES = 300
PAIR_MATCHES = 100
WORD_MATCHES = 100
# How many of the rows the index finds a close tier reads at most, for each
# one it keeps (they are checked against the common words, see the module).
READ_FACTOR = 3
# How many pairs of words and single words (the rarest) tiers 2 and 3 read.
MAX_PAIRS = 6
MAX_LOOSE_WORDS = 4
# A lexeme in more than this share of the projects is common (see the module).
COMMON_SHARE = 0.1
# How many candidates of a tier, the best by full-text rank, are scored.
SCORED_CANDIDATES = 100
# How much the full-text rank (shared words, synonyms, compound parts) counts
# against the titles' trigram resemblance when similar projects are ordered.
RANK_WEIGHT = 6
# The titles' resemblance to a typed title (%s: the typed title, three times):
# whole-title trigram similarity or word similarity in either direction.
_RESEMBLANCE_SQL = (
    "GREATEST(similarity(candidate.resembled, %s), word_similarity(candidate.resembled, %s), "
    "word_similarity(%s, candidate.resembled))"
)
_VECTOR = '"projects_project"."title_summary_vector"'
_ID = '"projects_project"."id"'
_CONDITION = "__similar_condition__"  # where the ids' SQL takes its condition

SQL = tuple[str, list]


def similar_to(projects: QuerySet, title: str, summary: str, *, limit: int):
    """Up to ``limit`` of ``projects`` whose title resembles ``title``, closest
    first: a raw queryset of one statement, or an empty queryset when the
    title has no words yet.

    ``projects`` must be filtered, shaped (``only``, annotations) and without
    what is to be excluded; its shape must keep ``published_at``, which orders
    the result. The rank counts the words of title and summary.
    """
    words = significant(search_words(title))
    if len(title.strip()) < 3 or not words:
        return projects.none()  # nothing yet, or only stop words ("für die")
    rank_words = significant(search_words(f"{title} {summary}")) if summary else words
    rank = SearchRank(F("title_summary_vector"), WordsQuery("any_word", rank_words))
    ids = _ids(projects)
    n = len(words)
    statement = _Statement(limit)
    statement.cte("common", "SELECT projects_common_lexemes() AS lexemes")
    statement.cte(
        "similar_words",
        "SELECT * FROM projects_similar_close_queries("
        "%s::text[], %s, %s, %s, (SELECT lexemes FROM common))",
        [words, TYPO_SIMILARITY, MAX_PAIRS, COMMON_SHARE],
    )
    statement.cte(
        "loose_words",
        "SELECT projects_similar_loose_queries("
        "%s::text[], %s, %s, %s, (SELECT lexemes FROM common)) AS loose",
        [words, TYPO_SIMILARITY, MAX_LOOSE_WORDS, COMMON_SHARE],
    )
    close_arms = [_checked(ids, "every", "every_index", EVERY_WORD_MATCHES)] + [
        _checked(ids, f"pairs[{k}]", f"pairs_index[{k}]", PAIR_MATCHES)
        for k in range(1, min(MAX_PAIRS, n * (n - 1) // 2) + 1)
    ]
    statement.tier("close", close_arms, after=[], each=True)
    close_sql, close_params = _scored(projects, "close_ids", rank, tier=0, title=title)
    statement.cte("close", f"{close_sql} LIMIT %s", [*close_params, limit])
    loose_arms = [_loose(ids, k) for k in range(1, min(MAX_LOOSE_WORDS, n) + 1)]
    statement.tier("loose", loose_arms, after=["close_ids"], each=False)
    loose_sql, loose_params = _scored(projects, "loose_ids", rank, tier=1, title=title)
    sql = (
        f"{statement.with_sql()} SELECT * FROM (SELECT * FROM close UNION ALL "  # noqa: S608
        f"SELECT * FROM ({loose_sql}) AS loose WHERE (SELECT count(*) FROM close) < %s"
        ") AS found ORDER BY tier, score DESC, published_at DESC, id LIMIT %s"
    )
    return projects.raw(sql, [*statement.params, *loose_params, limit, limit])


class _Statement:
    """The statement's materialised CTEs, and their parameters in order."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.ctes: list[str] = []
        self.params: list = []

    def cte(self, name: str, sql: str, params=()) -> None:
        self.ctes.append(f"{name} AS MATERIALIZED ({sql})")
        self.params += params

    def tier(self, name: str, arms: list[SQL], *, after: list[str], each: bool) -> None:
        """The ids of a tier's candidates as ``<name>_ids``, each arm its own
        CTE, read only while the CTEs ``after`` (and, with ``each``, the arms
        before it) have fewer than ``limit`` distinct ids."""
        before = list(after)
        for k, (arm, params) in enumerate(arms, start=1):
            if before:  # names of CTEs, the SQL Django compiled, a parameter
                found = " UNION ".join(f"SELECT id FROM {cte}" for cte in before)  # noqa: S608
                gate = f"(SELECT count(*) FROM ({found}) AS found) < %s"  # noqa: S608
                arm = f"SELECT id FROM {arm} AS arm WHERE {gate}"  # noqa: S608
                params = [*params, self.limit]
            self.cte(f"{name}_{k}", arm, params)
            if each:
                before.append(f"{name}_{k}")
        ids = [f"SELECT id FROM {name}_{k}" for k in range(1, len(arms) + 1)]  # noqa: S608
        self.cte(f"{name}_ids", " UNION ".join(ids) or "SELECT NULL::bigint AS id WHERE false")

    def with_sql(self) -> str:
        return "WITH " + ",\n".join(self.ctes)


def _ids(projects: QuerySet) -> SQL:
    """The SQL of the ids and vectors of ``projects`` that meet _CONDITION."""
    condition = RawSQL(_CONDITION, (), output_field=BooleanField())  # noqa: S611 - constant
    projects = projects.filter(condition).order_by().values("id", "title_summary_vector")
    sql, params = projects.query.sql_with_params()
    return sql, list(params)


def _checked(ids: SQL, query: str, index_query: str, rows: int) -> SQL:
    """The first ``rows`` ids that match ``query`` among the first READ_FACTOR
    × ``rows`` that match ``index_query`` (both built by the ``similar_words``
    CTE): a query for the index without a common word reads at most those."""
    condition = f"{_VECTOR} @@ (SELECT {index_query} FROM similar_words)"  # noqa: S608
    sql, params = ids
    read = f"{sql.replace(_CONDITION, condition)} LIMIT %s"
    return (
        f"(SELECT id FROM ({read}) AS indexed WHERE ts_match_vq(indexed.title_summary_vector, "  # noqa: S608
        f"(SELECT {query} FROM similar_words)) LIMIT %s)",
        [*params, READ_FACTOR * rows, rows],
    )


def _loose(ids: SQL, k: int) -> SQL:
    """The first WORD_MATCHES ids that match the looser tier's ``k``-th word
    and are not in the close tier."""
    condition = (
        f"{_VECTOR} @@ (SELECT loose[{k}] FROM loose_words) "  # noqa: S608 - constants
        f"AND NOT ({_ID} = ANY(ARRAY(SELECT id FROM close_ids)))"
    )
    sql, params = ids
    word = f"(SELECT id FROM ({sql.replace(_CONDITION, condition)} LIMIT %s) AS word)"  # noqa: S608
    return word, [*params, WORD_MATCHES]


def _scored(projects: QuerySet, ids: str, rank: SearchRank, *, tier: int, title: str) -> SQL:
    """The projects whose ids the CTE ``ids`` holds, the best SCORED_CANDIDATES
    by full-text rank, with their ``tier`` and ``score``, closest first."""
    among = f"{_ID} = ANY(ARRAY(SELECT id FROM {ids}))"  # noqa: S608 - ids names a CTE
    among = RawSQL(among, (), output_field=BooleanField())  # noqa: S611 - constant SQL
    candidates = (
        projects.filter(among)
        .annotate(rank=rank, resembled=F("title"))  # whatever the caller's shape
        .order_by("-rank", "-published_at", "pk")[:SCORED_CANDIDATES]
    )
    sql, params = candidates.query.sql_with_params()
    return (
        f"SELECT candidate.*, {tier} AS tier, "  # noqa: S608 - tier is an int
        f"{_RESEMBLANCE_SQL} + %s * candidate.rank AS score "
        f"FROM ({sql}) AS candidate ORDER BY score DESC, published_at DESC, id",
        [title, title, title, RANK_WEIGHT, *params],
    )
