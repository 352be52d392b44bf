"""Programmes and grants, read by the ministry and the cities (token or session)."""

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import permissions as drf_permissions
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.renderers import JSONRenderer

from core.api.query import StrictQuery
from funding import permissions, selectors
from funding.downloads import document_response
from funding.exports import dated_filename
from funding.filters import GrantQueryFilter
from funding.grant_csv import stream_grants_csv
from funding.models import Disbursement, FundingProgram, Grant, ReportingObligation
from funding.renderers import AnyMediaRenderer, SummaryCSVRenderer
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


class FundingProgramViewSet(StrictQuery, viewsets.ReadOnlyModelViewSet):
    """Funding programmes of the state."""

    serializer_class = FundingProgramSerializer
    permission_classes = [CanReadFunding]
    lookup_field = "slug"
    filter_backends: list = []

    def get_queryset(self):
        return selectors.visible_programs(self.request.user)


class GrantViewSet(StrictQuery, viewsets.ReadOnlyModelViewSet):
    """Förderbescheide with approved, disbursed and remaining amounts.

    Staff of a city get their own city's grants only."""

    permission_classes = [CanReadFunding]
    filterset_class = GrantQueryFilter
    search_fields = ["file_reference", "purpose"]
    ordering_fields = ["approved_amount", "decision_year", "decision_date", "id"]
    ordering = ["-decision_year", "municipality__name", "id"]

    def get_queryset(self):
        user = self.request.user
        base = selectors.visible_grants(user)
        if self.action == "retrieve":
            return selectors.grant_detail(base, user=user)
        if self.action == "export":
            return selectors.grant_export(base, user=user)
        if self.action == "document":
            return base
        return selectors.grant_list(base, user=user)

    def get_serializer_class(self):
        return GrantDetailSerializer if self.action == "retrieve" else GrantSerializer

    @extend_schema(
        summary=_("Nachweisdokument einer Nachweispflicht"),
        responses={(200, "*/*"): OpenApiTypes.BINARY},
        # The file is the file, whatever ?format= says: no parameter to document.
        parameters=[OpenApiParameter("format", exclude=True)],
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
        return stream_grants_csv(
            queryset, dated_filename("foerderbescheide", "csv"), user=request.user
        )
