"""Who may see and change which grant — one place for pages, API and downloads.

An object you may not see answers 404, one you may see but not change 403.
"""

from dataclasses import dataclass

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


@dataclass(frozen=True)
class GrantScope:
    """Which grants a reader may read: all, one city's, or none.

    The one answer for the selectors (``apply``) and for cached reports
    (``key``), so a report is never read outside the scope it was computed in.
    """

    sees_all: bool = False
    municipality_id: int | None = None

    @property
    def key(self) -> str:
        if self.sees_all:
            return "all"
        return f"city-{self.municipality_id}" if self.municipality_id else "none"

    def apply(self, queryset: QuerySet, municipality_field: str) -> QuerySet:
        if self.sees_all:
            return queryset
        if self.municipality_id:
            return queryset.filter(**{municipality_field: self.municipality_id})
        return queryset.none()


def grant_scope(user) -> GrantScope:
    """All grants for coordinators and the ministry, the own city's for its
    staff, none for anybody else."""
    if sees_all_grants(user):
        return GrantScope(sees_all=True)
    if can_view_funding(user) and user.is_municipal_staff:
        return GrantScope(municipality_id=user.municipality_id)
    return GrantScope()


def restrict_to_user(queryset: QuerySet, user, *, municipality_field: str) -> QuerySet:
    """Rows the user may read (see ``grant_scope``)."""
    return grant_scope(user).apply(queryset, municipality_field)


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
