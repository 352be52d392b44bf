"""The grants of each municipality, summed, and its row of the report by city.

Kept by PostgreSQL triggers (migration 0008), whoever writes: on grants the
number, approved and disbursed sums of the municipality's grants (the payouts'
sum is stored on each grant by ``funding.services``, so a payout changes it
through its grant); on municipalities where the city stands in the order of
names (name, then slug, as the report sorts them) and the start of its row in
the report as JSON text. Never written by the application.

The summary by city reads it instead of summing 150,000 grants and sorting
33,000 names (``funding.report_json``): the whole report
from these rows, a filtered one from the filtered grants with the position and
JSON start of their city from here.
"""

from django.db import models

from members.models import Municipality


class MunicipalityTotal(models.Model):
    municipality = models.OneToOneField(
        Municipality,
        primary_key=True,
        on_delete=models.DO_NOTHING,  # the triggers remove the row of a removed city
        db_constraint=False,
        related_name="+",
    )
    # Place in the order of names; NULL only inside a transaction that adds a
    # grant before its (deferred-checked) municipality.
    position = models.IntegerField(null=True)
    # '{"key":"<slug>","label":"<name>","ags":"<AGS>"|null' — escaped by to_json.
    head = models.TextField(null=True)
    grants = models.IntegerField(default=0)
    approved = models.DecimalField(max_digits=20, decimal_places=2, default=0)
    disbursed = models.DecimalField(max_digits=20, decimal_places=2, default=0)

    def __str__(self) -> str:
        return f"{self.municipality_id}: {self.grants} / {self.approved} / {self.disbursed}"
