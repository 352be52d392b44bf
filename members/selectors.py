from datetime import date

from django.db.models import QuerySet

from members.models import Municipality


def municipality_list(
    *,
    query: str = "",
    kind: str = "",
    district: str = "",
    member_since: int | None = None,
    members_only: bool = True,
) -> QuerySet[Municipality]:
    """Municipalities for the public member list and the API."""
    municipalities = Municipality.objects.all()
    if members_only:
        municipalities = municipalities.members()
    if query:
        municipalities = municipalities.search(query)
    if kind:
        municipalities = municipalities.filter(kind=kind)
    if district:
        municipalities = municipalities.filter(district=district)
    if member_since:
        municipalities = municipalities.filter(joined_on__year=member_since)
    return municipalities.order_by("name")


def district_choices() -> list[str]:
    return list(
        Municipality.objects.members()
        .exclude(district="")
        .order_by("district")
        .values_list("district", flat=True)
        .distinct()
    )


def member_count(on: date | None = None) -> int:
    return Municipality.objects.members(on).exclude(kind=Municipality.Kind.ORGANISATION).count()
