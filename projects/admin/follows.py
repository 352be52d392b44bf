"""What was sent, for the coordination, read-only. Follows themselves are not
in the admin: they belong to their people (nobody sees another's follows)."""

from django.contrib import admin

from core.admin import ReadOnlyAdmin
from core.reminders import REMINDER_FIELDS
from projects.models import Digest, Notice


@admin.register(Notice)
class NoticeAdmin(ReadOnlyAdmin):
    list_display = ["entry", "recipient", "reason", "sent_at", "attempts"]
    list_filter = ["reason"]
    list_select_related = ["entry", "recipient"]
    readonly_fields = ["entry", "follow", "reason", *REMINDER_FIELDS]


@admin.register(Digest)
class DigestAdmin(ReadOnlyAdmin):
    list_display = ["stage", "recipient", "sent_at", "attempts"]
    list_select_related = ["recipient"]
    readonly_fields = REMINDER_FIELDS
