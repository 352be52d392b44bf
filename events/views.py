from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from events import exports, ical, permissions, selectors, services
from events.cache import cached_cities
from events.forms import EventFilterForm
from events.models import Event, Registration
from events.structured_data import event_page

PAST_EVENTS_PER_PAGE = 20
UPCOMING_EVENTS_PER_PAGE = 20
UPCOMING_PAGE_PARAM = "kommende"


def _forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    message = str(exc) or _("Für diese Aktion fehlt Ihnen die Berechtigung.")
    return render(request, "events/forbidden.html", {"message": message}, status=403)


def _visible_event(request: HttpRequest, slug: str) -> Event:
    return get_object_or_404(Event.objects.visible_to(request.user), slug=slug)


@require_GET
def event_list(request: HttpRequest) -> HttpResponse:
    form = EventFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    kind = filters.get("kind") or ""
    host = filters["host"].slug if filters.get("host") else ""
    upcoming = selectors.event_list(user=request.user, when="upcoming", kind=kind, host=host)
    past = selectors.event_list(user=request.user, when="past", kind=kind, host=host)
    # Both lists are paged, each with its own parameter: a national network
    # announces thousands of meetings.
    upcoming_page = Paginator(upcoming, UPCOMING_EVENTS_PER_PAGE).get_page(
        request.GET.get(UPCOMING_PAGE_PARAM)
    )
    past_page = Paginator(past, PAST_EVENTS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "events/event_list.html",
        {
            "form": form,
            "upcoming_page": upcoming_page,
            "upcoming_page_param": UPCOMING_PAGE_PARAM,
            "upcoming_query_string": _query_without(request, UPCOMING_PAGE_PARAM),
            "page": past_page,
            "query_string": _query_without(request, "page"),
        },
    )


def _query_without(request: HttpRequest, name: str) -> str:
    query = request.GET.copy()
    query.pop(name, None)
    return query.urlencode()


@require_GET
def event_detail(request: HttpRequest, slug: str) -> HttpResponse:
    event = get_object_or_404(selectors.event_detail_queryset(user=request.user), slug=slug)
    user = request.user
    now = timezone.now()
    context = {
        "event": event,
        "agenda": event.agenda_items.all(),
        "registration_problem": event.registration_problem(now),
        "has_started": now >= event.starts_at,
        "has_ended": now >= event.ends_at,
        "may_register": permissions.may_register(user),
        "may_manage": permissions.may_manage(user),
        "show_online_link": permissions.may_see_online_link(user, event),
        "structured_data": event_page(
            event, show_online_link=permissions.may_see_online_link(user, event)
        ),
        "cities": None,
        "participants": None,
    }
    if permissions.may_see_participant_names(user):
        context["participants"] = selectors.participants(event=event)
    elif permissions.may_see_participating_cities(user):
        context["cities"] = cached_cities(
            event.pk, lambda: selectors.participating_municipalities(event=event)
        )
    return render(request, "events/event_detail.html", context)


@login_required
@require_POST
def registration_create(request: HttpRequest, slug: str) -> HttpResponse:
    event = _visible_event(request, slug)
    try:
        registration = services.registration_create(
            event=event, user=request.user, actor=request.user
        )
    except PermissionDenied as exc:
        return _forbidden(request, exc)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(event)
    if registration.status == Registration.Status.WAITING:
        messages.warning(
            request,
            _(
                "Alle Plätze sind vergeben. Sie stehen auf der Warteliste auf Platz %(position)d "
                "und rücken automatisch nach, sobald ein Platz frei wird."
            )
            % {"position": registration.waitlist_position},
        )
    else:
        messages.success(request, _("Sie sind angemeldet. Ihr Platz ist bestätigt."))
    return redirect(event)


@login_required
@require_http_methods(["GET", "POST"])
def registration_cancel(request: HttpRequest, slug: str) -> HttpResponse:
    """Cancel one's own registration: GET asks, POST cancels."""
    event = _visible_event(request, slug)
    registration = selectors.active_registration(event=event, user=request.user)
    if registration is None:
        messages.error(request, _("Sie sind für diesen Termin nicht angemeldet."))
        return redirect(event)
    if request.method == "GET":
        return _confirm_cancel(request, event, registration)
    return _cancel(request, event, registration)


@login_required
@require_http_methods(["GET", "POST"])
def participant_cancel(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Cancel a registration from the participant list (coordinators): GET asks."""
    event = _visible_event(request, slug)
    registration = get_object_or_404(Registration, pk=pk, event=event)
    if request.method == "GET":
        if not permissions.may_cancel_registration(request.user, registration):
            return _forbidden(
                request, PermissionDenied(_("Sie können nur Ihre eigene Anmeldung stornieren."))
            )
        return _confirm_cancel(request, event, registration)
    return _cancel(request, event, registration)


def _confirm_cancel(request: HttpRequest, event: Event, registration: Registration) -> HttpResponse:
    """The question before a cancellation; nothing changes until it is answered."""
    return render(
        request,
        "events/registration_cancel.html",
        {
            "event": event,
            "registration": registration,
            "own": registration.user_id == request.user.pk,
            "waiting": registration.status == Registration.Status.WAITING,
        },
    )


def _cancel(request: HttpRequest, event: Event, registration: Registration) -> HttpResponse:
    was_waiting = registration.status == Registration.Status.WAITING
    try:
        services.registration_cancel(registration=registration, actor=request.user)
    except PermissionDenied as exc:
        return _forbidden(request, exc)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(event)
    if registration.user_id != request.user.pk:
        messages.success(
            request,
            _("Die Anmeldung von %(name)s wurde storniert; die Person wird benachrichtigt.")
            % {"name": registration.user},
        )
    elif was_waiting:
        messages.success(request, _("Sie stehen nicht mehr auf der Warteliste."))
    else:
        messages.success(request, _("Ihre Anmeldung wurde storniert. Ihr Platz ist wieder frei."))
    return redirect(event)


@login_required
@require_POST
def participant_attended(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    event = _visible_event(request, slug)
    registration = get_object_or_404(Registration, pk=pk, event=event)
    try:
        services.registration_mark_attended(registration=registration, actor=request.user)
    except PermissionDenied as exc:
        return _forbidden(request, exc)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(event)
    messages.success(
        request, _("Die Teilnahme von %(name)s ist bestätigt.") % {"name": registration.user}
    )
    return redirect(event)


@login_required
@require_GET
def participants_csv(request: HttpRequest, slug: str) -> HttpResponse:
    event = _visible_event(request, slug)
    if not permissions.may_see_participant_names(request.user):
        return _forbidden(
            request, PermissionDenied(_("Die Teilnehmendenliste exportiert nur die Koordination."))
        )
    return exports.participants_response(
        selectors.participants(event=event, include_cancelled=True),
        filename=exports.filename_for(event),
    )


def _calendar_response(body: bytes, *, filename: str, attachment: bool) -> HttpResponse:
    response = HttpResponse(body, content_type=ical.CONTENT_TYPE)
    disposition = "attachment" if attachment else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response


@require_GET
def event_ical(request: HttpRequest, slug: str) -> HttpResponse:
    event = get_object_or_404(selectors.event_detail_queryset(user=request.user), slug=slug)
    body = ical.event_calendar(
        event, include_private=permissions.may_see_online_link(request.user, event)
    )
    return _calendar_response(body, filename=f"{event.slug}.ics", attachment=True)


@require_GET
def event_feed(request: HttpRequest) -> HttpResponse:
    body = ical.feed_calendar(selectors.event_feed())
    return _calendar_response(body, filename="ikone-termine.ics", attachment=False)
