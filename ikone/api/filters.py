from django.db.models import F
from rest_framework import filters


class OrderingFilter(filters.OrderingFilter):
    """DRF's ordering, made stable and the same on every database.

    Empty values come last in both directions (PostgreSQL and SQLite disagree
    otherwise), and the primary key breaks ties, so page 2 of a list ordered by
    a non-unique field neither repeats nor skips rows.
    """

    def filter_queryset(self, request, queryset, view):
        ordering = self.get_ordering(request, queryset, view)
        if not ordering:
            return queryset
        terms = [self._nulls_last(term) for term in ordering]
        if not any(isinstance(term, str) and term.lstrip("-") in ("pk", "id") for term in ordering):
            terms.append(F("pk").asc())
        return queryset.order_by(*terms)

    @staticmethod
    def _nulls_last(term):
        if not isinstance(term, str):
            return term
        if term.startswith("-"):
            return F(term[1:]).desc(nulls_last=True)
        return F(term).asc(nulls_last=True)
