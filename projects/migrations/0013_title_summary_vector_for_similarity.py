import django.contrib.postgres.indexes
import django.contrib.postgres.search
from django.db import migrations

# As in 0009, and the same title and summary parts once more in a vector of
# their own (what similar-projects compares, see Project.title_summary_vector).
BOTH_VECTORS = """
CREATE OR REPLACE FUNCTION projects_project_search_vector_update() RETURNS trigger AS $$
DECLARE
    title_part tsvector := setweight(to_tsvector('pg_catalog.german',
        coalesce(NEW.title, '') || ' ' || projects_compound_parts(NEW.title)), 'A');
    summary_part tsvector := setweight(to_tsvector('pg_catalog.german',
        coalesce(NEW.summary, '') || ' ' || projects_compound_parts(NEW.summary)), 'B');
BEGIN
    NEW.search_vector := title_part || summary_part ||
        setweight(to_tsvector('pg_catalog.german', coalesce(NEW.description, '')), 'C') ||
        setweight(to_tsvector('pg_catalog.german', coalesce(NEW.technologies, '')), 'D');
    NEW.title_summary_vector := title_part || summary_part;
    RETURN NEW;
END
$$ LANGUAGE plpgsql;

UPDATE projects_project SET search_vector = NULL;
"""

SEARCH_VECTOR_ONLY = """
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
"""


class Migration(migrations.Migration):
    dependencies = [
        ("projects", "0012_licence_as_spdx_expression"),
    ]

    operations = [
        migrations.AddField(
            model_name="project",
            name="title_summary_vector",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.RunSQL(BOTH_VECTORS, SEARCH_VECTOR_ONLY),
        migrations.AddIndex(
            model_name="project",
            index=django.contrib.postgres.indexes.GinIndex(
                fields=["title_summary_vector"], name="project_title_summary_vector"
            ),
        ),
    ]
