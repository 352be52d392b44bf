"""What a searched word stands for, each operand once (docs/search.md).

``projects_word_query`` joined the word, the terms of its synonym groups and
the same again for the word without a plural s by "or", as they came: a word
that is a term of its own group ("Lichtmast" in Straßenbeleuchtung/Laterne/
Lichtmast) stood in the query twice (``'lichtmast':* | … | 'lichtmast':*``),
a plural ("Kitas") its whole group twice. An "or" of equal operands matches
and ranks the same (``ts_rank`` counts each distinct lexeme once), but GIN
reads the entries of every operand: each duplicate prefix was a second scan
of its whole range (~1.2 ms at ``--scale 3`` for "Lichtmasten").

- ``projects_any_of(tsquery[])``: the operands joined by "or", each equal one
  once, in their order.
- ``projects_synonym_queries(word, weights)``: the term queries of
  ``projects_synonyms_query``, as an array.
- ``projects_synonyms_query`` and ``projects_word_query`` build on them.
"""

from django.db import migrations

FUNCTIONS = r"""
CREATE FUNCTION projects_any_of(operands tsquery[]) RETURNS tsquery
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
    result tsquery := NULL;
    seen tsquery[] := '{}';
    one tsquery;
BEGIN
    FOREACH one IN ARRAY operands LOOP
        CONTINUE WHEN one = ANY(seen);
        seen := array_append(seen, one);
        result := CASE WHEN result IS NULL THEN one ELSE result || one END;
    END LOOP;
    RETURN result;
END
$$;

-- The term queries of every synonym group one of whose terms is the word
-- (see projects_synonyms_query); none for a word without a lexeme.
CREATE FUNCTION projects_synonym_queries(word text, weights text) RETURNS tsquery[]
LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
DECLARE
    lexeme tsquery := plainto_tsquery('pg_catalog.german', projects_word_key(word));
BEGIN
    IF numnode(lexeme) = 0 THEN
        RETURN '{}';
    END IF;
    RETURN ARRAY(
        SELECT projects_term_query(term, weights) FROM (
            SELECT DISTINCT t.term
            FROM projects_synonymgroup g CROSS JOIN LATERAL unnest(g.terms) AS t(term)
            WHERE g.lexemes @@ lexeme) AS terms);
END
$$;

CREATE OR REPLACE FUNCTION projects_synonyms_query(word text, weights text) RETURNS tsquery
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT projects_any_of(projects_synonym_queries(word, weights))
$$;

-- What a searched word stands for: itself and its word forms, as a prefix
-- (also without a plural s: "Kitas" -> kita); its synonyms; the parts of
-- its compound, each with its synonyms, all of them. Each operand once.
CREATE OR REPLACE FUNCTION projects_word_query(word text, weights text) RETURNS tsquery
LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
DECLARE
    w text := projects_word_key(word);
    forms text[] := ARRAY[word];
    form text;
    operands tsquery[] := '{}';
    part text;
    of_parts tsquery := NULL;
    one tsquery;
BEGIN
    IF length(w) > 4 AND right(w, 1) = 's' THEN
        forms := array_append(forms, left(w, -1));
    END IF;
    FOREACH form IN ARRAY forms LOOP
        operands := array_cat(
            array_append(operands, projects_term_query(form, weights)),
            projects_synonym_queries(form, weights));
    END LOOP;
    FOREACH part IN ARRAY projects_query_split(w) LOOP
        one := projects_any_of(array_prepend(
            projects_term_query(part, weights), projects_synonym_queries(part, weights)));
        of_parts := CASE WHEN of_parts IS NULL THEN one ELSE of_parts && one END;
    END LOOP;
    IF of_parts IS NOT NULL THEN
        operands := array_append(operands, of_parts);
    END IF;
    RETURN projects_any_of(operands);
END
$$;
"""

# The functions of migration 0009, as they were.
OLD_FUNCTIONS = r"""
CREATE OR REPLACE FUNCTION projects_synonyms_query(word text, weights text) RETURNS tsquery
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

CREATE OR REPLACE FUNCTION projects_word_query(word text, weights text) RETURNS tsquery
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

DROP FUNCTION IF EXISTS projects_synonym_queries(text, text);
DROP FUNCTION IF EXISTS projects_any_of(tsquery[]);
"""


class Migration(migrations.Migration):
    dependencies = [
        ("projects", "0026_municipality_savings_rows"),
    ]

    operations = [migrations.RunSQL(FUNCTIONS, OLD_FUNCTIONS)]
