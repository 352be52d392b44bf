"""Meetings with their agenda, reminder offsets and registrations (read-only)."""

from django.contrib import admin, messages
from django.db import models
from django.db.models import Count, Q
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.admin import InlineService, ServiceAdmin, TabularInline, for_each
from events import exports, selectors, services
from events.forms import EventCancelForm
from events.models import AgendaItem, Event, Registration, ReminderOffset


class AgendaItemInline(TabularInline):
    model = AgendaItem
    extra = 1
    fields = ["order", "starts_at", "title", "speaker", "project"]
    raw_id_fields = ["project"]


class ReminderOffsetInline(TabularInline):
    model = ReminderOffset
    extra = 0
    fields = ["days_before"]
    verbose_name_plural = _("Erinnerungen an bestätigte Teilnehmende (Tage vor Beginn)")


class RegistrationInline(TabularInline):
    """Read-only: registrations change through the services (seats, waiting list)."""

    model = Registration
    extra = 0
    can_delete = False
    fields = ["user", "municipality", "status", "waitlist_position", "registered_at"]
    readonly_fields = fields
    ordering = ["status", "waitlist_position", "registered_at"]
    show_change_link = True

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user", "user__municipality")

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description=_("Kommune"))
    def municipality(self, registration: Registration) -> str:
        return str(registration.user.municipality or "–")


def _agenda_item_saved(request, event, item, fields=()):
    services.agenda_item_save(item=item, actor=request.user)


def _agenda_item_removed(request, event, item):
    services.agenda_item_delete(item=item, actor=request.user)


def _offset_saved(request, event, offset, fields=()):
    services.reminder_offset_save(offset=offset, actor=request.user)


def _offset_removed(request, event, offset):
    services.reminder_offset_delete(offset=offset, actor=request.user)


@admin.register(Event)
class EventAdmin(ServiceAdmin):
    list_display = [
        "title",
        "kind",
        "starts_at",
        "host_municipality",
        "status",
        "capacity",
        "confirmed",
        "waiting",
        "is_example",
    ]
    list_filter = ["status", "kind", "host_municipality", "is_example"]
    search_fields = ["title", "venue", "description"]
    date_hierarchy = "starts_at"
    prepopulated_fields = {"slug": ["title"]}
    fixed_after_creation = ["slug"]
    list_select_related = ["host_municipality"]
    readonly_fields = [
        "status",
        "sequence",
        "ical_uid",
        "published_at",
        "cancelled_at",
        "cancellation_reason",
        "created_by",
        "created_at",
        "updated_at",
    ]
    fieldsets = [
        (None, {"fields": ["kind", "title", "slug", "description", "is_example"]}),
        (_("Zeit"), {"fields": [("starts_at", "ends_at"), "time_note"]}),
        (_("Ort"), {"fields": ["venue", "address", "online_url", "host_municipality"]}),
        (
            _("Anmeldung"),
            {"fields": ["capacity", ("registration_opens_at", "registration_closes_at")]},
        ),
        (
            _("Status"),
            {
                "fields": [
                    "status",
                    "published_at",
                    "cancelled_at",
                    "cancellation_reason",
                    ("created_by", "created_at", "updated_at"),
                ]
            },
        ),
        # What calendars need to recognise the meeting; set by the services.
        (_("Technische Angaben"), {"classes": ["collapse"], "fields": ["sequence", "ical_uid"]}),
    ]
    inlines = [AgendaItemInline, ReminderOffsetInline, RegistrationInline]
    inline_services = {
        AgendaItem: InlineService(_agenda_item_saved, _agenda_item_saved, _agenda_item_removed),
        ReminderOffset: InlineService(_offset_saved, _offset_saved, _offset_removed),
    }
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    actions = ["publish", "cancel", "mark_attended", "export_participants"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                _confirmed=Count(
                    "registrations", filter=Q(registrations__status__in=Registration.SEATED)
                ),
                _waiting=Count(
                    "registrations", filter=Q(registrations__status=Registration.Status.WAITING)
                ),
            )
        )

    @admin.display(description=_("Plätze belegt"), ordering="_confirmed")
    def confirmed(self, event: Event) -> int:
        return event._confirmed

    @admin.display(description=_("Warteliste"), ordering="_waiting")
    def waiting(self, event: Event) -> int:
        return event._waiting

    def has_delete_permission(self, request, obj=None):
        return False  # a meeting is cancelled (everyone registered is told), not deleted

    def save_through_service(self, request, obj, form, change):
        return services.event_save(event=obj, actor=request.user, changed=form.changed_data)

    @admin.action(description=_("Veröffentlichen"), permissions=["change"])
    def publish(self, request, queryset):
        for_each(
            request,
            queryset,
            lambda e: services.event_publish(event=e, actor=request.user),
            done_message=lambda count: (
                ngettext(
                    "%(count)d Termin veröffentlicht.", "%(count)d Termine veröffentlicht.", count
                )
                % {"count": count}
            ),
        )

    @admin.action(
        description=_("Absagen und alle Angemeldeten benachrichtigen"), permissions=["change"]
    )
    def cancel(self, request, queryset):
        form = EventCancelForm(request.POST if "confirm" in request.POST else None)
        if "confirm" in request.POST and form.is_valid():
            reason = form.cleaned_data["reason"]
            notified = for_each(
                request,
                queryset,
                lambda e: services.event_cancel(event=e, actor=request.user, reason=reason),
            )
            if notified:
                messages.success(
                    request,
                    _("%(events)d Termin(e) abgesagt; %(people)d Person(en) werden benachrichtigt.")
                    % {"events": len(notified), "people": sum(notified)},
                )
            return None
        counts = queryset.annotate(
            notify_count=Count(
                "registrations",
                filter=Q(
                    registrations__status__in=[
                        Registration.Status.CONFIRMED,
                        Registration.Status.WAITING,
                    ]
                ),
            )
        )
        return TemplateResponse(
            request,
            "admin/events/event/cancel_confirmation.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Termine absagen"),
                "events": counts,
                "form": form,
                "opts": self.model._meta,
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            },
        )

    @admin.action(
        description=_("Bestätigte Anmeldungen als teilgenommen markieren"), permissions=["change"]
    )
    def mark_attended(self, request, queryset):
        counts = for_each(
            request,
            queryset,
            lambda e: services.event_mark_attended(event=e, actor=request.user),
        )
        if counts:
            messages.success(
                request, _("%(count)d Teilnahme(n) bestätigt.") % {"count": sum(counts)}
            )

    @admin.action(description=_("Teilnehmende als CSV exportieren"), permissions=["view"])
    def export_participants(self, request, queryset):
        registrations = [
            registration
            for event in queryset.order_by("starts_at")
            for registration in selectors.participants(event=event, include_cancelled=True)
        ]
        single = queryset.first() if queryset.count() == 1 else None
        return exports.participants_response(registrations, filename=exports.filename_for(single))
