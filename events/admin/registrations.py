"""Registrations (through the services) and the mails sent about meetings."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core.admin import ReadOnlyAdmin, ServiceAdmin, for_each
from core.reminders import REMINDER_FIELDS
from events import exports, services
from events.models import Event, EventReminder, Registration
from members.models import User


class RegistrationAddForm(forms.ModelForm):
    """A coordinator registers someone: seat or waiting list, as for everyone."""

    class Meta:
        model = Registration
        fields = ["event", "user"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["event"].queryset = Event.objects.filter(status=Event.Status.PUBLISHED)
        self.fields["user"].queryset = User.objects.filter(is_active=True).select_related(
            "municipality"
        )


@admin.register(Registration)
class RegistrationAdmin(ServiceAdmin):
    list_display = [
        "user",
        "municipality",
        "event",
        "status",
        "waitlist_position",
        "registered_at",
    ]
    list_filter = ["status", "event"]
    search_fields = ["user__email", "user__first_name", "user__last_name", "event__title"]
    list_select_related = ["user", "user__municipality", "event"]
    readonly_fields = [
        "event",
        "user",
        "status",
        "waitlist_position",
        "registered_at",
        "confirmed_at",
        "cancelled_at",
        "attended_at",
        "updated_at",
    ]
    actions = ["cancel_registrations", "mark_attended", "export_csv"]

    @admin.display(description=_("Kommune"), ordering="user__municipality__name")
    def municipality(self, registration: Registration) -> str:
        return str(registration.user.municipality or "–")

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = RegistrationAddForm
        return super().get_form(request, obj, change=change, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        return self.readonly_fields if obj is not None else []

    def get_fields(self, request, obj=None):
        return self.readonly_fields if obj is not None else ["event", "user"]

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        # Changes go through the actions (cancel, attended); the page shows the record.
        return obj is None and super().has_change_permission(request, obj)

    def save_through_service(self, request, obj, form, change):
        return services.registration_create(
            event=form.cleaned_data["event"], user=form.cleaned_data["user"], actor=request.user
        )

    @admin.action(description=_("Stornieren (Warteliste rückt nach)"), permissions=["change"])
    def cancel_registrations(self, request, queryset):
        for_each(
            request,
            queryset.select_related("event", "user"),
            lambda r: services.registration_cancel(registration=r, actor=request.user),
            done_message=lambda count: _("%(count)d Anmeldung(en) storniert.") % {"count": count},
        )

    @admin.action(description=_("Als teilgenommen markieren"), permissions=["change"])
    def mark_attended(self, request, queryset):
        for_each(
            request,
            queryset.select_related("event", "user"),
            lambda r: services.registration_mark_attended(registration=r, actor=request.user),
            done_message=lambda count: _("%(count)d Teilnahme(n) bestätigt.") % {"count": count},
        )

    @admin.action(description=_("Als CSV exportieren"), permissions=["view"])
    def export_csv(self, request, queryset):
        return exports.participants_response(
            queryset.select_related("event", "user", "user__municipality").order_by(
                "event__starts_at", "registered_at"
            ),
            filename=exports.filename_for(None),
        )


@admin.register(EventReminder)
class EventReminderAdmin(ReadOnlyAdmin):
    """What went out to whom, and what is waiting for a retry."""

    list_display = ["event", "recipient", "kind", "stage", "sent_at", "attempts", "next_attempt_at"]
    list_filter = ["kind", ("sent_at", admin.EmptyFieldListFilter), "event"]
    search_fields = ["recipient__email", "event__title", "stage"]
    list_select_related = ["event", "recipient"]
    readonly_fields = [
        "event",
        "recipient",
        "registration",
        "kind",
        *REMINDER_FIELDS,
    ]
