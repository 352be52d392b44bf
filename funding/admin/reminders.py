"""Deadlines, reminder offsets and sent reminders in the admin."""

from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.admin import ReadOnlyAdmin, ServiceAdmin, for_each
from core.reminders import REMINDER_FIELDS
from funding import services
from funding.models import ReminderOffset, ReportingObligation, ReportingReminder


class OverdueFilter(admin.SimpleListFilter):
    title = _("Überfällig")
    parameter_name = "overdue"

    def lookups(self, request, model_admin):
        return [("yes", _("überfällig")), ("no", _("nicht überfällig"))]

    def queryset(self, request, queryset):
        overdue = {"status": ReportingObligation.Status.OPEN, "due_date__lt": timezone.localdate()}
        if self.value() == "yes":
            return queryset.filter(**overdue)
        if self.value() == "no":
            return queryset.exclude(**overdue)
        return queryset


@admin.register(ReportingObligation)
class ReportingObligationAdmin(ReadOnlyAdmin):
    """All deadlines at a glance; created and edited on the grant's page."""

    list_display = ["grant", "kind", "due_date", "status", "submitted_on", "is_example"]
    list_filter = ["status", "kind", OverdueFilter, "grant__program"]
    search_fields = ["grant__file_reference", "grant__municipality__name"]
    list_select_related = ["grant__municipality", "grant__program"]
    date_hierarchy = "due_date"
    actions = ["reopen"]

    @admin.action(description=_("Ausgewählte Nachweise wieder öffnen"))
    def reopen(self, request, queryset):
        for_each(
            request,
            queryset.select_related("grant"),
            lambda obligation: services.obligation_reopen(
                obligation=obligation, actor=request.user
            ),
            done_message=lambda count: _("Die Nachweise sind wieder offen."),
        )


@admin.register(ReminderOffset)
class ReminderOffsetAdmin(ServiceAdmin):
    list_display = ["__str__", "kind", "days", "is_active"]
    list_editable = ["days", "is_active"]
    list_display_links = ["__str__"]

    def save_through_service(self, request, obj, form, change):
        return services.reminder_offset_save(offset=obj, actor=request.user)

    def delete_through_service(self, request, obj):
        services.reminder_offset_delete(offset=obj, actor=request.user)


@admin.register(ReportingReminder)
class ReportingReminderAdmin(ReadOnlyAdmin):
    list_display = ["obligation", "recipient", "stage", "created_at", "sent_at", "attempts"]
    list_filter = [("sent_at", admin.EmptyFieldListFilter), "stage"]
    list_select_related = ["obligation__grant__municipality", "recipient"]
    search_fields = ["recipient__email"]
    readonly_fields = [
        "obligation",
        *REMINDER_FIELDS,
    ]
