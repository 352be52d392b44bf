"""The intervals of "Noch aktuell?" (data the coordinators keep) and what was sent."""

from django.contrib import admin

from core.admin import ReadOnlyAdmin, ServiceAdmin
from core.reminders import REMINDER_FIELDS
from projects import services
from projects.models import CurrentReminder, FreshnessInterval


@admin.register(FreshnessInterval)
class FreshnessIntervalAdmin(ServiceAdmin):
    list_display = ["__str__", "kind", "months"]
    list_editable = ["months"]
    list_display_links = ["__str__"]

    def save_through_service(self, request, obj, form, change):
        return services.freshness_interval_save(interval=obj, actor=request.user)

    def delete_through_service(self, request, obj):
        services.freshness_interval_delete(interval=obj, actor=request.user)


@admin.register(CurrentReminder)
class CurrentReminderAdmin(ReadOnlyAdmin):
    list_display = ["project", "recipient", "stage", "created_at", "sent_at", "attempts"]
    list_filter = [("sent_at", admin.EmptyFieldListFilter)]
    list_select_related = ["project", "recipient"]
    readonly_fields = ["project", *REMINDER_FIELDS]
