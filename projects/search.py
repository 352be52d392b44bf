"""Search that speaks municipal German: what the catalogue and the similarity
lookup send to PostgreSQL, and the "Meinten Sie …?" suggestion (docs/search.md).

A searched text becomes words (``search_words``); PostgreSQL widens each word
with its word forms, its synonym groups and the parts of its compound
(``projects_word_query``, migration 0007), so the thesaurus the coordinators
keep applies to the next search without a deploy. The widened query is a
scalar subquery: PostgreSQL builds it once per statement, not once per row
(once per use in the statement: see ``WordsQuery.named``).
"""

import re
from collections.abc import Iterable, Sequence

from django.contrib.postgres.search import SearchQuery, SearchQueryField
from django.db import connection

from projects.stopwords import is_stop_word

# Words: letters and digits, hyphenated ones kept together ("Kita-Portal",
# "E-Akte"): PostgreSQL reads them as one key and as their parts. Nothing
# else reaches a query, and PostgreSQL quotes what does.
_WORD = re.compile(r"[^\W_]+(?:-[^\W_]+)*")
MAX_SEARCH_WORDS = 8
# Below this many results a search offers a spelling suggestion.
SUGGEST_BELOW = 3
# How close a title word must be to a typed one to be suggested (pg_trgm similarity).
SUGGESTION_SIMILARITY = 0.4
SUGGESTION_MIN_LENGTH = 4

WEIGHTS_TITLE_AND_SUMMARY = "AB"


def search_words(text: str) -> list[str]:
    """The words of a search, longest-first irrelevant: in the order typed.

    Single letters only when nothing longer was typed; at most MAX_SEARCH_WORDS.
    """
    words = _WORD.findall(text or "")
    long_words = [word for word in words if len(word) > 1]
    return (long_words or words)[:MAX_SEARCH_WORDS]


def significant(words: Iterable[str]) -> list[str]:
    """The words without stop words ("für", "die"), each once."""
    kept: dict[str, str] = {}
    for word in words:
        if not is_stop_word(word):
            kept.setdefault(word.lower(), word)
    return list(kept.values())


def search_terms(text: str) -> list[str]:
    """The words every result of a catalogue search matches: those that
    mean something, or what was typed if it is stop words only ("die")."""
    words = search_words(text)
    return significant(words) or words


class WordsQuery(SearchQuery):
    """``(SELECT projects_<how>_query(words, weights))`` as a Django search query.

    ``how`` is ``all_words`` (the catalogue: every word), ``word_pairs`` (at
    least two of them, or the only one) or ``any_word`` (one of them or of the
    parts of their compounds). ``weights`` restricts matches to title (A) and
    summary (B), or to nothing ("": everywhere).

    Each use of the query in a statement is a subquery of its own, which
    PostgreSQL builds on its own: a match and a rank build it twice. A query
    ``named("words")`` reads ``(SELECT query FROM words)`` instead, for a
    statement that defines it once in its ``WITH`` (``definition()``).
    """

    HOW = ("all_words", "word_pairs", "any_word")

    def __init__(
        self, how: str, words: Sequence[str], weights: str = "", *, name: str = ""
    ) -> None:
        if how not in self.HOW:
            raise ValueError(f"how must be one of {self.HOW}")
        if not words:
            raise ValueError("a WordsQuery needs words")
        if name and not name.isidentifier():
            raise ValueError("a WordsQuery's name is an SQL identifier")
        super(SearchQuery, self).__init__(output_field=SearchQueryField())
        self.how, self.words, self.weights, self.name = how, list(words), weights, name
        self.invert, self.config = False, None

    def named(self, name: str) -> "WordsQuery":
        """This query, read from the ``WITH`` query ``name`` of the statement."""
        return WordsQuery(self.how, self.words, self.weights, name=name)

    def definition(self) -> tuple[str, list]:
        """``<name> AS MATERIALIZED (SELECT <the query> AS query)``, with its
        parameters: the ``WITH`` query a named query reads."""
        sql, params = self._built()
        return f"{self.name} AS MATERIALIZED (SELECT {sql} AS query)", params

    def as_sql(self, compiler, connection, function=None, template=None):
        if self.name:
            # The name is an identifier (checked in __init__), never user input.
            sql, params = f"(SELECT query FROM {self.name})", []  # noqa: S608
        else:
            built, params = self._built()
            sql = f"(SELECT {built})"
        if self.invert:
            sql = f"!!{sql}"
        return sql, params

    def _built(self) -> tuple[str, list]:
        return f"projects_{self.how}_query(%s::text[], %s::text)", [self.words, self.weights]

    def get_source_expressions(self):
        return []

    def __str__(self) -> str:
        return f"{self.how}({', '.join(self.words)})"


_CANDIDATES_SQL = """
    SELECT typed.n, candidate.word, similarity(candidate.key, typed.key) AS score
    FROM unnest(%s::text[]) WITH ORDINALITY AS typed(key, n)
    CROSS JOIN LATERAL (
        SELECT key, word FROM projects_searchword WHERE key %% typed.key
        UNION ALL
        SELECT DISTINCT lower(term), term
        FROM projects_synonymgroup CROSS JOIN LATERAL unnest(terms) AS term
        WHERE lower(term) %% typed.key
    ) AS candidate
    WHERE similarity(candidate.key, typed.key) >= %s
    ORDER BY typed.n, score DESC, candidate.word
"""


def spelling_suggestion(text: str) -> str:
    """The search with each word that is not known replaced by the closest
    known one (a word of a title or a thesaurus term), or "" if nothing changes.

    One query: the trigram index of the title words finds the candidates.
    """
    words = search_words(text)
    typed = [w.lower() for w in words]
    checked = [w for w in typed if len(w) >= SUGGESTION_MIN_LENGTH and not is_stop_word(w)]
    if not checked:
        return ""
    with connection.cursor() as cursor:
        cursor.execute(_CANDIDATES_SQL, [checked, SUGGESTION_SIMILARITY])
        rows = cursor.fetchall()
    best: dict[str, str] = {}
    for n, word, _score in rows:
        best.setdefault(checked[n - 1], word)
    corrected, changed = [], False
    for original, lower in zip(words, typed, strict=True):
        replacement = best.get(lower)
        if replacement is not None and replacement.lower() != lower:
            corrected.append(replacement)
            changed = True
        else:
            corrected.append(original)
    return " ".join(corrected) if changed else ""
