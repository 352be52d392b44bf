"""The similar-projects lookup's word queries (projects.similarity, docs/search.md).

- ``projects_exact_query(tsquery)``: the query with exact lexemes. GIN reads
  every key that begins with a prefix (``'licht':*``) into one bitmap, which
  it cannot skip through: the lookup's pairs of common words cost five times
  as much with prefixes. Titles and summaries are stored with the parts of
  their compounds, so "Licht" still meets "Lichtmasten".
- ``projects_closest_title_word(word, threshold)``: for a word that no title,
  word part or synonym group knows (a typo, "Bürgerportl"), the title word
  closest to it by trigram similarity (``projects_searchword``, trigram index).
- ``projects_common_lexemes()`` and ``projects_query_share(tsquery, common)``:
  how common the lexemes of a query are, as ANALYZE estimated it (``pg_stats``
  of ``title_summary_vector``). GIN decodes the whole list of every lexeme of
  a query, also of one that an "and" makes unnecessary: a query with a common
  lexeme ("verwalt", in 29% of the generator's projects) costs that list.
- ``projects_similar_own_query``, ``projects_similar_parts_query``,
  ``projects_similar_word_query``: what a typed word stands for (as
  ``projects_word_query``: itself, its synonyms, the parts of its compound —
  not if a part is common), with the closest title word of a typo, exact
  lexemes, and how common the word is.
- ``projects_similar_close_queries(words, threshold, max_pairs, common_share,
  common)``: every word together, and the rarest pairs of words — each also as
  the query for the index, without the words that have a common lexeme (the
  lookup checks those on the rows the index found).
- ``projects_similar_loose_queries(words, threshold, max_words, common_share,
  common)``: each of the rarest words, or a part of its compound in a title
  (not a common part: "Bürger" of "Bürgerbus").
"""

from django.db import migrations

FUNCTIONS = r"""
CREATE FUNCTION projects_exact_query(query tsquery) RETURNS tsquery
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT regexp_replace(regexp_replace(query::text, ':\*([A-D]+)', ':\1', 'g'),
                          ':\*', '', 'g')::tsquery
$$;

CREATE FUNCTION projects_closest_title_word(word text, threshold real) RETURNS text
LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
DECLARE
    typed text := lower(word);
BEGIN
    IF length(typed) < 4
       OR EXISTS (SELECT 1 FROM projects_searchword s WHERE s.key = typed)
       OR EXISTS (SELECT 1 FROM projects_wordpart p WHERE p.word = typed)
       OR projects_synonyms_query(word, '') IS NOT NULL THEN
        RETURN NULL;
    END IF;
    RETURN (
        SELECT s.key FROM projects_searchword s
        WHERE s.key % typed AND similarity(s.key, typed) >= threshold
        ORDER BY similarity(s.key, typed) DESC, s.key
        LIMIT 1);
END
$$;

-- ANALYZE's shares of the most common lexemes of titles and summaries
-- (title_summary_vector), {lexeme: share}; empty before the first ANALYZE.
CREATE FUNCTION projects_common_lexemes() RETURNS jsonb
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT coalesce(jsonb_object_agg(u.lexeme, u.share) FILTER (WHERE u.lexeme IS NOT NULL),
                    '{}')
    FROM pg_stats s CROSS JOIN LATERAL unnest(
        s.most_common_elems::text::text[], s.most_common_elem_freqs) AS u(lexeme, share)
    WHERE s.schemaname = current_schema() AND s.tablename = 'projects_project'
      AND s.attname = 'title_summary_vector'
$$;

-- The share of projects with the query's most common lexeme (0 if none of
-- them is among the common ones).
CREATE FUNCTION projects_query_share(query tsquery, common jsonb) RETURNS real
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT coalesce(max((common ->> m[1])::real), 0)::real
    FROM regexp_matches(query::text, '''([^'']+)''', 'g') AS m
$$;

-- A term's own query: itself and its synonyms, also without a plural s (as
-- projects_word_query, migration 0009, without the parts of its compound);
-- exact lexemes. share: that of its most common alternative, a synonym of
-- several words ("Online-Rathaus") counting as common as its rarest word.
CREATE FUNCTION projects_similar_own_query(
    term text, weights text, common jsonb, OUT query tsquery, OUT share real)
LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
DECLARE
    w text := projects_word_key(term);
    forms text[] := ARRAY[term];
    lexeme tsquery;
    one text;
    terms text[] := '{}';
    whole tsquery;
BEGIN
    share := 0;
    IF length(w) > 4 AND right(w, 1) = 's' THEN
        forms := forms || left(w, -1);
    END IF;
    FOREACH one IN ARRAY forms LOOP
        terms := terms || one;
        lexeme := plainto_tsquery('pg_catalog.german', projects_word_key(one));
        CONTINUE WHEN numnode(lexeme) = 0;
        -- The groups of projects_synonyms_query.
        terms := terms || ARRAY(
            SELECT DISTINCT t.term
            FROM projects_synonymgroup g CROSS JOIN LATERAL unnest(g.terms) AS t(term)
            WHERE g.lexemes @@ lexeme);
    END LOOP;
    FOREACH one IN ARRAY terms LOOP
        whole := projects_exact_query(projects_term_query(one, weights));
        CONTINUE WHEN numnode(whole) = 0;
        query := CASE WHEN query IS NULL THEN whole ELSE query || whole END;
        share := greatest(share, (
            SELECT min(projects_query_share(projects_term_query(word, ''), common))
            FROM regexp_split_to_table(lower(one), '[^[:alnum:]]+') AS word
            WHERE word <> ''));
    END LOOP;
END
$$;

-- The parts of a term's compound together (as projects_word_query: each part
-- with its synonyms); NULL if it has none, or if a part has a lexeme in more
-- than common_share of the projects: "Bürger" of "Bürgerportal" says little,
-- and GIN would read its whole list.
CREATE FUNCTION projects_similar_parts_query(
    term text, weights text, common_share real, common jsonb) RETURNS tsquery
LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
DECLARE
    part text;
    one tsquery;
    result tsquery;
BEGIN
    FOREACH part IN ARRAY projects_query_split(projects_word_key(term)) LOOP
        one := projects_term_query(part, weights);
        one := projects_exact_query(coalesce(one || projects_synonyms_query(part, weights), one));
        IF projects_query_share(one, common) > common_share THEN
            RETURN NULL;
        END IF;
        result := CASE WHEN result IS NULL THEN one ELSE result && one END;
    END LOOP;
    RETURN result;
END
$$;

-- A typed word for the close tiers: what it stands for (as projects_word_query:
-- itself, its synonyms, the uncommon parts of its compound together), and the
-- same for the closest title word of a typo; exact lexemes. share: how common
-- the word is (its own terms).
CREATE FUNCTION projects_similar_word_query(
    word text, threshold real, common_share real, common jsonb,
    OUT query tsquery, OUT share real)
LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
DECLARE
    closest text := projects_closest_title_word(word, threshold);
    term text;
    own record;
    parts tsquery;
BEGIN
    share := 0;
    FOREACH term IN ARRAY ARRAY[word, closest] LOOP
        CONTINUE WHEN term IS NULL;
        own := projects_similar_own_query(term, '', common);
        parts := projects_similar_parts_query(term, '', common_share, common);
        IF parts IS NOT NULL THEN
            own.query := own.query || parts;
        END IF;
        query := CASE WHEN query IS NULL THEN own.query ELSE query || own.query END;
        share := greatest(share, own.share);
    END LOOP;
END
$$;

-- Every word together, and pairs of words, at most max_pairs: the rarest
-- first (by the product of the words' shares), then in the order typed. Each
-- also as the index is asked (every_index, pairs_index): without the words in
-- more than common_share of the projects, unless all are.
CREATE FUNCTION projects_similar_close_queries(
    words text[], threshold real, max_pairs int, common_share real, common jsonb,
    OUT every tsquery, OUT every_index tsquery, OUT pairs tsquery[], OUT pairs_index tsquery[])
LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
DECLARE
    queries tsquery[] := '{}';
    shares real[] := '{}';
    one record;
    word text;
BEGIN
    FOREACH word IN ARRAY words LOOP
        one := projects_similar_word_query(word, threshold, common_share, common);
        queries := queries || one.query;
        shares := shares || one.share;
        every := CASE WHEN every IS NULL THEN one.query ELSE every && one.query END;
        IF one.share <= common_share THEN
            every_index := CASE WHEN every_index IS NULL THEN one.query
                                ELSE every_index && one.query END;
        END IF;
    END LOOP;
    every_index := coalesce(every_index, every);
    SELECT coalesce(array_agg(pair.query ORDER BY pair.rank), '{}'),
           coalesce(array_agg(pair.index_query ORDER BY pair.rank), '{}')
    INTO pairs, pairs_index
    FROM (
        SELECT queries[i] && queries[j] AS query,
               CASE WHEN shares[i] > common_share AND shares[j] <= common_share THEN queries[j]
                    WHEN shares[j] > common_share AND shares[i] <= common_share THEN queries[i]
                    ELSE queries[i] && queries[j] END AS index_query,
               row_number() OVER (ORDER BY shares[i] * shares[j], shares[i] + shares[j], i, j)
                   AS rank
        FROM generate_subscripts(queries, 1) AS i, generate_subscripts(queries, 1) AS j
        WHERE i < j
        ORDER BY rank
        LIMIT max_pairs) AS pair;
END
$$;

-- A word for the looser tier: it (and the closest title word of a typo) in
-- title or summary, or a part of its compound in a title (as
-- projects_any_word_query); exact lexemes. Parts with a lexeme in more than
-- common_share of the projects ("Bürger" of "Bürgerbus") count neither alone
-- nor together with the other part. share as for the close tiers.
CREATE FUNCTION projects_similar_loose_query(
    word text, threshold real, common_share real, common jsonb,
    OUT query tsquery, OUT share real)
LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
DECLARE
    closest text := projects_closest_title_word(word, threshold);
    term text;
    part text;
    one tsquery;
    own record;
    parts tsquery;
BEGIN
    share := 0;
    FOREACH term IN ARRAY ARRAY[word, closest] LOOP
        CONTINUE WHEN term IS NULL;
        own := projects_similar_own_query(term, 'AB', common);
        parts := projects_similar_parts_query(term, 'AB', common_share, common);
        IF parts IS NOT NULL THEN
            own.query := own.query || parts;
        END IF;
        FOR part IN
            SELECT unnest(projects_word_parts(projects_word_key(term)))
            UNION
            SELECT piece FROM regexp_split_to_table(lower(term), '-') AS piece
            WHERE term LIKE '%-%' AND length(piece) >= 3
        LOOP
            one := projects_exact_query(projects_word_query(part, 'A'));
            IF projects_query_share(one, common) <= common_share THEN
                own.query := own.query || one;
            END IF;
        END LOOP;
        query := CASE WHEN query IS NULL THEN own.query ELSE query || own.query END;
        share := greatest(share, own.share);
    END LOOP;
END
$$;

-- The looser tier's words, at most max_words: the rarest first, then in the
-- order typed.
CREATE FUNCTION projects_similar_loose_queries(
    words text[], threshold real, max_words int, common_share real, common jsonb)
RETURNS tsquery[]
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT ARRAY(
        SELECT q.query
        FROM unnest(words) WITH ORDINALITY AS w(word, n)
        CROSS JOIN LATERAL projects_similar_loose_query(w.word, threshold, common_share, common) AS q
        ORDER BY q.share, w.n
        LIMIT max_words)
$$;
"""

DROP_FUNCTIONS = """
DROP FUNCTION IF EXISTS projects_similar_loose_queries(text[], real, int, real, jsonb);
DROP FUNCTION IF EXISTS projects_similar_loose_query(text, real, real, jsonb);
DROP FUNCTION IF EXISTS projects_similar_close_queries(text[], real, int, real, jsonb);
DROP FUNCTION IF EXISTS projects_similar_word_query(text, real, real, jsonb);
DROP FUNCTION IF EXISTS projects_similar_parts_query(text, text, real, jsonb);
DROP FUNCTION IF EXISTS projects_similar_own_query(text, text, jsonb);
DROP FUNCTION IF EXISTS projects_query_share(tsquery, jsonb);
DROP FUNCTION IF EXISTS projects_common_lexemes();
DROP FUNCTION IF EXISTS projects_closest_title_word(text, real);
DROP FUNCTION IF EXISTS projects_exact_query(tsquery);
"""


class Migration(migrations.Migration):
    dependencies = [
        ("projects", "0022_network_figures_kept_as_facets"),
    ]

    operations = [migrations.RunSQL(FUNCTIONS, DROP_FUNCTIONS)]
