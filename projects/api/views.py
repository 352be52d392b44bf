from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.generics import get_object_or_404
from rest_framework.request import Request
from rest_framework.response import Response

from core.api.query import StrictQuery
from projects import permissions, selectors, services
from projects.api.filters import ProjectFilter
from projects.api.serializers import (
    ProjectDetailSerializer,
    ProjectListSerializer,
    ProjectWriteSerializer,
    RejectSerializer,
    TopicSerializer,
)
from projects.models import Project


class TopicViewSet(StrictQuery, viewsets.ReadOnlyModelViewSet):
    """Themenfelder, with the number of published projects in each."""

    serializer_class = TopicSerializer
    lookup_field = "slug"
    filter_backends: list = []
    pagination_class = None

    def get_queryset(self):
        return selectors.topic_list()


@extend_schema_view(
    list=extend_schema(
        summary=gettext_lazy("Projektkatalog"),
        description=gettext_lazy(
            "Veröffentlichte Projekte, dazu alles Weitere, was die anfragende Person sehen "
            "darf (Entwürfe der eigenen Kommune, für die Koordination alle)."
        ),
    ),
    create=extend_schema(request=ProjectWriteSerializer, responses={201: ProjectDetailSerializer}),
    update=extend_schema(request=ProjectWriteSerializer, responses=ProjectDetailSerializer),
    partial_update=extend_schema(request=ProjectWriteSerializer, responses=ProjectDetailSerializer),
)
class ProjectViewSet(
    StrictQuery, mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet
):
    lookup_field = "slug"
    filter_backends = [DjangoFilterBackend]
    filterset_class = ProjectFilter
    # A step from the wrong state (publishing a published project) conflicts;
    # so does a create without a city by an account that has none to default to.
    error_statuses = dict.fromkeys(("create", "submit", "publish", "reject", "archive"), (409,))

    def get_queryset(self):
        if self.action == "list":
            return Project.objects.visible_to(self.request.user)
        return selectors.project_detail_queryset(self.request.user)

    def filter_queryset(self, queryset):
        # The catalogue filters apply to the list only, never to a lookup by slug.
        if self.action != "list":
            return queryset
        return super().filter_queryset(queryset)

    def get_serializer_class(self):
        if self.action == "list":
            return ProjectListSerializer
        if self.action in ("create", "update", "partial_update"):
            return ProjectWriteSerializer
        return ProjectDetailSerializer

    def _detail(self, project: Project, status_code: int = status.HTTP_200_OK) -> Response:
        project = selectors.project_detail_queryset(self.request.user).get(pk=project.pk)
        data = ProjectDetailSerializer(project, context=self.get_serializer_context()).data
        return Response(data, status=status_code)

    def create(self, request: Request, *args, **kwargs) -> Response:
        user = request.user
        if not permissions.can_create_project(user):
            raise PermissionDenied(_("Sie dürfen keine Projekte anlegen."))
        serializer = ProjectWriteSerializer(
            data=request.data, context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        project = services.project_create(actor=user, **serializer.validated_data)
        response = self._detail(project, status.HTTP_201_CREATED)
        # A plain str: DRF's Hyperlink (a str subclass) is refused by WSGI servers
        # that check header types (wsgiref, so `manage.py runserver`).
        response["Location"] = str(response.data["url"])
        return response

    def update(self, request: Request, *args, **kwargs) -> Response:
        project = self.get_object()
        if not permissions.can_edit_project(request.user, project):
            raise PermissionDenied(_("Sie dürfen dieses Projekt nicht bearbeiten."))
        serializer = ProjectWriteSerializer(
            project,
            data=request.data,
            partial=kwargs.get("partial", False),
            context=self.get_serializer_context(),
        )
        serializer.is_valid(raise_exception=True)
        project = services.project_update(
            project=project, actor=request.user, **serializer.validated_data
        )
        return self._detail(project)

    def _transition(self, service, **kwargs) -> Response:
        project = self.get_object()
        project = service(project=project, actor=self.request.user, **kwargs)
        return self._detail(project)

    @extend_schema(
        request=None,
        responses=ProjectDetailSerializer,
        summary=gettext_lazy("Zur Prüfung einreichen"),
    )
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, slug: str | None = None) -> Response:
        return self._transition(services.project_submit)

    @extend_schema(
        request=None, responses=ProjectDetailSerializer, summary=gettext_lazy("Veröffentlichen")
    )
    @action(detail=True, methods=["post"])
    def publish(self, request: Request, slug: str | None = None) -> Response:
        return self._transition(services.project_publish)

    @extend_schema(
        request=RejectSerializer,
        responses=ProjectDetailSerializer,
        summary=gettext_lazy("Ablehnen"),
    )
    @action(detail=True, methods=["post"])
    def reject(self, request: Request, slug: str | None = None) -> Response:
        project = self.get_object()
        if not permissions.can_moderate_projects(request.user):
            raise PermissionDenied(_("Nur die Koordination kann Projekte ablehnen."))
        serializer = RejectSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        project = services.project_reject(
            project=project, actor=request.user, reason=serializer.validated_data["reason"]
        )
        return self._detail(project)

    @extend_schema(
        request=None, responses=ProjectDetailSerializer, summary=gettext_lazy("Archivieren")
    )
    @action(detail=True, methods=["post"])
    def archive(self, request: Request, slug: str | None = None) -> Response:
        return self._transition(services.project_archive)

    @extend_schema(
        responses=ProjectListSerializer(many=True),
        summary=gettext_lazy("Ähnliche Projekte"),
        description=gettext_lazy(
            "Bis zu fünf veröffentlichte Projekte mit ähnlichem Titel oder gleichen Wortformen."
        ),
    )
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def similar(self, request: Request, slug: str | None = None) -> Response:
        # DRF's get_object_or_404: a slug the database cannot even compare (a NUL
        # byte) names no project, a 404 like retrieve's, not a 500.
        project = get_object_or_404(Project.objects.visible_to(request.user), slug=slug)
        similar = selectors.similar_to_project(project=project, for_list=True)
        return Response(
            ProjectListSerializer(similar, many=True, context=self.get_serializer_context()).data
        )
