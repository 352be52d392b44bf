"""The API of experience reports (issue 13): logged-in readers only; writes
through ``projects.services.report_save`` (German field errors, 400; a second
report on an adoption 409; an unknown adoption 404)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_filters import rest_framework as django_filters
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from core.api.fields import (
    STRICT_FIELD_MAPPING,
    UNKNOWN_REFERENCE,
    StrictCharField,
    StrictIntegerField,
)
from core.api.query import StrictQuery
from core.text import validate_multi_line
from members.api import MunicipalityRefSerializer
from projects import permissions, services
from projects.models import Adoption, ExperienceReport
from projects.models.reuse import (
    DURATION_MESSAGE,
    EFFORT_MESSAGE,
    MAX_DURATION_MONTHS,
    MAX_EFFORT_DAYS,
    MAX_POST_LENGTH,
)
from projects.querysets import visible_condition
from projects.services.reuse import REPORT_DENIED

AMOUNT = {"max_digits": 13, "decimal_places": 2, "coerce_to_string": True}


@extend_schema_field(
    {"type": "string", "format": "decimal", "pattern": r"^[0-9]{1,11}(?:\.[0-9]{1,2})?$"}
)
class AmountInput(serializers.DecimalField):
    """Euros as a JSON string with at most two places, never negative ("12000.50")."""

    def __init__(self, **kwargs):
        super().__init__(max_digits=13, decimal_places=2, **kwargs)

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class AdoptionReference(serializers.PrimaryKeyRelatedField):
    """An adoption by its id; one that does not exist or may not be seen is an
    ``unknown_reference`` (a 404 when nothing else is wrong, as ``SlugReference``)."""

    default_error_messages = {
        UNKNOWN_REFERENCE: gettext_lazy(
            "Die Nachnutzung %(pk)s gibt es nicht oder Sie dürfen sie nicht sehen."
        ),
    }

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int):
            self.fail("incorrect_type", data_type=type(data).__name__)
        queryset = self.get_queryset()
        found = queryset.filter(pk=data).first() if 0 < data < 2**63 else None
        if found is None:
            raise serializers.ValidationError(
                self.error_messages[UNKNOWN_REFERENCE] % {"pk": data}, code=UNKNOWN_REFERENCE
            )
        return found


class ReportSerializer(serializers.ModelSerializer):
    adoption = serializers.PrimaryKeyRelatedField(read_only=True)
    project = serializers.SlugRelatedField(
        source="adoption.project", slug_field="slug", read_only=True
    )
    municipality = MunicipalityRefSerializer(source="adoption.municipality", read_only=True)
    investment_cost = serializers.DecimalField(**AMOUNT, read_only=True)
    running_cost_per_year = serializers.DecimalField(**AMOUNT, read_only=True)
    avoided_investment = serializers.DecimalField(
        **AMOUNT,
        read_only=True,
        help_text=gettext_lazy("Investition des Originals − eigene Investition, nie unter 0."),
    )
    avoided_effort_days = serializers.IntegerField(read_only=True)

    class Meta:
        model = ExperienceReport
        fields = [
            "id",
            "adoption",
            "project",
            "municipality",
            *ExperienceReport.WRITTEN_BY_CITY,
            "is_example",
            "avoided_investment",
            "avoided_effort_days",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class ReportWriteSerializer(serializers.ModelSerializer):
    """The report's fields; ranges and the adoption's state are the model's and
    the service's to check (German field errors, 400)."""

    serializer_field_mapping = STRICT_FIELD_MAPPING
    investment_cost = AmountInput()
    running_cost_per_year = AmountInput()
    effort_person_days = StrictIntegerField(
        min_value=0,
        max_value=MAX_EFFORT_DAYS,
        error_messages={"min_value": EFFORT_MESSAGE, "max_value": EFFORT_MESSAGE},
    )
    duration_months = StrictIntegerField(
        min_value=0,
        max_value=MAX_DURATION_MONTHS,
        error_messages={"min_value": DURATION_MESSAGE, "max_value": DURATION_MESSAGE},
    )
    adaptations = StrictCharField(
        required=False,
        allow_blank=True,
        max_length=MAX_POST_LENGTH,
        validators=[validate_multi_line],
    )
    text = StrictCharField(
        required=False,
        allow_blank=True,
        max_length=MAX_POST_LENGTH,
        validators=[validate_multi_line],
    )

    class Meta:
        model = ExperienceReport
        fields = ExperienceReport.WRITTEN_BY_CITY

    def get_validators(self):
        return []  # the service decides (one report per adoption: the model's unique rule)

    def run_validators(self, value):
        return value


class ReportCreateSerializer(ReportWriteSerializer):
    adoption = AdoptionReference(
        queryset=Adoption.objects.none(),
        help_text=gettext_lazy("Die Nachnutzung (ID), über die berichtet wird."),
    )

    class Meta(ReportWriteSerializer.Meta):
        fields = ["adoption", *ReportWriteSerializer.Meta.fields]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = getattr(self.context.get("request"), "user", None)
        self.fields["adoption"].queryset = Adoption.objects.visible_to(user)

    def validate_adoption(self, adoption: Adoption) -> Adoption:
        # Naming another city's adoption is a fault of the input: a field error.
        user = self.context["request"].user
        if not permissions.can_write_report(user, adoption):
            raise serializers.ValidationError(
                _("Über diese Nachnutzung berichtet nur die nachnutzende Kommune.")
            )
        return adoption


class ReportFilter(django_filters.FilterSet):
    project = django_filters.CharFilter(field_name="adoption__project__slug")
    municipality = django_filters.CharFilter(field_name="adoption__municipality__slug")
    recommendation = django_filters.ChoiceFilter(choices=ExperienceReport.Recommendation.choices)

    class Meta:
        model = ExperienceReport
        fields: list[str] = []


@extend_schema_view(
    create=extend_schema(request=ReportCreateSerializer, responses={201: ReportSerializer}),
    update=extend_schema(request=ReportWriteSerializer, responses=ReportSerializer),
    partial_update=extend_schema(request=ReportWriteSerializer, responses=ReportSerializer),
)
class ReportViewSet(
    StrictQuery, mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet
):
    """Erfahrungsberichte der nachnutzenden Kommunen (nur für Angemeldete)."""

    serializer_class = ReportSerializer
    permission_classes = [IsAuthenticated]
    filter_backends = [django_filters.DjangoFilterBackend]
    filterset_class = ReportFilter
    error_statuses = dict.fromkeys(("create", "update", "partial_update"), (409,))

    def get_queryset(self):
        return (
            ExperienceReport.objects.filter(
                visible_condition(self.request.user, "adoption__project__")
            )
            .select_related("adoption__project", "adoption__municipality")
            .order_by("-updated_at", "-pk")
        )

    def get_serializer_class(self):
        if self.action == "create":
            return ReportCreateSerializer
        if self.action in ("update", "partial_update"):
            return ReportWriteSerializer
        return ReportSerializer

    def _out(self, report: ExperienceReport, code: int = status.HTTP_200_OK) -> Response:
        return Response(ReportSerializer(self.get_queryset().get(pk=report.pk)).data, status=code)

    def create(self, request: Request, *args, **kwargs) -> Response:
        serializer = ReportCreateSerializer(
            data=request.data, context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        fields = dict(serializer.validated_data)
        adoption = fields.pop("adoption")
        report = services.report_save(
            adoption=adoption, actor=request.user, only_new=True, **fields
        )
        return self._out(report, status.HTTP_201_CREATED)

    def update(self, request: Request, *args, **kwargs) -> Response:
        report = self.get_object()
        if not permissions.can_write_report(request.user, report.adoption):
            raise PermissionDenied(str(REPORT_DENIED))
        serializer = ReportWriteSerializer(
            report, data=request.data, partial=kwargs.get("partial", False)
        )
        serializer.is_valid(raise_exception=True)
        report = services.report_save(
            adoption=report.adoption, actor=request.user, **serializer.validated_data
        )
        return self._out(report)
