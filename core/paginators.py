"""A paginator that reads a page and the number of all results in one query."""

from django.core.paginator import Page, Paginator
from django.db.models import Count, QuerySet, Window

TOTAL = "_total_rows"


class WindowCountPaginator(Paginator):
    """``get_page`` with one statement instead of a COUNT and a page query.

    The page's rows carry ``COUNT(*) OVER ()``, the number of all rows before
    the LIMIT. Meant for querysets the database reads in full anyway to order
    them (a catalogue search ranked by relevance), where a separate COUNT
    would find every match a second time. A page past the end (or no results
    at all) has no row to carry the count, nor has a number below 1: then it
    is counted and the page chosen as Django's ``Paginator.get_page`` does.
    """

    def get_page(self, number):
        try:
            number = int(number)
        except (TypeError, ValueError):
            number = 1  # as Django: what is not a number asks for the first page
        if number < 1:
            return super().get_page(number)  # Django answers with the last page
        bottom = (number - 1) * self.per_page
        queryset: QuerySet = self.object_list  # type: ignore[assignment]
        rows = list(
            queryset.annotate(**{TOTAL: Window(Count("*"))})[bottom : bottom + self.per_page]
        )
        if not rows:
            return super().get_page(number)
        self.__dict__["count"] = getattr(rows[0], TOTAL)  # the cached_property's value
        return Page(rows, number, self)
