"""The API of questions and answers (issue 13; experience reports: projects.api.reports).

Logged-in readers only (anonymous callers get 401; the project's page tells
them how many there are). Writes call the services in projects.services.reuse;
their refusals come back as 400 with field errors, 403 or 409.
"""

from django.db.models import Prefetch
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_filters import rest_framework as django_filters
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from core.api.fields import (
    SlugReference,
    StrictCharField,
)
from core.api.query import StrictQuery
from core.text import validate_multi_line
from members.api import MunicipalityRefSerializer
from projects import permissions, services
from projects.models import Answer, Project, Question
from projects.models.reuse import (
    MAX_POST_LENGTH,
)
from projects.querysets import visible_condition
from projects.services.reuse import ANSWER_DENIED


class AnswerSerializer(serializers.ModelSerializer):
    municipality = MunicipalityRefSerializer(read_only=True, allow_null=True)
    is_hidden = serializers.BooleanField(read_only=True)

    class Meta:
        model = Answer
        fields = [
            "id",
            "question",
            "municipality",
            "body",
            "body_html",
            "is_example",
            "is_hidden",
            "hidden_reason",
            "created_at",
        ]
        read_only_fields = fields


class QuestionSerializer(serializers.ModelSerializer):
    project = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    municipality = MunicipalityRefSerializer(read_only=True, allow_null=True)
    is_hidden = serializers.BooleanField(read_only=True)
    answers = AnswerSerializer(many=True, read_only=True)

    class Meta:
        model = Question
        fields = [
            "id",
            "project",
            "municipality",
            "body",
            "body_html",
            "is_example",
            "is_hidden",
            "hidden_reason",
            "created_at",
            "answers",
        ]
        read_only_fields = fields


class QuestionCreateSerializer(serializers.Serializer):
    project = SlugReference(
        slug_field="slug",
        queryset=Project.objects.none(),
        help_text=gettext_lazy("Kurzname eines veröffentlichten Projekts."),
    )
    body = StrictCharField(max_length=MAX_POST_LENGTH, validators=[validate_multi_line])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = getattr(self.context.get("request"), "user", None)
        self.fields["project"].queryset = Project.objects.visible_to(user)


class PostBodySerializer(serializers.Serializer):
    body = StrictCharField(max_length=MAX_POST_LENGTH, validators=[validate_multi_line])


class HideSerializer(serializers.Serializer):
    reason = StrictCharField(max_length=1000, validators=[validate_multi_line])


class QuestionFilter(django_filters.FilterSet):
    project = django_filters.CharFilter(field_name="project__slug")

    class Meta:
        model = Question
        fields: list[str] = []


def _visible_questions(user):
    answers = Answer.objects.select_related("municipality").order_by("created_at", "pk")
    questions = Question.objects.filter(visible_condition(user, "project__"))
    if not permissions.can_hide_posts(user):
        questions = questions.filter(hidden_at__isnull=True)
        answers = answers.filter(hidden_at__isnull=True)
    return (
        questions.select_related("project", "municipality")
        .prefetch_related(Prefetch("answers", queryset=answers))
        .order_by("-created_at", "-pk")
    )


@extend_schema_view(
    create=extend_schema(request=QuestionCreateSerializer, responses={201: QuestionSerializer}),
    answer=extend_schema(request=PostBodySerializer, responses={201: AnswerSerializer}),
    hide=extend_schema(request=HideSerializer, responses=QuestionSerializer),
)
class QuestionViewSet(StrictQuery, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Fragen zu Projekten mit ihren Antworten (nur für Angemeldete)."""

    serializer_class = QuestionSerializer
    permission_classes = [IsAuthenticated]
    filter_backends = [django_filters.DjangoFilterBackend]
    filterset_class = QuestionFilter
    error_statuses = {"create": (409,), "answer": (409,), "hide": (409,)}

    def get_queryset(self):
        return _visible_questions(self.request.user)

    def _out(self, question: Question, code: int = status.HTTP_200_OK) -> Response:
        question = self.get_queryset().get(pk=question.pk)
        return Response(QuestionSerializer(question).data, status=code)

    def create(self, request: Request, *args, **kwargs) -> Response:
        serializer = QuestionCreateSerializer(
            data=request.data, context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        question = services.question_ask(actor=request.user, **serializer.validated_data)
        return self._out(question, status.HTTP_201_CREATED)

    @action(detail=True, methods=["post"])
    def answer(self, request: Request, pk=None) -> Response:
        """Antworten: federführende Kommune, Partnerkommunen und Koordination."""
        question = self.get_object()
        if not permissions.can_answer(request.user, question.project):
            raise PermissionDenied(str(ANSWER_DENIED))
        serializer = PostBodySerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        answer = services.answer_create(
            question=question, actor=request.user, body=serializer.validated_data["body"]
        )
        answer = Answer.objects.select_related("municipality").get(pk=answer.pk)
        return Response(AnswerSerializer(answer).data, status=status.HTTP_201_CREATED)

    @action(detail=True, methods=["post"])
    def hide(self, request: Request, pk=None) -> Response:
        """Ausblenden mit Grund (Koordination); der Grund bleibt im Verlauf."""
        question = self.get_object()
        if not permissions.can_hide_posts(request.user):
            raise PermissionDenied(_("Nur die Koordination kann Fragen und Antworten ausblenden."))
        serializer = HideSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.question_hide(
            question=question, actor=request.user, reason=serializer.validated_data["reason"]
        )
        return self._out(question)


@extend_schema_view(hide=extend_schema(request=HideSerializer, responses=AnswerSerializer))
class AnswerViewSet(StrictQuery, viewsets.GenericViewSet):
    """Antworten ausblenden (Koordination)."""

    serializer_class = AnswerSerializer
    permission_classes = [IsAuthenticated]
    error_statuses = {"hide": (409,)}

    def get_queryset(self):
        user = self.request.user
        answers = Answer.objects.filter(visible_condition(user, "question__project__"))
        if not permissions.can_hide_posts(user):
            answers = answers.filter(hidden_at__isnull=True, question__hidden_at__isnull=True)
        return answers.select_related("municipality", "question__project").order_by("pk")

    @action(detail=True, methods=["post"])
    def hide(self, request: Request, pk=None) -> Response:
        answer = self.get_object()
        if not permissions.can_hide_posts(request.user):
            raise PermissionDenied(_("Nur die Koordination kann Fragen und Antworten ausblenden."))
        serializer = HideSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        answer = services.answer_hide(
            answer=answer, actor=request.user, reason=serializer.validated_data["reason"]
        )
        return Response(AnswerSerializer(answer).data)
