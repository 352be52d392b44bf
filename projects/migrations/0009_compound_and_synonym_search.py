"""Search that speaks municipal German (docs/search.md), in PostgreSQL.

- ``projects_compound_parts(text)``: the known word parts (``projects_wordpart``)
  that begin or end a word of the text — the parts of its compounds.
- The search vector's trigger adds them for title (A) and summary (B), so
  "Kitaportal" is stored with kita and portal as well.
- ``projects_word_query(word, weights)``: what a searched word stands for —
  itself and its word forms (as a prefix), the terms of every synonym group it
  belongs to, and all the parts of its compound (each with its synonyms).
- ``projects_all_words_query``, ``projects_word_pairs_query``,
  ``projects_any_word_query``: such words joined for the catalogue (all of
  them) and the similarity lookup (two of them; any one of them or of their
  parts). Pages and API call these through ``projects.search``.
- A synonym group's ``lexemes`` (its terms' word forms) are kept by a trigger.

Only built-in text search and PL/pgSQL: the same on PostgreSQL 15 and 18.
"""

from django.db import migrations

FUNCTIONS = r"""
-- The known word parts that begin or end a word (of three letters at least,
-- leaving three): "kitaportal" -> {kita, portal}. PL/pgSQL, so the lookup's
-- plan is prepared once per connection.
CREATE FUNCTION projects_word_parts(word text) RETURNS text[]
LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
DECLARE
    cuts text[] := '{}';
    len int;
BEGIN
    FOR len IN 3 .. length(word) - 3 LOOP
        cuts := cuts || left(word, len) || right(word, len);
    END LOOP;
    IF cardinality(cuts) = 0 THEN
        RETURN '{}';
    END IF;
    RETURN ARRAY(SELECT p.word FROM projects_wordpart p WHERE p.word = ANY(cuts) ORDER BY p.word);
END
$$;

-- The parts of all compounds of a text, as text for to_tsvector.
CREATE FUNCTION projects_compound_parts(body text) RETURNS text
LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
DECLARE
    token text;
    cuts text[] := '{}';
    len int;
BEGIN
    FOREACH token IN ARRAY regexp_split_to_array(lower(coalesce(body, '')), '[^[:alpha:]]+') LOOP
        FOR len IN 3 .. length(token) - 3 LOOP
            cuts := cuts || left(token, len) || right(token, len);
        END LOOP;
    END LOOP;
    IF cardinality(cuts) = 0 THEN
        RETURN '';
    END IF;
    RETURN coalesce(
        (SELECT string_agg(DISTINCT p.word, ' ') FROM projects_wordpart p WHERE p.word = ANY(cuts)),
        '');
END
$$;

-- A word or term as one key: lower case, letters and digits only
-- ("Kita-Portal" and "Kitaportal" are both kitaportal).
CREATE FUNCTION projects_word_key(word text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT regexp_replace(lower(word), '[^[:alnum:]]+', '', 'g')
$$;

-- A term (one or more words) as a phrase query; words of four letters or
-- more also as prefixes ("Lichtmast" finds "Lichtmasten"), shorter ones
-- also with a plural s ("App" finds "Apps", "RIS" not "Risiko").
CREATE FUNCTION projects_term_query(term text, weights text) RETURNS tsquery
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT to_tsquery('pg_catalog.german', coalesce(string_agg(
        CASE
            WHEN length(word) >= 4 THEN quote_literal(word) || ':*' || weights
            ELSE '(' || quote_literal(word) || rtrim(':' || weights, ':') || ' | '
                || quote_literal(word || 's') || rtrim(':' || weights, ':') || ')'
        END,
        ' <-> ' ORDER BY n), ''))
    FROM regexp_split_to_table(lower(term), '[^[:alnum:]]+') WITH ORDINALITY AS t(word, n)
    WHERE word <> ''
$$;

-- The terms of every synonym group one of whose terms is the word (by its
-- key's word forms: "Laternen" is in the group of "Laterne", "Kita-Portal" in
-- that of "Kitaportal"; "Kita" is not in that of "Kita-Anmeldung").
CREATE FUNCTION projects_synonyms_query(word text, weights text) RETURNS tsquery
LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
DECLARE
    result tsquery := NULL;
    lexeme tsquery := plainto_tsquery('pg_catalog.german', projects_word_key(word));
    term text;
BEGIN
    IF numnode(lexeme) = 0 THEN
        RETURN NULL;
    END IF;
    FOR term IN
        SELECT DISTINCT t.term
        FROM projects_synonymgroup g CROSS JOIN LATERAL unnest(g.terms) AS t(term)
        WHERE g.lexemes @@ lexeme
    LOOP
        result := CASE WHEN result IS NULL THEN projects_term_query(term, weights)
                       ELSE result || projects_term_query(term, weights) END;
    END LOOP;
    RETURN result;
END
$$;

-- A compound's split for a query: its longest known head and longest known
-- tail that do not overlap ("ratsinformationssystem" -> {rat,
-- informationssystem}); none if it has no such pair.
CREATE FUNCTION projects_query_split(word text) RETURNS text[]
LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
DECLARE
    parts text[] := projects_word_parts(word);
    head text;
    tail text;
    part text;
BEGIN
    FOREACH part IN ARRAY parts LOOP
        IF left(word, length(part)) = part
           AND (head IS NULL OR length(part) > length(head)) THEN
            head := part;
        END IF;
    END LOOP;
    FOREACH part IN ARRAY parts LOOP
        IF right(word, length(part)) = part
           AND length(part) + coalesce(length(head), 0) <= length(word)
           AND (tail IS NULL OR length(part) > length(tail)) THEN
            tail := part;
        END IF;
    END LOOP;
    IF head IS NULL OR tail IS NULL THEN
        RETURN '{}';
    END IF;
    RETURN ARRAY[head, tail];
END
$$;

-- What a searched word stands for: itself and its word forms, as a prefix
-- (also without a plural s: "Kitas" -> kita); its synonyms; the parts of
-- its compound, each with its synonyms, all of them.
CREATE FUNCTION projects_word_query(word text, weights text) RETURNS tsquery
LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
DECLARE
    w text := projects_word_key(word);
    result tsquery := projects_term_query(word, weights);
    synonyms tsquery := projects_synonyms_query(word, weights);
    part text;
    of_parts tsquery := NULL;
    one tsquery;
BEGIN
    IF synonyms IS NOT NULL THEN
        result := result || synonyms;
    END IF;
    IF length(w) > 4 AND right(w, 1) = 's' THEN
        result := result || projects_term_query(left(w, -1), weights);
        synonyms := projects_synonyms_query(left(w, -1), weights);
        IF synonyms IS NOT NULL THEN
            result := result || synonyms;
        END IF;
    END IF;
    FOREACH part IN ARRAY projects_query_split(w) LOOP
        one := projects_term_query(part, weights);
        synonyms := projects_synonyms_query(part, weights);
        IF synonyms IS NOT NULL THEN
            one := one || synonyms;
        END IF;
        of_parts := CASE WHEN of_parts IS NULL THEN one ELSE of_parts && one END;
    END LOOP;
    IF of_parts IS NOT NULL THEN
        result := result || of_parts;
    END IF;
    RETURN result;
END
$$;

CREATE FUNCTION projects_all_words_query(words text[], weights text) RETURNS tsquery
LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
DECLARE
    result tsquery := NULL;
    word text;
BEGIN
    FOREACH word IN ARRAY words LOOP
        result := CASE WHEN result IS NULL THEN projects_word_query(word, weights)
                       ELSE result && projects_word_query(word, weights) END;
    END LOOP;
    RETURN result;
END
$$;

-- Any two of the words (the only one, if there is one).
CREATE FUNCTION projects_word_pairs_query(words text[], weights text) RETURNS tsquery
LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
DECLARE
    expanded tsquery[];
    result tsquery := NULL;
    i int;
    j int;
BEGIN
    IF cardinality(words) = 1 THEN
        RETURN projects_word_query(words[1], weights);
    END IF;
    SELECT array_agg(projects_word_query(w, weights) ORDER BY n) INTO expanded
    FROM unnest(words) WITH ORDINALITY AS t(w, n);
    FOR i IN 1 .. cardinality(expanded) - 1 LOOP
        FOR j IN i + 1 .. cardinality(expanded) LOOP
            result := CASE WHEN result IS NULL THEN expanded[i] && expanded[j]
                           ELSE result || (expanded[i] && expanded[j]) END;
        END LOOP;
    END LOOP;
    RETURN result;
END
$$;

-- Any of the words, or of the parts of their compounds (also of hyphenated
-- ones: "Kita-Portal" -> kita, portal) in a title.
CREATE FUNCTION projects_any_word_query(words text[], weights text) RETURNS tsquery
LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
DECLARE
    result tsquery := NULL;
    word text;
    part text;
BEGIN
    FOREACH word IN ARRAY words LOOP
        result := CASE WHEN result IS NULL THEN projects_word_query(word, weights)
                       ELSE result || projects_word_query(word, weights) END;
        FOR part IN
            SELECT unnest(projects_word_parts(projects_word_key(word)))
            UNION
            SELECT piece FROM regexp_split_to_table(lower(word), '-') AS piece
            WHERE word LIKE '%-%' AND length(piece) >= 3
        LOOP
            -- A part alone is weaker evidence: in a title only ("Kita" for
            -- "Kita-Portal", not "Straßen" in a summary for "Straßenbeleuchtung").
            result := result || projects_word_query(
                part, CASE WHEN weights = '' THEN '' ELSE 'A' END);
        END LOOP;
    END LOOP;
    RETURN result;
END
$$;

CREATE FUNCTION projects_synonymgroup_lexemes_update() RETURNS trigger AS $$
BEGIN
    NEW.lexemes := to_tsvector('pg_catalog.german', (
        SELECT string_agg(projects_word_key(term), ' ') FROM unnest(NEW.terms) AS t(term)));
    RETURN NEW;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER projects_synonymgroup_lexemes
    BEFORE INSERT OR UPDATE ON projects_synonymgroup
    FOR EACH ROW EXECUTE FUNCTION projects_synonymgroup_lexemes_update();

UPDATE projects_synonymgroup SET terms = terms;
"""

DROP_FUNCTIONS = """
DROP TRIGGER IF EXISTS projects_synonymgroup_lexemes ON projects_synonymgroup;
DROP FUNCTION IF EXISTS projects_synonymgroup_lexemes_update();
DROP FUNCTION IF EXISTS projects_any_word_query(text[], text);
DROP FUNCTION IF EXISTS projects_word_pairs_query(text[], text);
DROP FUNCTION IF EXISTS projects_all_words_query(text[], text);
DROP FUNCTION IF EXISTS projects_word_query(text, text);
DROP FUNCTION IF EXISTS projects_query_split(text);
DROP FUNCTION IF EXISTS projects_synonyms_query(text, text);
DROP FUNCTION IF EXISTS projects_term_query(text, text);
DROP FUNCTION IF EXISTS projects_compound_parts(text);
DROP FUNCTION IF EXISTS projects_word_parts(text);
DROP FUNCTION IF EXISTS projects_word_key(text);
"""

# As in 0002, with the parts of the compounds of title and summary.
SEARCH_VECTOR_WITH_PARTS = """
CREATE OR REPLACE FUNCTION projects_project_search_vector_update() RETURNS trigger AS $$
BEGIN
    NEW.search_vector :=
        setweight(to_tsvector('pg_catalog.german', coalesce(NEW.title, '') || ' '
            || projects_compound_parts(NEW.title)), 'A') ||
        setweight(to_tsvector('pg_catalog.german', coalesce(NEW.summary, '') || ' '
            || projects_compound_parts(NEW.summary)), 'B') ||
        setweight(to_tsvector('pg_catalog.german', coalesce(NEW.description, '')), 'C') ||
        setweight(to_tsvector('pg_catalog.german', coalesce(NEW.technologies, '')), 'D');
    RETURN NEW;
END
$$ LANGUAGE plpgsql;

UPDATE projects_project SET search_vector = NULL;
"""

SEARCH_VECTOR_WITHOUT_PARTS = """
CREATE OR REPLACE FUNCTION projects_project_search_vector_update() RETURNS trigger AS $$
BEGIN
    NEW.search_vector :=
        setweight(to_tsvector('pg_catalog.german', coalesce(NEW.title, '')), 'A') ||
        setweight(to_tsvector('pg_catalog.german', coalesce(NEW.summary, '')), 'B') ||
        setweight(to_tsvector('pg_catalog.german', coalesce(NEW.description, '')), 'C') ||
        setweight(to_tsvector('pg_catalog.german', coalesce(NEW.technologies, '')), 'D');
    RETURN NEW;
END
$$ LANGUAGE plpgsql;

UPDATE projects_project SET search_vector = NULL;
"""


# The words of titles, for spelling suggestions ("Meinten Sie …?").
SEARCH_WORDS = """
CREATE FUNCTION projects_project_search_words_update() RETURNS trigger AS $$
BEGIN
    INSERT INTO projects_searchword (key, word)
    SELECT DISTINCT ON (lower(t.word)) lower(t.word), t.word
    FROM regexp_split_to_table(NEW.title, '[^[:alpha:]]+') AS t(word)
    WHERE length(t.word) >= 4
    ON CONFLICT (key) DO NOTHING;
    RETURN NULL;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER projects_project_search_words
    AFTER INSERT OR UPDATE OF title ON projects_project
    FOR EACH ROW EXECUTE FUNCTION projects_project_search_words_update();

INSERT INTO projects_searchword (key, word)
SELECT DISTINCT ON (lower(t.word)) lower(t.word), t.word
FROM projects_project CROSS JOIN LATERAL regexp_split_to_table(title, '[^[:alpha:]]+') AS t(word)
WHERE length(t.word) >= 4
ORDER BY lower(t.word), t.word
ON CONFLICT (key) DO NOTHING;
"""

DROP_SEARCH_WORDS = """
DROP TRIGGER IF EXISTS projects_project_search_words ON projects_project;
DROP FUNCTION IF EXISTS projects_project_search_words_update();
DELETE FROM projects_searchword;
"""


class Migration(migrations.Migration):

    dependencies = [
        ("projects", "0008_seed_thesaurus"),
    ]

    operations = [
        migrations.RunSQL(FUNCTIONS, DROP_FUNCTIONS),
        migrations.RunSQL(SEARCH_VECTOR_WITH_PARTS, SEARCH_VECTOR_WITHOUT_PARTS),
        migrations.RunSQL(SEARCH_WORDS, DROP_SEARCH_WORDS),
    ]
