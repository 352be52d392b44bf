"""A published project as the catalogue's filtered pages read it.

One narrow row per published project, kept by PostgreSQL triggers on
projects, their topics and their partners (migration 0025), whoever writes;
never written by the application. A search that matches 12,000 of 300,000
projects ranks, filters and counts them here: a tenth of the projects' wide
rows to read, and topics and cities as arrays in the row, not one index
lookup per match (``projects.facets``).
"""

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models

from projects.querysets import CatalogueEntryQuerySet


class CatalogueEntry(models.Model):
    project = models.OneToOneField(
        "projects.Project",
        primary_key=True,
        # The triggers delete the entry with its project; nothing for Django to collect.
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    search_vector = SearchVectorField(null=True)
    title = models.CharField(max_length=200)
    phase = models.CharField(max_length=20, blank=True)
    is_reusable = models.BooleanField()
    reuse_count = models.IntegerField()
    investment_cost = models.DecimalField(max_digits=12, decimal_places=2, null=True)
    possibly_outdated = models.BooleanField()
    published_at = models.DateTimeField(null=True)
    lead_municipality_id = models.BigIntegerField()
    topic_ids = ArrayField(models.BigIntegerField())
    # The lead city first, then the partners: every city taking part.
    city_ids = ArrayField(models.BigIntegerField())

    objects = CatalogueEntryQuerySet.as_manager()

    class Meta:
        indexes = [
            # Search, topic and city in one index: GIN intersects a search with
            # a topic's or a city's entries in one scan, where two indexes' bitmaps
            # (a topic's holds 45,000 entries at --scale 3) were built and ANDed
            # (docs/search.md, "Facet counts").
            GinIndex(
                fields=["search_vector", "topic_ids", "city_ids"],
                name="catalogueentry_search_filters",
            ),
            GinIndex(fields=["topic_ids"], name="catalogueentry_topics"),
            GinIndex(fields=["city_ids"], name="catalogueentry_cities"),
            # Every column but the search's: filters without words (two broad
            # ones, "nachnutzbar" in "Betrieb") read their results, counts and
            # sort keys from this index alone, not from the rows, nine tenths
            # of which are the search vector (projects.facets, migration 0031).
            models.Index(
                fields=["is_reusable", "phase"],
                include=[
                    "reuse_count",
                    "possibly_outdated",
                    "published_at",
                    "title",
                    "investment_cost",
                    "topic_ids",
                    "city_ids",
                    "project",
                ],
                name="catalogueentry_filters",
            ),
        ]

    def __str__(self) -> str:
        return self.title
