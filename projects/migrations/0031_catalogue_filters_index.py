"""The catalogue entries' columns but the search vector, in one index.

Two broad filters without words ("nachnutzbar" in "Betrieb": 14,000 results
at ``--scale 1``) read every matching entry for their counts. Nine tenths of
an entry's row is its search vector, so that meant reading the whole table
(79 MB at ``--scale 1``): 34 ms. From this index alone (an index-only scan,
11 MB) it takes 2 ms.

Built concurrently: the catalogue stays writable meanwhile.
"""

from django.contrib.postgres.operations import AddIndexConcurrently
from django.db import migrations, models


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("projects", "0030_one_scoped_facets_function_for_insert_and_delete"),
    ]

    operations = [
        AddIndexConcurrently(
            model_name="catalogueentry",
            index=models.Index(
                fields=["is_reusable", "phase"],
                include=(
                    "reuse_count",
                    "possibly_outdated",
                    "published_at",
                    "title",
                    "investment_cost",
                    "topic_ids",
                    "city_ids",
                    "project",
                ),
                name="catalogueentry_filters",
            ),
        ),
    ]
