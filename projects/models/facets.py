"""How many published projects each filter value of the catalogue has.

Kept by PostgreSQL triggers on projects, their topics and partners (migration
0008), whoever writes, so the unfiltered catalogue shows its facet counts and
its total without counting 100,000 projects (``projects.facets``). Never
written by the application.
"""

from django.db import models


class FacetCount(models.Model):
    # "all", "phase", "topic", "municipality" (lead or partner), "reusable", "adopted"
    facet = models.CharField(max_length=20)
    # the phase, the topic's or municipality's id; "" for the others
    value = models.CharField(max_length=40, blank=True)
    count = models.BigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["facet", "value"], name="facetcount_unique_value")
        ]
        indexes = [models.Index(fields=["facet", "-count"], name="facetcount_largest")]

    def __str__(self) -> str:
        return f"{self.facet}={self.value}: {self.count}"
