"""What each city's reuse avoided and what its projects saved others, kept by
PostgreSQL triggers (migration 0024) over the counted experience reports on
published projects, whoever writes: the report's facet trigger adds and
subtracts each report's figures as it adds the network's totals
(``FacetCount``). Never written by the application.

The reuse summary by city for readers who see published projects only (the
ministry, anonymous callers) reads these rows instead of summing every report
twice (``projects.selectors.reuse_summary``): each city's row of it as JSON
text, in the order of its place among the names (migration 0026; the triggers
on municipalities keep place and row start, as ``funding.MunicipalityTotal``
does for the funding summary).
"""

from django.db import models
from django.db.models.expressions import RawSQL

from members.models import Municipality

# The city's row of the summary as row_to_json writes the live rows
# (``reuse_summary._ROW_COLUMNS``, same keys and order; the tests compare the
# two documents byte for byte). The sums are numeric(20, 2), so they are
# written with two places; casts, not ``||`` on numbers, keep it immutable.
ROW_JSON = (
    "head || ',\"reports\":' || reports::text"
    ' || \',"avoided_investment":"\' || investment::text'
    ' || \'","avoided_effort_days":\' || effort_days::text'
    " || ',\"contributed\":' || contributed::text"
    ' || \',"contributed_investment":"\' || contributed_investment::text'
    ' || \'","funded_projects":null,"times_reused":null,"approved":null,'
    '"avoided_per_funding_euro":null}\''
)


class MunicipalitySavings(models.Model):
    municipality = models.OneToOneField(
        Municipality,
        primary_key=True,
        on_delete=models.DO_NOTHING,  # the triggers remove the row of a removed city
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
    # Place in the summary's order (lower-cased name bytewise, then slug);
    # NULL only inside a transaction that adds a report before its
    # (deferred-checked) municipality.
    position = models.IntegerField(null=True)
    # '{"key":"<slug>","label":"<name>","ags":"<AGS>"|null' — escaped by to_json.
    head = models.TextField(null=True)
    row_json = models.GeneratedField(
        expression=RawSQL(ROW_JSON, ()),  # noqa: S611 - constant SQL
        output_field=models.TextField(null=True),
        db_persist=True,
    )

    def __str__(self) -> str:
        return f"{self.municipality_id}: {self.reports} / {self.contributed}"
