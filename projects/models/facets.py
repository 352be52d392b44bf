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


class ScopedFacetCount(models.Model):
    """The same counts within the catalogue of one broad filter (its *scope*):
    a topic (``topic:<id>``), a phase (``phase:<phase>``), ``reusable`` or
    ``adopted``, or two of them of different kinds (``phase:betrieb
    reusable``): the first and second click on a facet of the whole catalogue
    would otherwise count tens of thousands of results (migrations 0029 and
    0032). Kept by statement triggers on the catalogue entries; never written
    by the application."""

    # Two scopes: "topic:" and a key, " phase:" and a phase of up to 20 characters.
    scope = models.CharField(max_length=80)
    facet = models.CharField(max_length=20)
    value = models.CharField(max_length=40, blank=True)
    count = models.BigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["scope", "facet", "value"], name="scopedfacetcount_unique_value"
            )
        ]
        indexes = [
            models.Index(fields=["scope", "facet", "-count"], name="scopedfacetcount_largest")
        ]

    def __str__(self) -> str:
        return f"{self.scope}: {self.facet}={self.value}: {self.count}"
