"""What was sent, for the coordination (read-only: follows belong to their people)."""

from django.contrib import admin

from core.admin import ReadOnlyAdmin
from core.reminders import REMINDER_FIELDS
from follows.models import Digest, Follow, Notice


@admin.register(Follow)
class FollowAdmin(ReadOnlyAdmin):
    list_display = ["user", "topic", "municipality", "project", "delivery", "created_at"]
    list_filter = ["delivery"]
    list_select_related = ["user", "topic", "municipality", "project"]
    raw_id_fields = ["user", "project"]


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
