"""Grant filters, shared by the API, the summary report and the pages."""

import re

import django_filters
from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field

from core.api.filters import AmountFilter
from funding.models import FundingProgram, Grant
from members.models import Municipality

AGS = re.compile(r"\d{8}")
# The years a decision may have (Grant's CHECK), as the API's schema states them.
DECISION_YEAR_SCHEMA = {"type": "integer", "minimum": 1990, "maximum": 2100}


@extend_schema_field(DECISION_YEAR_SCHEMA)
class DecisionYearFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField


class GrantFilter(django_filters.FilterSet):
    program = django_filters.ModelChoiceFilter(
        label=_("Förderprogramm"),
        queryset=FundingProgram.objects.all(),
        to_field_name="slug",
        empty_label=_("Alle Programme"),
        help_text=_("Kurzname (slug) des Programms."),
    )
    municipality = django_filters.CharFilter(
        label=_("Kommune"),
        method="filter_municipality",
        help_text=_("Kurzname (slug) oder Amtlicher Gemeindeschlüssel (8 Ziffern)."),
    )
    year = DecisionYearFilter(
        label=_("Jahr des Bescheids"), field_name="decision_year", min_value=1990, max_value=2100
    )
    status = django_filters.ChoiceFilter(
        label=_("Stand"), choices=Grant.Status.choices, empty_label=_("Alle Stände")
    )
    amount_min = AmountFilter(
        label=_("Bewilligt ab (EUR)"), field_name="approved_amount", lookup_expr="gte"
    )
    amount_max = AmountFilter(
        label=_("Bewilligt bis (EUR)"), field_name="approved_amount", lookup_expr="lte"
    )

    class Meta:
        model = Grant
        fields = ["program", "municipality", "year", "status", "amount_min", "amount_max"]

    def filter_municipality(self, queryset: QuerySet, name: str, value) -> QuerySet:
        if isinstance(value, Municipality):  # typed by name on the page (funding.forms)
            return queryset.filter(municipality=value)
        value = value.strip()
        if AGS.fullmatch(value):
            return queryset.filter(municipality__ags=value)
        return queryset.filter(municipality__slug=value)


class GrantQueryFilter(GrantFilter):
    """The API's grant filters: a programme's slug that names none matches no
    grant (an empty list, not a 400; the page keeps its select)."""

    program = django_filters.CharFilter(
        label=_("Förderprogramm"),
        field_name="program__slug",
        help_text=_("Kurzname (slug) des Programms."),
    )
