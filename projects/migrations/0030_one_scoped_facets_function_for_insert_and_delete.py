from django.db import migrations

# The insert and delete statement triggers of migration 0029 ran two functions
# that differed only in the sign and in the name of their transition table.
# Both triggers now name it `changed` and run one function that takes the sign
# from TG_OP. The update trigger keeps its own function: it reads two
# transition tables, which cannot share one name.
SQL = """
CREATE FUNCTION projects_scoped_facets_insert_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO projects_scopedfacetcount AS c (scope, facet, value, count)
    SELECT v.scope, v.facet, v.value,
           CASE TG_OP WHEN 'INSERT' THEN count(*) ELSE -count(*) END
    FROM changed e, projects_entry_scoped_values(e.topic_ids, e.city_ids, e.phase, e.is_reusable, e.reuse_count) v
    GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
    ON CONFLICT (scope, facet, value) DO UPDATE SET count = c.count + EXCLUDED.count;
    RETURN NULL;
END
$$;

DROP TRIGGER projects_catalogueentry_scoped_facets_insert ON projects_catalogueentry;
DROP TRIGGER projects_catalogueentry_scoped_facets_delete ON projects_catalogueentry;
CREATE TRIGGER projects_catalogueentry_scoped_facets_insert
    AFTER INSERT ON projects_catalogueentry REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION projects_scoped_facets_insert_delete();
CREATE TRIGGER projects_catalogueentry_scoped_facets_delete
    AFTER DELETE ON projects_catalogueentry REFERENCING OLD TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION projects_scoped_facets_insert_delete();

DROP FUNCTION projects_scoped_facets_insert();
DROP FUNCTION projects_scoped_facets_delete();
"""

# Migration 0029's two functions and the triggers that ran them.
REVERSE_SQL = """
CREATE FUNCTION projects_scoped_facets_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO projects_scopedfacetcount AS c (scope, facet, value, count)
    SELECT v.scope, v.facet, v.value, count(*)
    FROM added e, projects_entry_scoped_values(e.topic_ids, e.city_ids, e.phase, e.is_reusable, e.reuse_count) v
    GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
    ON CONFLICT (scope, facet, value) DO UPDATE SET count = c.count + EXCLUDED.count;
    RETURN NULL;
END
$$;

CREATE FUNCTION projects_scoped_facets_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO projects_scopedfacetcount AS c (scope, facet, value, count)
    SELECT v.scope, v.facet, v.value, -count(*)
    FROM removed e, projects_entry_scoped_values(e.topic_ids, e.city_ids, e.phase, e.is_reusable, e.reuse_count) v
    GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
    ON CONFLICT (scope, facet, value) DO UPDATE SET count = c.count + EXCLUDED.count;
    RETURN NULL;
END
$$;

DROP TRIGGER projects_catalogueentry_scoped_facets_insert ON projects_catalogueentry;
DROP TRIGGER projects_catalogueentry_scoped_facets_delete ON projects_catalogueentry;
CREATE TRIGGER projects_catalogueentry_scoped_facets_insert
    AFTER INSERT ON projects_catalogueentry REFERENCING NEW TABLE AS added
    FOR EACH STATEMENT EXECUTE FUNCTION projects_scoped_facets_insert();
CREATE TRIGGER projects_catalogueentry_scoped_facets_delete
    AFTER DELETE ON projects_catalogueentry REFERENCING OLD TABLE AS removed
    FOR EACH STATEMENT EXECUTE FUNCTION projects_scoped_facets_delete();

DROP FUNCTION projects_scoped_facets_insert_delete();
"""


class Migration(migrations.Migration):
    dependencies = [
        ("projects", "0029_scoped_facet_counts"),
    ]

    operations = [
        migrations.RunSQL(SQL, REVERSE_SQL),
    ]
