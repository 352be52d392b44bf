"""REST API for meetings: a read-only list/detail and the registration action.

The registration endpoint is an APIView calling the same services as the
pages: ``POST`` registers, ``DELETE`` cancels, ``GET`` shows the status.
Coordinators may act for another person with ``user`` (e-mail address).
"""

import django_filters
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import exceptions, serializers, status, viewsets
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api.filters import IsoDateTimeFilter
from core.api.query import StrictQuery
from events import ical, permissions, selectors, services
from events.models import AgendaItem, Event, Registration
from members.models import User


class HostSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()


class AgendaProjectSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    slug = serializers.CharField()
    title = serializers.CharField()


class AgendaItemSerializer(serializers.ModelSerializer):
    project = AgendaProjectSerializer(read_only=True, allow_null=True)

    class Meta:
        model = AgendaItem
        fields = ["starts_at", "title", "speaker", "project"]


@extend_schema_field(
    {
        "type": "object",
        "nullable": True,
        "properties": {
            "status": {"type": "string", "enum": [c[0] for c in Registration.Status.choices]},
            "waitlist_position": {"type": "integer", "nullable": True},
        },
    }
)
class OwnRegistrationField(serializers.Field):
    """The caller's own active registration, from the selector's annotation."""

    def to_representation(self, event: Event):
        status_value = getattr(event, "own_status", None)
        if not status_value:
            return None
        return {"status": status_value, "waitlist_position": getattr(event, "own_position", None)}


class EventSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:event-detail", lookup_field="slug")
    page_url = serializers.SerializerMethodField()
    ical_url = serializers.SerializerMethodField()
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    host_municipality = HostSerializer(read_only=True, allow_null=True)
    seats_taken = serializers.IntegerField(read_only=True)
    seats_left = serializers.IntegerField(read_only=True, allow_null=True)
    waiting_count = serializers.IntegerField(read_only=True)
    registration_open = serializers.SerializerMethodField()
    my_registration = OwnRegistrationField(source="*", read_only=True)
    agenda = AgendaItemSerializer(source="agenda_items", many=True, read_only=True)

    class Meta:
        model = Event
        fields = [
            "url",
            "page_url",
            "ical_url",
            "slug",
            "title",
            "kind",
            "kind_display",
            "status",
            "status_display",
            "description",
            "starts_at",
            "ends_at",
            "time_note",
            "venue",
            "address",
            "is_online",
            "host_municipality",
            "capacity",
            "seats_taken",
            "seats_left",
            "waiting_count",
            "registration_opens_at",
            "registration_closes_at",
            "registration_open",
            "my_registration",
            "cancellation_reason",
            "is_example",
            "agenda",
        ]

    def get_page_url(self, event: Event) -> str:
        return ical.event_url(event)

    def get_ical_url(self, event: Event) -> str:
        return f"{ical.event_url(event)}kalender.ics"

    def get_registration_open(self, event: Event) -> bool:
        return event.is_registration_open()


class EventFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=Event.Kind.choices)
    status = django_filters.ChoiceFilter(choices=Event.Status.choices)
    host = django_filters.CharFilter(field_name="host_municipality__slug", label="host (slug)")
    when = django_filters.ChoiceFilter(
        choices=[("upcoming", "upcoming"), ("past", "past")],
        method="filter_when",
        label="upcoming | past",
    )
    starts_after = IsoDateTimeFilter(field_name="starts_at", lookup_expr="gte")
    starts_before = IsoDateTimeFilter(field_name="starts_at", lookup_expr="lt")

    class Meta:
        model = Event
        fields = ["kind", "status", "host", "when", "starts_after", "starts_before"]

    def filter_when(self, queryset, name, value):
        now = timezone.now()
        return queryset.upcoming(now) if value == "upcoming" else queryset.past(now)


class EventViewSet(StrictQuery, viewsets.ReadOnlyModelViewSet):
    """Meetings of the network (published and cancelled; drafts for coordinators)."""

    serializer_class = EventSerializer
    lookup_field = "slug"
    filterset_class = EventFilter
    search_fields = ["title", "description", "venue"]
    ordering_fields = ["starts_at", "title"]

    def get_queryset(self):
        return selectors.event_detail_queryset(user=self.request.user).order_by("-starts_at", "pk")


# --- registration action ----------------------------------------------------------


class RegistrationSerializer(serializers.ModelSerializer):
    event = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    user = serializers.EmailField(source="user.email", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = Registration
        fields = [
            "event",
            "user",
            "status",
            "status_display",
            "waitlist_position",
            "registered_at",
            "confirmed_at",
            "cancelled_at",
            "attended_at",
        ]


class RegistrationInputSerializer(serializers.Serializer):
    user = serializers.EmailField(
        required=False,
        help_text=gettext_lazy(
            "Nur Koordination: E-Mail-Adresse der Person, die angemeldet werden soll."
        ),
    )


USER_PARAMETER = OpenApiParameter(
    "user",
    OpenApiTypes.EMAIL,
    OpenApiParameter.QUERY,
    required=False,
    description=gettext_lazy("Nur Koordination: E-Mail-Adresse der Person (Standard: Sie selbst)."),
)


class EventRegistrationView(StrictQuery, APIView):
    """Your registration for one meeting (coordinators: anyone's, with ``user``)."""

    permission_classes = [IsAuthenticated]
    # Acting for another person (``user``) is for coordinators only, in every
    # method; registering twice or cancelling too late conflicts (409).
    error_statuses = {"get": (403,), "post": (403, 409), "delete": (403, 409)}

    def _event(self, request: Request, slug: str) -> Event:
        return get_object_or_404(Event.objects.visible_to(request.user), slug=slug)

    def _person_in_query(self, request: Request) -> User:
        # The same validation as the body's ``user``: an e-mail address, no NUL byte.
        query = RegistrationInputSerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        return self._person(request, query.validated_data.get("user"))

    def _person(self, request: Request, email: str | None) -> User:
        if not email or email.strip().lower() == request.user.email:
            return request.user
        if not permissions.may_manage(request.user):
            raise exceptions.PermissionDenied(
                _("Nur die Koordination kann für andere Personen handeln.")
            )
        user = User.objects.filter(email__iexact=email.strip(), is_active=True).first()
        if user is None:
            raise exceptions.NotFound(_("Keine aktive Person mit dieser E-Mail."))
        return user

    @extend_schema(
        parameters=[USER_PARAMETER],
        responses={200: RegistrationSerializer},
        summary=gettext_lazy("Status der Anmeldung"),
    )
    def get(self, request: Request, slug: str) -> Response:
        event = self._event(request, slug)
        person = self._person_in_query(request)
        registration = selectors.latest_registration(event=event, user=person)
        if registration is None:
            raise exceptions.NotFound(_("Keine Anmeldung zu diesem Termin."))
        return Response(RegistrationSerializer(registration).data)

    @extend_schema(
        request=RegistrationInputSerializer,
        responses={201: RegistrationSerializer},
        summary=gettext_lazy("Zum Termin anmelden (bei vollem Termin: Warteliste)"),
    )
    def post(self, request: Request, slug: str) -> Response:
        event = self._event(request, slug)
        data = RegistrationInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        person = self._person(request, data.validated_data.get("user"))
        registration = services.registration_create(event=event, user=person, actor=request.user)
        return Response(RegistrationSerializer(registration).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        parameters=[USER_PARAMETER],
        request=None,
        responses={200: RegistrationSerializer},
        summary=gettext_lazy("Anmeldung stornieren"),
    )
    def delete(self, request: Request, slug: str) -> Response:
        event = self._event(request, slug)
        person = self._person_in_query(request)
        registration = selectors.active_registration(event=event, user=person)
        if registration is None:
            raise exceptions.NotFound(_("Keine aktive Anmeldung zu diesem Termin."))
        registration = services.registration_cancel(registration=registration, actor=request.user)
        return Response(RegistrationSerializer(registration).data)
