"""Writes of municipalities (the coordinators' admin)."""

from django.db import transaction

from core import cache
from members.audit import diff, log_action, snapshot
from members.cache import MUNICIPALITIES
from members.models import Municipality, User

MUNICIPALITY_FIELDS = [
    "name",
    "official_name",
    "slug",
    "kind",
    "ags",
    "district",
    "population",
    "latitude",
    "longitude",
    "address",
    "website",
    "description",
    "joined_on",
    "left_on",
    "is_example",
]


@transaction.atomic
def municipality_save(*, municipality: Municipality, actor: User | None) -> Municipality:
    """Create or change a municipality; every page and report that names it follows."""
    created = municipality.pk is None
    before = (
        {}
        if created
        else snapshot(Municipality.objects.get(pk=municipality.pk), MUNICIPALITY_FIELDS)
    )
    municipality.full_clean()
    municipality.save()
    changes = diff(municipality, before, MUNICIPALITY_FIELDS)
    if created or changes:
        action = "municipality.create" if created else "municipality.update"
        log_action(actor=actor, obj=municipality, action=action, changes=changes)
    cache.changed(MUNICIPALITIES)
    return municipality


@transaction.atomic
def municipality_delete(*, municipality: Municipality, actor: User | None) -> None:
    """Delete a municipality entered by mistake; one with staff, projects or
    grants is protected by the database (ProtectedError)."""
    log_action(
        actor=actor,
        obj=municipality,
        action="municipality.delete",
        changes=diff(municipality, {}, MUNICIPALITY_FIELDS),
    )
    municipality.delete()
    cache.changed(MUNICIPALITIES)
