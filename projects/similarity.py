"""The similar-projects lookup: projects whose title resembles one being typed
(the hint on the submit form, "Ähnliche Projekte", the API's ``…/similar/``);
``ProjectQuerySet.similar_to`` is the way in. docs/search.md › Similar
projects has what was measured.

One statement. Candidates come from the full-text GIN index in tiers, each
read only when the ones before left places free, each reading at most a
fixed number of rows, whatever the size of the catalogue:

1. projects with every typed word in title or summary (a word with its word
   forms, synonyms and compound parts), at most EVERY_WORD_MATCHES;
2. projects with two of the words, at most PAIR_MATCHES for each of the
   MAX_PAIRS rarest pairs, so a pair of rare words is not crowded out by a
   pair of common ones;
3. the looser tier: projects with one of the words (or one part of its
   compound in a title), at most WORD_MATCHES for each of the
   MAX_LOOSE_WORDS rarest words.

Tiers 1 and 2 are the close tier, 3 comes after it. Within each, the best
SCORED_CANDIDATES by full-text rank are ordered by the trigram resemblance of
the titles plus RANK_WEIGHT times that rank (trigram functions cost about
20 µs a title, so they see those only).

What keeps the index cheap (the SQL is in migration 0021): exact lexemes
(GIN cannot skip through the bitmap a prefix query reads), and the index is
not asked for what is common (GIN decodes the whole list of every lexeme of a
query): a word with a lexeme in more than COMMON_SHARE of the projects, as
ANALYZE estimates it ("Verwaltung", "digital"), is checked on the rows the
other words found; a common part of a compound ("Bürger" of "Bürgerportal")
likewise, and it does not count alone in the looser tier.

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
# The statement: $every, $pairs and $one_word select the ids of the tiers'
# candidates, $close and $loose score them. Every value is a parameter.
_SQL = """
WITH common AS MATERIALIZED (SELECT projects_common_lexemes() AS lexemes),
similar_words AS MATERIALIZED (
    SELECT * FROM projects_similar_close_queries(
        %s::text[], %s, %s, %s, (SELECT lexemes FROM common))),
loose_words AS MATERIALIZED (
    SELECT projects_similar_loose_queries(
        %s::text[], %s, %s, %s, (SELECT lexemes FROM common)) AS loose),
every_word AS MATERIALIZED $every,
word_pairs AS MATERIALIZED (
    SELECT id FROM ($pairs) AS pair WHERE (SELECT count(*) FROM every_word) < %s),
close_ids AS MATERIALIZED (SELECT id FROM every_word UNION SELECT id FROM word_pairs),
close AS MATERIALIZED ($close LIMIT %s),
loose_ids AS MATERIALIZED (
    SELECT id FROM ($one_word) AS word WHERE (SELECT count(*) FROM close) < %s)
SELECT * FROM (
    SELECT * FROM close
    UNION ALL
    SELECT * FROM ($loose) AS loose WHERE (SELECT count(*) FROM close) < %s
) AS found ORDER BY tier, score DESC, published_at DESC, id LIMIT %s
"""

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
    every = _matching(ids, _close("every", "every_index"), EVERY_WORD_MATCHES)
    pairs = _union(
        _matching(ids, _close(f"pairs[{k}]", f"pairs_index[{k}]"), PAIR_MATCHES)
        for k in range(1, min(MAX_PAIRS, n * (n - 1) // 2) + 1)
    )
    one_word = _union(
        _matching(ids, _loose(k), WORD_MATCHES) for k in range(1, min(MAX_LOOSE_WORDS, n) + 1)
    )
    close = _scored(projects, "close_ids", rank, tier=0, title=title)
    loose = _scored(projects, "loose_ids", rank, tier=1, title=title)
    sql = _SQL
    for name, (part, _) in [
        ("every", every), ("pairs", pairs), ("close", close), ("one_word", one_word),
        ("loose", loose),
    ]:  # fmt: skip
        sql = sql.replace(f"${name}", part)
    params = [
        *(words, TYPO_SIMILARITY, MAX_PAIRS, COMMON_SHARE),
        *(words, TYPO_SIMILARITY, MAX_LOOSE_WORDS, COMMON_SHARE),
        *every[1], *pairs[1], limit, *close[1], limit, *one_word[1], limit,
        *loose[1], limit, limit,
    ]  # fmt: skip
    return projects.raw(sql, params)


def _ids(projects: QuerySet) -> SQL:
    """The SQL of the ids of ``projects`` that meet _CONDITION."""
    condition = RawSQL(_CONDITION, (), output_field=BooleanField())  # noqa: S611 - constant
    sql, params = projects.filter(condition).order_by().values("id").query.sql_with_params()
    return sql, list(params)


def _close(query: str, index_query: str) -> str:
    """A close tier's condition: the index is asked ``index_query``, the rows
    it finds are checked against ``query`` (ts_match_vq is the @@ that the
    planner does not hand to the index); both built by the ``similar_words``
    CTE."""
    return (
        f"{_VECTOR} @@ (SELECT {index_query} FROM similar_words) "  # noqa: S608 - constants
        f"AND ts_match_vq({_VECTOR}, (SELECT {query} FROM similar_words))"
    )


def _loose(k: int) -> str:
    """The looser tier's condition for its ``k``-th word, not in the close tier."""
    return (
        f"{_VECTOR} @@ (SELECT loose[{k}] FROM loose_words) "  # noqa: S608 - constants
        f"AND NOT ({_ID} = ANY(ARRAY(SELECT id FROM close_ids)))"
    )


def _matching(ids: SQL, condition: str, rows: int) -> SQL:
    """The first ``rows`` ids that meet ``condition``."""
    sql, params = ids
    return f"({sql.replace(_CONDITION, condition)} LIMIT %s)", [*params, rows]


def _union(arms) -> SQL:
    arms = list(arms)
    if not arms:
        return "SELECT id FROM every_word WHERE false", []
    return " UNION ALL ".join(sql for sql, _ in arms), [p for _, params in arms for p in params]


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
