"""Topics (Themenfelder)."""

from django.contrib import admin

from core.admin import ServiceAdmin
from projects import services
from projects.models import Topic


@admin.register(Topic)
class TopicAdmin(ServiceAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    fixed_after_creation = ["slug"]
    filter_horizontal = ["focus_of"]

    def save_through_service(self, request, obj, form, change):
        return services.topic_save(
            topic=obj, actor=request.user, focus_of=form.cleaned_data["focus_of"]
        )

    def delete_through_service(self, request, obj):
        services.topic_delete(topic=obj, actor=request.user)
