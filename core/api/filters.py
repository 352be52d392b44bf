import re
from datetime import UTC

import django_filters
from django.core.exceptions import ValidationError
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_filters import fields
from drf_spectacular.utils import extend_schema_field
from rest_framework import filters, serializers
from rest_framework.exceptions import ValidationError as APIValidationError


class SearchFilter(filters.SearchFilter):
    """DRF's search; a value it refuses is a 400 that names the parameter.

    DRF answers a NUL byte with a bare list (``["Nullzeichen …"]``); clients
    get field errors everywhere else. Overlong input is refused before it
    becomes one LIKE clause per word and field.
    """

    max_length = 200

    def get_search_terms(self, request):
        value = request.query_params.get(self.search_param, "")
        field = serializers.CharField(
            trim_whitespace=False, allow_blank=True, max_length=self.max_length
        )
        try:
            cleaned = field.run_validation(value)
        except APIValidationError as error:
            raise APIValidationError({self.search_param: error.detail}) from None
        return filters.search_smart_split(cleaned)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["schema"]["maxLength"] = self.max_length
        return parameters


class OrderingFilter(filters.OrderingFilter):
    """DRF's ordering, made stable.

    Empty values come last in both directions (PostgreSQL puts them first when
    descending), and the primary key breaks ties, so page 2 of a list ordered
    by a non-unique field neither repeats nor skips rows.
    """

    def filter_queryset(self, request, queryset, view):
        ordering = self.get_ordering(request, queryset, view)
        if not ordering:
            return queryset
        terms = [self._nulls_last(term) for term in ordering]
        if not any(isinstance(term, str) and term.lstrip("-") in ("pk", "id") for term in ordering):
            terms.append(F("pk").asc())
        return queryset.order_by(*terms)

    def get_schema_operation_parameters(self, view):
        # Fields, each ascending or with "-" descending, separated by commas; the
        # schema's pattern names them, so ``core.api.query`` refuses an unknown
        # field (DRF would ignore it).
        parameters = super().get_schema_operation_parameters(view)
        fields = getattr(view, "ordering_fields", None)
        if isinstance(fields, list | tuple):
            term = "-?(" + "|".join(re.escape(name) for name in fields) + ")"
            for parameter in parameters:
                parameter["schema"]["pattern"] = f"^{term}(,{term})*$"
        return parameters

    @staticmethod
    def _nulls_last(term):
        if not isinstance(term, str):
            return term
        if term.startswith("-"):
            return F(term[1:]).desc(nulls_last=True)
        return F(term).asc(nulls_last=True)


class IsoDateTimeField(fields.IsoDateTimeField):
    """An ISO 8601 date and time, handed to the database in UTC.

    PostgreSQL refuses UTC offsets beyond ±15:59 that Python accepts
    ("…T00:00+16:00"), and an offset can push year 1 or 9999 out of range; both
    were a 500. In UTC every accepted value is one PostgreSQL stores.
    """

    default_error_messages = {
        "out_of_range": _("Datum und Uhrzeit liegen außerhalb des gültigen Bereichs."),
    }

    def to_python(self, value):
        result = super().to_python(value)
        if result is None or timezone.is_naive(result):
            return result
        try:
            return result.astimezone(UTC)
        except OverflowError:
            message = self.error_messages["out_of_range"]
            raise ValidationError(message, code="out_of_range") from None


class IsoDateTimeFilter(django_filters.IsoDateTimeFilter):
    field_class = IsoDateTimeField


# django-filter's NumberFilter refuses more than 1e50 (a guard against huge
# numbers); the schema says so, and that amounts are not negative.
AMOUNT_SCHEMA = {"type": "number", "minimum": 0, "maximum": 1e50}


@extend_schema_field(AMOUNT_SCHEMA)
class AmountFilter(django_filters.NumberFilter):
    """An amount in euro: a number from 0 to 1e50."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 0)
        super().__init__(*args, **kwargs)
