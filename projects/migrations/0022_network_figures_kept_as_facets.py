from django.db import migrations

# The start page's network figures, kept beside the catalogue's facet counts
# (projects.models.FacetCount) by triggers, so that its first view after a
# change reads a few rows instead of summing every published project and
# report: "reuses" (adoptions not cancelled of published projects: the sum of
# their reuse_count), and of the counted reports on published projects
# "reports", "avoided_cents" (avoided investment in cents) and "avoided_days".
NETWORK_FIGURES = """
DROP FUNCTION projects_facet_add(text, text, int);
CREATE FUNCTION projects_facet_add(facet text, value text, delta bigint) RETURNS void
LANGUAGE sql AS $$
    INSERT INTO projects_facetcount AS f (facet, value, count) VALUES (facet, value, delta)
    ON CONFLICT (facet, value) DO UPDATE SET count = f.count + EXCLUDED.count
$$;

CREATE OR REPLACE FUNCTION projects_project_facets(p projects_project, delta int) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    IF p.state <> 'published' THEN
        RETURN;
    END IF;
    PERFORM projects_facet_add('all', '', delta);
    PERFORM projects_facet_add('reuses', '', delta * p.reuse_count);
    PERFORM projects_facet_add('phase', p.phase, delta);
    IF p.is_reusable THEN
        PERFORM projects_facet_add('reusable', '', delta);
    END IF;
    IF p.reuse_count > 0 THEN
        PERFORM projects_facet_add('adopted', '', delta);
    END IF;
    PERFORM projects_facet_add('municipality', p.lead_municipality_id::text, delta);
    PERFORM projects_facet_add('topic', t.topic_id::text, delta)
    FROM projects_project_topics t WHERE t.project_id = p.id;
    PERFORM projects_facet_add('municipality', m.municipality_id::text, delta)
    FROM projects_participation m WHERE m.project_id = p.id;
END
$$;

DROP TRIGGER projects_project_facets_update ON projects_project;
CREATE TRIGGER projects_project_facets_update
    AFTER UPDATE OF state, phase, is_reusable, reuse_count, lead_municipality_id
    ON projects_project FOR EACH ROW
    WHEN (OLD.state IS DISTINCT FROM NEW.state OR OLD.phase IS DISTINCT FROM NEW.phase
          OR OLD.is_reusable IS DISTINCT FROM NEW.is_reusable
          OR OLD.reuse_count IS DISTINCT FROM NEW.reuse_count
          OR OLD.lead_municipality_id IS DISTINCT FROM NEW.lead_municipality_id)
    EXECUTE FUNCTION projects_project_facets_update();

CREATE FUNCTION projects_report_facets(r projects_experiencereport, delta int) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    IF r.counted AND r.project_state = 'published' THEN
        PERFORM projects_facet_add('reports', '', delta);
        PERFORM projects_facet_add('avoided_cents', '', delta * (r.avoided_investment * 100)::bigint);
        PERFORM projects_facet_add('avoided_days', '', delta * r.avoided_effort_days);
    END IF;
END
$$;

CREATE FUNCTION projects_report_facets_update() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        PERFORM projects_report_facets(OLD, -1);
    END IF;
    IF TG_OP IN ('UPDATE', 'INSERT') THEN
        PERFORM projects_report_facets(NEW, 1);
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER projects_report_facets_insert_delete
    AFTER INSERT OR DELETE ON projects_experiencereport
    FOR EACH ROW EXECUTE FUNCTION projects_report_facets_update();

CREATE TRIGGER projects_report_facets_update
    AFTER UPDATE ON projects_experiencereport FOR EACH ROW
    WHEN (OLD.counted IS DISTINCT FROM NEW.counted
          OR OLD.project_state IS DISTINCT FROM NEW.project_state
          OR OLD.avoided_investment IS DISTINCT FROM NEW.avoided_investment
          OR OLD.avoided_effort_days IS DISTINCT FROM NEW.avoided_effort_days)
    EXECUTE FUNCTION projects_report_facets_update();

CREATE OR REPLACE FUNCTION projects_facet_recount() RETURNS void
LANGUAGE sql AS $$
    DELETE FROM projects_facetcount;
    INSERT INTO projects_facetcount (facet, value, count)
    SELECT 'all', '', count(*) FROM projects_project WHERE state = 'published'
    UNION ALL
    SELECT 'reuses', '', coalesce(sum(reuse_count), 0) FROM projects_project
    WHERE state = 'published'
    UNION ALL
    SELECT 'reusable', '', count(*) FROM projects_project
    WHERE state = 'published' AND is_reusable
    UNION ALL
    SELECT 'adopted', '', count(*) FROM projects_project
    WHERE state = 'published' AND reuse_count > 0
    UNION ALL
    SELECT 'phase', phase, count(*) FROM projects_project WHERE state = 'published'
    GROUP BY phase
    UNION ALL
    SELECT 'topic', t.topic_id::text, count(*)
    FROM projects_project_topics t JOIN projects_project p ON p.id = t.project_id
    WHERE p.state = 'published' GROUP BY t.topic_id
    UNION ALL
    SELECT 'municipality', m::text, count(*) FROM (
        SELECT lead_municipality_id FROM projects_project WHERE state = 'published'
        UNION ALL
        SELECT pa.municipality_id FROM projects_participation pa
        JOIN projects_project p ON p.id = pa.project_id WHERE p.state = 'published'
    ) AS involved(m) GROUP BY m
    UNION ALL
    SELECT unnest(ARRAY['reports', 'avoided_cents', 'avoided_days']), '',
           unnest(ARRAY[count(*), coalesce(sum((avoided_investment * 100)::bigint), 0),
                        coalesce(sum(avoided_effort_days), 0)])
    FROM projects_experiencereport WHERE counted AND project_state = 'published';
$$;

SELECT projects_facet_recount();
"""

# Back to migration 0010's functions and trigger.
DROP_NETWORK_FIGURES = """
DROP TRIGGER IF EXISTS projects_report_facets_update ON projects_experiencereport;
DROP TRIGGER IF EXISTS projects_report_facets_insert_delete ON projects_experiencereport;
DROP FUNCTION IF EXISTS projects_report_facets_update();
DROP FUNCTION IF EXISTS projects_report_facets(projects_experiencereport, int);
DROP TRIGGER projects_project_facets_update ON projects_project;
CREATE TRIGGER projects_project_facets_update
    AFTER UPDATE OF state, phase, is_reusable, reuse_count, lead_municipality_id
    ON projects_project FOR EACH ROW
    WHEN (OLD.state IS DISTINCT FROM NEW.state OR OLD.phase IS DISTINCT FROM NEW.phase
          OR OLD.is_reusable IS DISTINCT FROM NEW.is_reusable
          OR (OLD.reuse_count > 0) IS DISTINCT FROM (NEW.reuse_count > 0)
          OR OLD.lead_municipality_id IS DISTINCT FROM NEW.lead_municipality_id)
    EXECUTE FUNCTION projects_project_facets_update();
CREATE OR REPLACE FUNCTION projects_project_facets(p projects_project, delta int) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    IF p.state <> 'published' THEN
        RETURN;
    END IF;
    PERFORM projects_facet_add('all', '', delta);
    PERFORM projects_facet_add('phase', p.phase, delta);
    IF p.is_reusable THEN
        PERFORM projects_facet_add('reusable', '', delta);
    END IF;
    IF p.reuse_count > 0 THEN
        PERFORM projects_facet_add('adopted', '', delta);
    END IF;
    PERFORM projects_facet_add('municipality', p.lead_municipality_id::text, delta);
    PERFORM projects_facet_add('topic', t.topic_id::text, delta)
    FROM projects_project_topics t WHERE t.project_id = p.id;
    PERFORM projects_facet_add('municipality', m.municipality_id::text, delta)
    FROM projects_participation m WHERE m.project_id = p.id;
END
$$;
DELETE FROM projects_facetcount WHERE facet IN ('reuses', 'reports', 'avoided_cents', 'avoided_days');
"""


class Migration(migrations.Migration):

    dependencies = [
        ("projects", "0021_report_savings_kept_by_the_database"),
    ]

    operations = [
        migrations.RunSQL(NETWORK_FIGURES, DROP_NETWORK_FIGURES),
    ]
