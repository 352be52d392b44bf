"""Read-only API for the ministry and the cities: programmes, grants, reports.

Token or session; anonymous callers get 401. Staff of a city read their own
city's grants only; the ministry and the coordinators read all of them.
Amounts are strings with two decimals ("60750.00").
"""

from decimal import Decimal

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import permissions as drf_permissions
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.renderers import BrowsableAPIRenderer, JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from funding import permissions, selectors
from funding.cache import cached_report
from funding.downloads import document_response
from funding.exports import attachment_header, dated_filename, stream_grants_csv, summary_filename
from funding.filters import GrantFilter
from funding.models import Disbursement, FundingProgram, Grant, ReportingObligation
from funding.renderers import AnyMediaRenderer, SummaryCSVRenderer, SummaryXLSXRenderer
from members.api import MunicipalityRefSerializer

AMOUNT = {"max_digits": 14, "decimal_places": 2, "coerce_to_string": True, "read_only": True}


class CanReadFunding(drf_permissions.BasePermission):
    """Authenticated (else 401) and one of the roles that read grants (else 403)."""

    message = _("Ihr Konto hat keinen Zugriff auf Förderdaten.")

    def has_permission(self, request, view) -> bool:
        if not (request.user and request.user.is_authenticated):
            return False
        return permissions.can_view_funding(request.user)


class FundingProgramSerializer(serializers.ModelSerializer):
    budget = serializers.DecimalField(**AMOUNT, allow_null=True)
    grant_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = FundingProgram
        fields = [
            "slug",
            "name",
            "funder",
            "description",
            "start_date",
            "end_date",
            "budget",
            "note",
            "is_example",
            "grant_count",
        ]


class ProjectRefSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    title = serializers.CharField(read_only=True)
    slug = serializers.SlugField(read_only=True)


class DisbursementSerializer(serializers.ModelSerializer):
    amount = serializers.DecimalField(**AMOUNT)

    class Meta:
        model = Disbursement
        fields = ["id", "paid_on", "amount", "note"]


class ObligationSerializer(serializers.ModelSerializer):
    # A plain string, not a second enum named "status" beside the grant's
    # (drf-spectacular would have to invent a name for one of them).
    status = serializers.CharField(read_only=True, help_text=_("„offen“ oder „eingereicht“."))
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    is_overdue = serializers.BooleanField(read_only=True)
    document_url = serializers.SerializerMethodField(
        allow_null=True, help_text="null, solange kein Dokument hochgeladen ist."
    )

    class Meta:
        model = ReportingObligation
        fields = [
            "id",
            "kind",
            "kind_display",
            "due_date",
            "status",
            "status_display",
            "submitted_on",
            "is_overdue",
            "is_example",
            "note",
            "document_url",
        ]

    @extend_schema_field(OpenApiTypes.URI)
    def get_document_url(self, obligation: ReportingObligation) -> str | None:
        if not obligation.document:
            return None
        request = self.context.get("request")
        url = reverse(
            "api:grant-document",
            kwargs={"pk": obligation.grant_id, "obligation_id": obligation.pk},
        )
        return request.build_absolute_uri(url) if request else url


class GrantSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:grant-detail")
    program = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    program_name = serializers.CharField(source="program.name", read_only=True)
    municipality = MunicipalityRefSerializer(read_only=True)
    approved_amount = serializers.DecimalField(**AMOUNT)
    disbursed = serializers.DecimalField(**AMOUNT)
    remaining = serializers.DecimalField(**AMOUNT)
    funding_rate = serializers.DecimalField(
        max_digits=5, decimal_places=2, coerce_to_string=True, read_only=True, allow_null=True
    )
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    has_overdue = serializers.BooleanField(
        read_only=True, help_text=_("Mindestens ein Nachweis ist überfällig.")
    )
    projects = ProjectRefSerializer(many=True, read_only=True)

    class Meta:
        model = Grant
        fields = [
            "id",
            "url",
            "program",
            "program_name",
            "municipality",
            "file_reference",
            "purpose",
            "phase",
            "approved_amount",
            "disbursed",
            "remaining",
            "funding_rate",
            "decision_date",
            "decision_year",
            "period_start",
            "period_end",
            "status",
            "status_display",
            "has_overdue",
            "projects",
            "is_rounded",
            "is_example",
            "note",
        ]


class GrantDetailSerializer(GrantSerializer):
    disbursements = DisbursementSerializer(many=True, read_only=True)
    obligations = ObligationSerializer(many=True, read_only=True)

    class Meta(GrantSerializer.Meta):
        fields = [*GrantSerializer.Meta.fields, "disbursements", "obligations"]


class FundingProgramViewSet(viewsets.ReadOnlyModelViewSet):
    """Funding programmes of the state."""

    serializer_class = FundingProgramSerializer
    permission_classes = [CanReadFunding]
    lookup_field = "slug"
    filter_backends: list = []

    def get_queryset(self):
        return selectors.visible_programs(self.request.user)


class GrantViewSet(viewsets.ReadOnlyModelViewSet):
    """Förderbescheide with approved, disbursed and remaining amounts.

    Staff of a city get their own city's grants only."""

    permission_classes = [CanReadFunding]
    filterset_class = GrantFilter
    search_fields = ["file_reference", "purpose"]
    ordering_fields = ["approved_amount", "decision_year", "decision_date", "id"]
    ordering = ["-decision_year", "municipality__name", "id"]

    def get_queryset(self):
        base = selectors.visible_grants(self.request.user)
        if self.action == "retrieve":
            return selectors.grant_detail(base)
        if self.action == "export":
            return selectors.grant_export(base)
        if self.action == "document":
            return base
        return selectors.grant_list(base)

    def get_serializer_class(self):
        return GrantDetailSerializer if self.action == "retrieve" else GrantSerializer

    @extend_schema(
        summary=_("Nachweisdokument einer Nachweispflicht"),
        responses={(200, "*/*"): OpenApiTypes.BINARY},
    )
    @action(
        detail=True,
        methods=["get"],
        url_path=r"obligations/(?P<obligation_id>\d+)/document",
        url_name="document",
        renderer_classes=[JSONRenderer, AnyMediaRenderer],
        filter_backends=[],
    )
    def document(self, request, pk=None, obligation_id=None):
        """The uploaded proof, for whoever may read the grant (token or session)."""
        grant = self.get_object()
        obligation = get_object_or_404(grant.obligations.all(), pk=obligation_id)
        return document_response(obligation)

    @extend_schema(
        summary=_("Alle Förderbescheide als CSV (gestreamt)"),
        # the list's filters apply (and can be refused with a 400)
        filters=True,
        responses={(200, "text/csv"): OpenApiTypes.STR},
    )
    @action(detail=False, methods=["get"], renderer_classes=[JSONRenderer, SummaryCSVRenderer])
    def export(self, request):
        """Every grant matching the filters, one CSV row each, streamed from the database."""
        queryset = self.filter_queryset(self.get_queryset()).order_by("pk")
        return stream_grants_csv(queryset, dated_filename("foerderbescheide", "csv"))


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
        OpenApiParameter("year", int, description=_("Jahr des Bescheids")),
        OpenApiParameter("status", str, enum=list(Grant.Status.values)),
        OpenApiParameter("amount_min", float, description=_("Bewilligt ab (EUR)")),
        OpenApiParameter("amount_max", float, description=_("Bewilligt bis (EUR)")),
        OpenApiParameter("format", str, enum=["json", "csv", "xlsx"]),
    ],
    responses={
        (200, "application/json"): SummarySerializer,
        (200, "text/csv"): OpenApiTypes.STR,
        (200, SummaryXLSXRenderer.media_type): OpenApiTypes.BINARY,
    },
)
class FundingSummaryView(APIView):
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
        filterset = GrantFilter(
            request.query_params, queryset=selectors.grants_in(scope), request=request
        )
        if not filterset.is_valid():
            raise ValidationError(filterset.errors)

        def compute() -> dict:
            summary = selectors.funding_summary(filterset.qs, group_by)
            data = SummarySerializer(
                {
                    "group_by": group_by,
                    "generated_at": timezone.now(),
                    "rows": summary.rows,
                    "total": summary.total,
                }
            ).data
            return {**data, "rows": list(data["rows"])}  # plain values, for the cache

        params = [
            (name, value)
            for name, values in request.query_params.lists()
            if name != "format"
            for value in values
        ]
        response = Response(cached_report(scope, group_by, params, compute))
        self._group_by = group_by
        return response

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        renderer = getattr(request, "accepted_renderer", None)
        fmt = getattr(renderer, "format", None)
        if response.status_code == 200 and fmt in ("csv", "xlsx"):
            filename = summary_filename(getattr(self, "_group_by", "program"), fmt)
            response["Content-Disposition"] = attachment_header(filename)
        return response
