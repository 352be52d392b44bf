"""The summary report: one row per group and a total, as JSON, CSV or XLSX."""

import json
from decimal import Decimal

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.renderers import BrowsableAPIRenderer, JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api.filters import AMOUNT_SCHEMA
from core.api.query import StrictQuery
from funding import permissions, report_json, selectors
from funding.api.grants import CanReadFunding
from funding.cache import cached_report
from funding.exports import attachment_header, summary_filename
from funding.filters import DECISION_YEAR_SCHEMA, GrantQueryFilter
from funding.models import Grant
from funding.renderers import SummaryCSVRenderer, SummaryXLSXRenderer


class SummaryRowListSerializer(serializers.ListSerializer):
    def to_representation(self, rows) -> list[dict]:
        # One comprehension instead of a call per row: a summary by city has
        # 11,000 rows.
        return [_summary_row(row) for row in rows]


class SummaryRowSerializer(serializers.Serializer):
    key = serializers.CharField(allow_null=True, help_text=_("Slug, Jahr, Stand oder 'total'."))
    label = serializers.CharField()
    ags = serializers.CharField(allow_null=True, required=False)
    grants = serializers.IntegerField()
    approved = serializers.DecimalField(max_digits=16, decimal_places=2, coerce_to_string=True)
    disbursed = serializers.DecimalField(max_digits=16, decimal_places=2, coerce_to_string=True)
    remaining = serializers.DecimalField(max_digits=16, decimal_places=2, coerce_to_string=True)

    class Meta:
        list_serializer_class = SummaryRowListSerializer

    def to_representation(self, row: selectors.SummaryRow) -> dict:
        """What the declared fields give (tests compare both), written out: the
        generic field-by-field path would take longer for a summary by city
        than the database needs to sum it."""
        return _summary_row(row)


def _summary_row(row: selectors.SummaryRow) -> dict:
    return {
        "key": None if row.key is None else str(row.key),
        "label": str(row.label),
        "ags": None if row.ags is None else str(row.ags),
        "grants": int(row.grants),
        "approved": _amount(row.approved),
        "disbursed": _amount(row.disbursed),
        "remaining": _amount(row.remaining),
    }


def _amount(value: Decimal) -> str:
    # As DecimalField(decimal_places=2, coerce_to_string=True) renders it. The
    # summary's amounts are sums of numeric(14, 2) columns and their
    # differences, which have two places: str() writes those exactly so and
    # takes a fifth of the time of formatting.
    text = str(value)
    return text if text[-3:-2] == "." else f"{value:.2f}"


class SummarySerializer(serializers.Serializer):
    group_by = serializers.ChoiceField(choices=selectors.GROUP_BY)
    generated_at = serializers.DateTimeField()
    rows = SummaryRowSerializer(many=True)
    total = SummaryRowSerializer()


class SummaryQuerySerializer(serializers.Serializer):
    group_by = serializers.ChoiceField(
        choices=selectors.GROUP_BY,
        default="program",
        error_messages={
            "invalid_choice": _(
                "„{input}“ ist keine Gruppierung. Erlaubt: program, year, municipality, status."
            )
        },
    )


@extend_schema(
    summary=_("Förderung zusammengefasst nach Programm, Jahr, Kommune oder Stand"),
    parameters=[
        OpenApiParameter("group_by", str, enum=list(selectors.GROUP_BY), default="program"),
        OpenApiParameter("program", str, description=_("Kurzname des Programms")),
        OpenApiParameter("municipality", str, description=_("Kurzname oder AGS der Kommune")),
        OpenApiParameter("year", DECISION_YEAR_SCHEMA, description=_("Jahr des Bescheids")),
        OpenApiParameter("status", str, enum=list(Grant.Status.values)),
        OpenApiParameter("amount_min", AMOUNT_SCHEMA, description=_("Bewilligt ab (EUR)")),
        OpenApiParameter("amount_max", AMOUNT_SCHEMA, description=_("Bewilligt bis (EUR)")),
        OpenApiParameter("format", str, enum=["json", "csv", "xlsx"]),
    ],
    responses={
        (200, "application/json"): SummarySerializer,
        (200, "text/csv"): OpenApiTypes.STR,
        (200, SummaryXLSXRenderer.media_type): OpenApiTypes.BINARY,
    },
)
class FundingSummaryView(StrictQuery, APIView):
    """One row per group with grants, approved, disbursed and remaining, and a total.

    Exact sums from the database; as JSON, CSV or XLSX (``?format=`` or Accept).
    Cached until the next change to the figures (funding.cache): ``generated_at``
    says when they were summed."""

    permission_classes = [CanReadFunding]
    renderer_classes = [JSONRenderer, BrowsableAPIRenderer, SummaryCSVRenderer, SummaryXLSXRenderer]

    def get(self, request):
        query = SummaryQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        group_by = query.validated_data["group_by"]
        scope = permissions.grant_scope(request.user)
        grants = selectors.grants_in(scope)
        # A filter set with none of its parameters given filters nothing and
        # finds no error: built only when one is (its form and filters are
        # deep-copied per request, about as long as the rest of the view).
        if any(name in GrantQueryFilter.base_filters for name in request.query_params):
            filterset = GrantQueryFilter(request.query_params, queryset=grants, request=request)
            if not filterset.is_valid():
                raise ValidationError(filterset.errors)
            grants = filterset.qs

        def compute() -> bytes:
            generated_at = serializers.DateTimeField().to_representation(timezone.now())
            # UTF-8 bytes (5 MB by city at --scale 3): cached and sent as
            # they are, never decoded, pickled or encoded again.
            return report_json.funding_summary_json(grants, group_by, generated_at)

        params = [
            (name, value)
            for name, values in request.query_params.lists()
            if name != "format"
            for value in values
        ]
        # The report as JSON, written by the database and cached as it is:
        # sent on as it is, parsed only for CSV, XLSX and the browsable API.
        document = cached_report(scope, group_by, params, compute)
        self._group_by = group_by
        if getattr(request.accepted_renderer, "format", None) == "json":
            return HttpResponse(document, content_type="application/json")
        return Response(json.loads(document))

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        renderer = getattr(request, "accepted_renderer", None)
        fmt = getattr(renderer, "format", None)
        if response.status_code == 200 and fmt in ("csv", "xlsx"):
            filename = summary_filename(getattr(self, "_group_by", "program"), fmt)
            response["Content-Disposition"] = attachment_header(filename)
        return response
