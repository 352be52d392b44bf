"""Deadlines, reminder offsets and sent reminders in the admin."""

from django.contrib import admin, messages
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.admin import ServiceAdmin
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
class ReportingObligationAdmin(admin.ModelAdmin):
    """All deadlines at a glance; created and edited on the grant's page."""

    list_display = ["grant", "kind", "due_date", "status", "submitted_on", "is_example"]
    list_filter = ["status", "kind", OverdueFilter, "grant__program"]
    search_fields = ["grant__file_reference", "grant__municipality__name"]
    list_select_related = ["grant__municipality", "grant__program"]
    date_hierarchy = "due_date"
    actions = ["reopen"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Ausgewählte Nachweise wieder öffnen"))
    def reopen(self, request, queryset):
        for obligation in queryset.select_related("grant"):
            services.obligation_reopen(obligation=obligation, actor=request.user)
        messages.success(request, _("Die Nachweise sind wieder offen."))


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
class ReportingReminderAdmin(admin.ModelAdmin):
    list_display = ["obligation", "recipient", "stage", "created_at", "sent_at", "attempts"]
    list_filter = [("sent_at", admin.EmptyFieldListFilter), "stage"]
    list_select_related = ["obligation__grant__municipality", "recipient"]
    search_fields = ["recipient__email"]
    readonly_fields = [
        "obligation",
        "recipient",
        "stage",
        "created_at",
        "sent_at",
        "attempts",
        "next_attempt_at",
        "last_error",
    ]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
