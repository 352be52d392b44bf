"""What each city's reuse avoided and what its projects saved others, kept by
PostgreSQL triggers (migration 0024) over the counted experience reports on
published projects, whoever writes: the report's facet trigger adds and
subtracts each report's figures as it adds the network's totals
(``FacetCount``). Never written by the application.

The reuse summary by city for readers who see published projects only (the
ministry, anonymous callers) reads these rows instead of summing every report
twice (``projects.selectors.reuse_summary``).
"""

from django.db import models

from members.models import Municipality


class MunicipalitySavings(models.Model):
    municipality = models.OneToOneField(
        Municipality,
        primary_key=True,
        on_delete=models.DO_NOTHING,  # a removed city's row is never joined again
        db_constraint=False,
        related_name="+",
    )
    # Its own reuse: reports it wrote on adoptions in operation, what they avoided.
    reports = models.BigIntegerField(default=0)
    investment = models.DecimalField(max_digits=20, decimal_places=2, default=0)
    effort_days = models.BigIntegerField(default=0)
    # Its projects' reuse by others: the reports on them, what they avoided.
    contributed = models.BigIntegerField(default=0)
    contributed_investment = models.DecimalField(max_digits=20, decimal_places=2, default=0)

    def __str__(self) -> str:
        return f"{self.municipality_id}: {self.reports} / {self.contributed}"
