"""Every write of the funding app: one function per action, under a row lock.

Each service locks the grant row first (``select_for_update``), so two payouts
recorded at the same moment are checked one after the other: the second sees
the first and is refused when both together would exceed the approved amount.
Every change is written to the history (``members.audit``) in the same
transaction, and the grant's status is recomputed from payouts and obligations.
"""

from collections.abc import Iterable
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.formatting import euro
from funding.cache import funding_changed
from funding.models import Disbursement, FundingProgram, Grant
from funding.services._common import disbursed_total, lock_grant, refresh_payouts_and_status
from funding.services.checks import check_amounts
from members.audit import diff, log_action, snapshot
from members.models import Municipality, User

GRANT_FIELDS = [
    "program",
    "municipality",
    "file_reference",
    "purpose",
    "phase",
    "approved_amount",
    "funding_rate",
    "decision_date",
    "decision_year",
    "period_start",
    "period_end",
    "is_rounded",
    "is_example",
    "note",
]


@transaction.atomic
def grant_create(
    *,
    program: FundingProgram,
    municipality: Municipality,
    purpose: str,
    approved_amount: Decimal,
    actor: User | None,
    projects: Iterable = (),
    **optional,
) -> Grant:
    """Record a Förderbescheid. ``optional`` takes the other fields of GRANT_FIELDS."""
    unknown = set(optional) - set(GRANT_FIELDS)
    if unknown:
        raise TypeError(f"Unknown grant fields: {sorted(unknown)}")
    values = {
        "program": program,
        "municipality": municipality,
        "purpose": purpose,
        "approved_amount": approved_amount,
        **optional,
    }
    if values.get("decision_date") and not values.get("decision_year"):
        values["decision_year"] = values["decision_date"].year
    check_amounts(values, required=("approved_amount",))
    grant = Grant(**values, created_by=actor if actor and actor.is_authenticated else None)
    grant.full_clean(exclude=["projects"])
    grant.save()
    projects = list(projects)
    if projects:
        grant.projects.set(projects)
    log_action(
        actor=actor,
        obj=grant,
        action="grant.create",
        changes={
            **diff(grant, {}, GRANT_FIELDS),
            **({"projects": [None, [str(p) for p in projects]]} if projects else {}),
        },
    )
    funding_changed()
    return grant


@transaction.atomic
def grant_update(
    *, grant: Grant, actor: User | None, projects: Iterable | None = None, **changes
) -> Grant:
    """Change a grant's fields; the approved amount never drops below what was paid."""
    unknown = set(changes) - set(GRANT_FIELDS)
    if unknown:
        raise TypeError(f"Unknown grant fields: {sorted(unknown)}")
    locked = lock_grant(grant)
    before = snapshot(locked, GRANT_FIELDS)
    values = {**before, **changes}
    if changes.get("decision_date") and not changes.get("decision_year"):
        values["decision_year"] = changes["decision_date"].year
    check_amounts(values, required=("approved_amount",))
    paid = disbursed_total(locked)
    if values["approved_amount"] < paid:
        raise ValidationError(
            {
                "approved_amount": _(
                    "Der bewilligte Betrag darf nicht unter den bereits ausgezahlten "
                    "%(paid)s liegen."
                )
                % {"paid": euro(paid)}
            }
        )
    for name, value in values.items():
        setattr(locked, name, value)
    locked.full_clean(exclude=["projects"])
    locked.save()
    field_changes = diff(locked, before, GRANT_FIELDS)
    if projects is not None:
        projects = list(projects)
        old = sorted(str(p) for p in locked.projects.all())
        new = sorted(str(p) for p in projects)
        if old != new:
            locked.projects.set(projects)
            field_changes["projects"] = [old, new]
    if field_changes:
        log_action(actor=actor, obj=locked, action="grant.update", changes=field_changes)
    refresh_payouts_and_status(locked, actor=actor)
    funding_changed()
    grant.__dict__.update({k: v for k, v in locked.__dict__.items() if not k.startswith("_")})
    return locked


@transaction.atomic
def grant_delete(*, grant: Grant, actor: User | None) -> None:
    """Delete a grant recorded by mistake; one with payouts is protected."""
    locked = lock_grant(grant)
    if Disbursement.objects.filter(grant=locked).exists():
        raise ValidationError(_("Ein Förderbescheid mit Auszahlungen kann nicht gelöscht werden."))
    log_action(
        actor=actor, obj=locked, action="grant.delete", changes=diff(locked, {}, GRANT_FIELDS)
    )
    locked.delete()
    funding_changed()


@transaction.atomic
def grant_refresh_status(*, grant: Grant, actor: User | None) -> Grant:
    locked = lock_grant(grant)
    refresh_payouts_and_status(locked, actor=actor)
    funding_changed()
    return locked
