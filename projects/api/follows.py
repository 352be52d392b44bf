"""``/api/v1/follows/``: one's own follows — list, create (following twice is
one follow; the delivery of the existing one changes), read and delete.
Another person's follow answers 404, like one that does not exist."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from core.api.fields import UNKNOWN_REFERENCE
from core.api.query import StrictQuery
from members.models import Municipality
from projects.models import Delivery, Follow, Project, Topic
from projects.selectors import follows as selectors
from projects.services import follows as services

KINDS = {"thema": "topic", "kommune": "municipality", "projekt": "project"}


class FollowSerializer(serializers.ModelSerializer):
    kind = serializers.CharField(read_only=True, help_text="thema, kommune oder projekt")
    target = serializers.SerializerMethodField(help_text="Kurzname des Gefolgten")
    name = serializers.SerializerMethodField()

    class Meta:
        model = Follow
        fields = ["id", "kind", "target", "name", "delivery", "created_at"]

    def get_target(self, follow: Follow) -> str:
        return follow.target.slug  # type: ignore[attr-defined]

    def get_name(self, follow: Follow) -> str:
        return str(follow.target)


class FollowInputSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=list(KINDS), help_text="thema, kommune oder projekt")
    target = serializers.RegexField(
        r"^[-a-zA-Z0-9_]+$", max_length=220, help_text="Kurzname (slug) des Gefolgten"
    )
    delivery = serializers.ChoiceField(choices=Delivery.choices, default=Delivery.IMMEDIATE)

    def validate(self, data: dict) -> dict:
        user = self.context["request"].user
        querysets = {
            "thema": Topic.objects.all(),
            "kommune": Municipality.objects.all(),
            "projekt": Project.objects.visible_to(user),
        }
        found = querysets[data["kind"]].filter(slug=data["target"]).first()
        if found is None:
            raise serializers.ValidationError(
                {
                    "target": serializers.ErrorDetail(
                        _("„%(slug)s“ gibt es nicht oder Sie dürfen es nicht sehen.")
                        % {"slug": data["target"]},
                        code=UNKNOWN_REFERENCE,
                    )
                }
            )
        data["object"] = found
        return data


@extend_schema_view(
    list=extend_schema(summary=gettext_lazy("Was ich verfolge")),
    retrieve=extend_schema(summary=gettext_lazy("Ein eigenes Folgen")),
    create=extend_schema(
        request=FollowInputSerializer,
        responses={201: FollowSerializer, 200: FollowSerializer},
        summary=gettext_lazy("Folgen (ein zweites Mal: dasselbe Folgen, neue Benachrichtigung)"),
    ),
    destroy=extend_schema(summary=gettext_lazy("Nicht mehr folgen")),
)
class FollowViewSet(
    StrictQuery,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = FollowSerializer
    permission_classes = [IsAuthenticated]
    ordering_fields = ["created_at"]
    ordering = ["-created_at", "-pk"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Follow.objects.none()
        return selectors.follows_of(self.request.user).order_by("-created_at", "-pk")

    def create(self, request: Request, *args, **kwargs) -> Response:
        data = FollowInputSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        target = {KINDS[data.validated_data["kind"]]: data.validated_data["object"]}
        follow, created = services.follow_set(
            actor=request.user, delivery=data.validated_data["delivery"], **target
        )
        return Response(
            FollowSerializer(follow).data,
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )

    def perform_destroy(self, instance: Follow) -> None:
        services.follow_delete(follow=instance, actor=self.request.user)
