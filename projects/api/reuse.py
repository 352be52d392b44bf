"""The API of questions, answers and experience reports (issue 13).

Logged-in readers only (anonymous callers get 401; the project's page tells
them how many there are). Writes call the services in projects.services.reuse;
their refusals come back as 400 with field errors, 403 or 409.
"""

from django.db.models import Prefetch
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_filters import rest_framework as django_filters
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from core.api.fields import (
    STRICT_FIELD_MAPPING,
    UNKNOWN_REFERENCE,
    SlugReference,
    StrictCharField,
)
from core.api.query import StrictQuery
from core.text import validate_multi_line
from members.api import MunicipalityRefSerializer
from projects import permissions, services
from projects.models import Adoption, Answer, ExperienceReport, Project, Question
from projects.models.reuse import (
    DURATION_MESSAGE,
    EFFORT_MESSAGE,
    MAX_DURATION_MONTHS,
    MAX_EFFORT_DAYS,
    MAX_POST_LENGTH,
)
from projects.querysets import visible_condition
from projects.selectors.reuse import avoided_effort, avoided_investment
from projects.services.reuse import ANSWER_DENIED, REPORT_DENIED

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


# --- experience reports -----------------------------------------------------------------


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
            "effort_person_days",
            "investment_cost",
            "running_cost_per_year",
            "duration_months",
            "adaptations",
            "recommendation",
            "text",
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
    effort_person_days = serializers.IntegerField(
        min_value=0,
        max_value=MAX_EFFORT_DAYS,
        error_messages={"min_value": EFFORT_MESSAGE, "max_value": EFFORT_MESSAGE},
    )
    duration_months = serializers.IntegerField(
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
        fields = [
            "effort_person_days",
            "investment_cost",
            "running_cost_per_year",
            "duration_months",
            "adaptations",
            "recommendation",
            "text",
        ]

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
            .annotate(avoided_investment=avoided_investment(), avoided_effort_days=avoided_effort())
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
