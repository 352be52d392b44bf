"""Who may see and change which grant — one place for pages, API and downloads.

An object you may not see answers 404, one you may see but not change 403.
"""

from django.db.models import QuerySet

from funding.models import Grant, ReportingObligation


def can_view_funding(user) -> bool:
    """Staff of a member city, coordinators and the ministry read grants."""
    return bool(
        user
        and user.is_authenticated
        and user.is_active
        and (user.is_coordinator or user.is_ministry or user.is_municipal_staff)
    )


def sees_all_grants(user) -> bool:
    return can_view_funding(user) and (user.is_coordinator or user.is_ministry)


def restrict_to_user(queryset: QuerySet, user, *, municipality_field: str) -> QuerySet:
    """Rows the user may read: all for coordinators and the ministry, the own
    city's for its staff, none for anybody else."""
    if sees_all_grants(user):
        return queryset
    if can_view_funding(user) and user.is_municipal_staff:
        return queryset.filter(**{municipality_field: user.municipality_id})
    return queryset.none()


def can_view_grant(user, grant: Grant) -> bool:
    if sees_all_grants(user):
        return True
    return (
        can_view_funding(user)
        and user.is_municipal_staff
        and grant.municipality_id == user.municipality_id
    )


def can_record_funding(user) -> bool:
    """Grants, payouts and obligations are recorded by the coordinators."""
    return can_view_funding(user) and user.is_coordinator


def can_submit_obligation(user, obligation: ReportingObligation) -> bool:
    """The recipient city's staff mark their proof submitted; coordinators any."""
    if can_record_funding(user):
        return True
    return (
        can_view_funding(user)
        and user.is_municipal_staff
        and obligation.grant.municipality_id == user.municipality_id
    )
