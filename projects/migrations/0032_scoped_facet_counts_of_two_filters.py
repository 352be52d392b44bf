"""The counts kept within two broad filters together as well (ScopedFacetCount).

The second click on a facet — "nachnutzbar" in "Betrieb", a topic in a
phase — counted all its results: at ``--scale 3`` "nachnutzbar" and "wird
nachgenutzt" together are 160,000, ~300 ms right after a catalogue change.
Each entry now also counts for every pair of its single scopes of different
kinds (a topic and a phase, a phase and "reusable", …; the form takes one
topic), named by the two scopes in the order topic, phase, reusable,
adopted, joined by a space (``projects.selectors.catalogue.kept_scope``).
The triggers of migration 0029 and 0030 call this function, so they keep
the pairs too; all counts are recounted once here.

Cost, measured at ``--scale 1``: a project's change of phase or topic takes
~3 ms more (a change of its text none: the update trigger writes only counts
that changed); the rows kept grow from ~160,000 to ~630,000, and the
recount takes ~10 s.
"""

from django.db import migrations, models

PAIRS_SQL = """
CREATE OR REPLACE FUNCTION projects_entry_scoped_values(
    topic_ids bigint[], city_ids bigint[], phase text, is_reusable boolean, reuse_count int
) RETURNS TABLE (scope text, facet text, value text)
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    WITH single AS (
        SELECT 1 AS kind, 'topic:' || t AS scope FROM unnest(topic_ids) AS t
        UNION ALL SELECT 2, 'phase:' || phase WHERE phase <> ''
        UNION ALL SELECT 3, 'reusable' WHERE is_reusable
        UNION ALL SELECT 4, 'adopted' WHERE reuse_count > 0
    )
    SELECT s.scope, v.facet, v.value
    FROM (
        SELECT single.scope FROM single
        UNION ALL
        SELECT a.scope || ' ' || b.scope FROM single a JOIN single b ON a.kind < b.kind
    ) AS s
    CROSS JOIN (
        SELECT 'all' AS facet, '' AS value
        UNION ALL SELECT 'reusable', '' WHERE is_reusable
        UNION ALL SELECT 'adopted', '' WHERE reuse_count > 0
        UNION ALL SELECT 'phase', phase WHERE phase <> ''
        UNION ALL SELECT 'topic', t::text FROM unnest(topic_ids) AS t
        UNION ALL SELECT 'municipality', m::text FROM unnest(city_ids) AS m
    ) AS v
$$;
SELECT projects_scoped_facet_recount();
"""

SINGLE_SQL = """
CREATE OR REPLACE FUNCTION projects_entry_scoped_values(
    topic_ids bigint[], city_ids bigint[], phase text, is_reusable boolean, reuse_count int
) RETURNS TABLE (scope text, facet text, value text)
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT s.scope, v.facet, v.value
    FROM (
        SELECT 'topic:' || t AS scope FROM unnest(topic_ids) AS t
        UNION ALL SELECT 'phase:' || phase WHERE phase <> ''
        UNION ALL SELECT 'reusable' WHERE is_reusable
        UNION ALL SELECT 'adopted' WHERE reuse_count > 0
    ) AS s
    CROSS JOIN (
        SELECT 'all' AS facet, '' AS value
        UNION ALL SELECT 'reusable', '' WHERE is_reusable
        UNION ALL SELECT 'adopted', '' WHERE reuse_count > 0
        UNION ALL SELECT 'phase', phase WHERE phase <> ''
        UNION ALL SELECT 'topic', t::text FROM unnest(topic_ids) AS t
        UNION ALL SELECT 'municipality', m::text FROM unnest(city_ids) AS m
    ) AS v
$$;
SELECT projects_scoped_facet_recount();
"""


class Migration(migrations.Migration):
    dependencies = [
        ("projects", "0031_catalogue_filters_index"),
    ]

    operations = [
        # Room for two scopes' names (a longer varchar: no rewrite of the table).
        migrations.AlterField(
            model_name="scopedfacetcount",
            name="scope",
            field=models.CharField(max_length=80),
        ),
        migrations.RunSQL(PAIRS_SQL, reverse_sql=SINGLE_SQL),
    ]
