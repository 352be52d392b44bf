"""The API of adoptions (Nachnutzungen): who reuses which project of whom."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from core.api.fields import STRICT_FIELD_MAPPING, SlugReference, StrictCharField
from core.api.filters import OrderingFilter
from core.api.query import StrictQuery
from core.text import validate_multi_line
from members.api import MunicipalityRefSerializer
from members.models import Municipality
from projects import permissions, selectors, services
from projects.api.filters import AdoptionFilter
from projects.models import Adoption, Project


class AdoptionSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:adoption-detail")
    project = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    project_title = serializers.CharField(source="project.title", read_only=True)
    lead_municipality = MunicipalityRefSerializer(
        source="project.lead_municipality", read_only=True
    )
    municipality = MunicipalityRefSerializer(read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    resulting_project = serializers.SerializerMethodField(
        help_text=gettext_lazy(
            "Kurzname des eigenen Projekts der nachnutzenden Kommune, das daraus entstanden ist "
            "(die Herkunftslinie); leer, wenn keines genannt oder nicht sichtbar ist."
        )
    )
    note = serializers.CharField(
        read_only=True, allow_null=True, help_text=gettext_lazy("Nur für angemeldete Nutzer/innen.")
    )

    class Meta:
        model = Adoption
        fields = [
            "id",
            "url",
            "project",
            "project_title",
            "lead_municipality",
            "municipality",
            "status",
            "status_display",
            "started_on",
            "completed_on",
            "note",
            "resulting_project",
            "is_example",
            "created_at",
            "updated_at",
        ]

    def get_resulting_project(self, adoption: Adoption) -> str | None:
        resulting = adoption.resulting_project
        if resulting is None:
            return None
        request = self.context.get("request")
        user = getattr(request, "user", None)
        return resulting.slug if permissions.can_view_project(user, resulting) else None

    def to_representation(self, adoption: Adoption) -> dict:
        data = super().to_representation(adoption)
        request = self.context.get("request")
        if request is None or not request.user.is_authenticated:
            data["note"] = None
        return data


class AdoptionCreateSerializer(serializers.Serializer):
    project = SlugReference(
        slug_field="slug",
        queryset=Project.objects.none(),
        help_text=gettext_lazy("Kurzname eines veröffentlichten Projekts."),
    )
    municipality = SlugReference(
        slug_field="slug",
        queryset=Municipality.objects.all(),
        required=False,
        help_text=gettext_lazy(
            "Kurzname der nachnutzenden Kommune; für Kommunen-Zugänge deren eigene."
        ),
    )
    status = serializers.ChoiceField(choices=Adoption.Status.choices, default="interessiert")
    started_on = serializers.DateField(required=False, allow_null=True)
    completed_on = serializers.DateField(required=False, allow_null=True)
    note = StrictCharField(
        required=False, allow_blank=True, default="", validators=[validate_multi_line]
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        user = getattr(request, "user", None)
        self.fields["project"].queryset = Project.objects.visible_to(user)


class OptionalSlugReference(SlugReference):
    """A slug or null; an empty string is not a slug (DRF would read it as null)."""

    def run_validation(self, data=serializers.empty):
        if data == "":
            self.fail("invalid")
        return super().run_validation(data)


class AdoptionUpdateSerializer(serializers.ModelSerializer):
    serializer_field_mapping = STRICT_FIELD_MAPPING
    resulting_project = OptionalSlugReference(
        slug_field="slug",
        queryset=Project.objects.none(),
        required=False,
        allow_null=True,
        help_text=gettext_lazy(
            "Kurzname des eigenen Projekts der nachnutzenden Kommune, das daraus entstanden ist."
        ),
    )

    class Meta:
        model = Adoption
        fields = ["status", "started_on", "completed_on", "note", "resulting_project"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = getattr(self.context.get("request"), "user", None)
        self.fields["resulting_project"].queryset = Project.objects.visible_to(user)

    def get_validators(self):
        return []  # one project comes out of one adoption: the service's (model's) rule


@extend_schema_view(
    create=extend_schema(request=AdoptionCreateSerializer, responses={201: AdoptionSerializer}),
    update=extend_schema(request=AdoptionUpdateSerializer, responses=AdoptionSerializer),
    partial_update=extend_schema(request=AdoptionUpdateSerializer, responses=AdoptionSerializer),
)
class AdoptionViewSet(
    StrictQuery, mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet
):
    """Nachnutzungen: who reuses which project of whom, and how far they are."""

    serializer_class = AdoptionSerializer
    filter_backends = [DjangoFilterBackend, OrderingFilter]
    filterset_class = AdoptionFilter
    # The same declaration again, or a step the adoption's stand does not allow.
    error_statuses = dict.fromkeys(("create", "update", "partial_update"), (409,))
    ordering_fields = ["updated_at", "started_on", "created_at"]
    ordering = ["-updated_at", "-pk"]

    def get_queryset(self):
        return selectors.adoption_list(user=self.request.user)

    def get_serializer_class(self):
        if self.action == "create":
            return AdoptionCreateSerializer
        if self.action in ("update", "partial_update"):
            return AdoptionUpdateSerializer
        return AdoptionSerializer

    def _out(self, adoption: Adoption, status_code: int = status.HTTP_200_OK) -> Response:
        adoption = self.get_queryset().get(pk=adoption.pk)
        data = AdoptionSerializer(adoption, context=self.get_serializer_context()).data
        return Response(data, status=status_code)

    def create(self, request: Request, *args, **kwargs) -> Response:
        user = request.user
        if not permissions.can_declare_adoption(user):
            raise PermissionDenied(_("Sie können keine Nachnutzung erklären."))
        serializer = AdoptionCreateSerializer(
            data=request.data, context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        adoption = services.adoption_create(actor=user, **serializer.validated_data)
        return self._out(adoption, status.HTTP_201_CREATED)

    def update(self, request: Request, *args, **kwargs) -> Response:
        adoption = self.get_object()
        if not permissions.can_change_adoption(request.user, adoption):
            raise PermissionDenied(
                _("Sie können nur die Nachnutzungen Ihrer eigenen Kommune ändern.")
            )
        serializer = AdoptionUpdateSerializer(
            adoption,
            data=request.data,
            partial=kwargs.get("partial", False),
            context=self.get_serializer_context(),
        )
        serializer.is_valid(raise_exception=True)
        adoption = services.adoption_update(
            adoption=adoption, actor=request.user, **serializer.validated_data
        )
        return self._out(adoption)
