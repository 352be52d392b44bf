import django_filters
from django import forms
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import generics, permissions, serializers, viewsets

from core.api.query import StrictQuery
from members.models import Municipality, User
from members.selectors import municipality_list


class MunicipalityRefSerializer(serializers.ModelSerializer):
    """A municipality as other resources refer to it (projects, grants)."""

    class Meta:
        model = Municipality
        fields = ["slug", "name", "ags"]


class MunicipalitySerializer(serializers.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    url = serializers.HyperlinkedIdentityField(
        view_name="api:municipality-detail", lookup_field="slug"
    )

    class Meta:
        model = Municipality
        fields = [
            "url",
            "slug",
            "name",
            "official_name",
            "kind",
            "kind_display",
            "ags",
            "district",
            "population",
            "latitude",
            "longitude",
            "website",
            "joined_on",
            "left_on",
        ]


@extend_schema_field({"type": "integer", "minimum": 1, "maximum": 9999})
class YearFilter(django_filters.NumberFilter):
    """A calendar year; outside 1–9999 Python has no date for it (it was a 500)."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", 9999)
        super().__init__(*args, **kwargs)


class MunicipalityFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=Municipality.Kind.choices)
    district = django_filters.CharFilter()
    ags = django_filters.CharFilter()
    member_since = YearFilter(
        field_name="joined_on", lookup_expr="year", label="Jahr des Beitritts"
    )
    joined_after = django_filters.DateFilter(field_name="joined_on", lookup_expr="gte")
    joined_before = django_filters.DateFilter(field_name="joined_on", lookup_expr="lte")

    class Meta:
        model = Municipality
        fields = ["kind", "district", "ags"]


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter(
                "all",
                OpenApiTypes.BOOL,
                description=gettext_lazy(
                    "`true`: auch ehemalige Mitglieder und Kommunen ohne Beitrittsdatum."
                ),
            )
        ]
    )
)
class MunicipalityViewSet(StrictQuery, viewsets.ReadOnlyModelViewSet):
    """Members of the network (current members; ``?all=true`` includes former ones)."""

    serializer_class = MunicipalitySerializer
    lookup_field = "slug"
    filterset_class = MunicipalityFilter
    search_fields = ["name", "official_name", "district", "=ags"]
    ordering_fields = ["name", "joined_on", "population"]
    ordering = ["name"]

    def get_queryset(self):
        members_only = self.action == "list" and self.request.query_params.get("all") != "true"
        return municipality_list(members_only=members_only)


class MeSerializer(serializers.ModelSerializer):
    role = serializers.CharField(source="role_label", read_only=True)
    municipality = serializers.SlugRelatedField(
        slug_field="slug",
        read_only=True,
        allow_null=True,
        help_text="Kurzname der Kommune; null für Koordination und Ministerium.",
    )

    class Meta:
        model = User
        fields = ["email", "first_name", "last_name", "role", "municipality"]


class MeView(StrictQuery, generics.RetrieveAPIView):
    """The account the request is authenticated as: lets a machine client check its token."""

    serializer_class = MeSerializer
    permission_classes = [permissions.IsAuthenticated]

    def get_object(self):
        return self.request.user
