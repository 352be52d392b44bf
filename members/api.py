import django_filters
from rest_framework import serializers, viewsets

from members.models import Municipality
from members.selectors import municipality_list


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


class MunicipalityFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=Municipality.Kind.choices)
    district = django_filters.CharFilter()
    ags = django_filters.CharFilter()
    member_since = django_filters.NumberFilter(field_name="joined_on", lookup_expr="year")
    joined_after = django_filters.DateFilter(field_name="joined_on", lookup_expr="gte")
    joined_before = django_filters.DateFilter(field_name="joined_on", lookup_expr="lte")

    class Meta:
        model = Municipality
        fields = ["kind", "district", "ags"]


class MunicipalityViewSet(viewsets.ReadOnlyModelViewSet):
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
