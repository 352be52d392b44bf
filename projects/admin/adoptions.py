"""Adoptions on their own (declared on the project)."""

from django.contrib import admin

from core.admin import ServiceAdmin
from projects import services
from projects.models import Adoption


def adoption_values(adoption: Adoption, fields) -> dict:
    """What the adoption services take of an inline or admin form's adoption."""
    return {name: getattr(adoption, name) for name in fields if name in services.ADOPTION_FIELDS}


@admin.register(Adoption)
class AdoptionAdmin(ServiceAdmin):
    list_display = ["project", "municipality", "status", "started_on", "completed_on", "is_example"]
    list_filter = ["status", "municipality", "is_example"]
    list_select_related = ["project", "municipality"]
    search_fields = ["project__title", "municipality__name"]
    fields = [
        "project",
        "municipality",
        "status",
        "started_on",
        "completed_on",
        "note",
        "resulting_project",
        "is_example",
        "created_by",
        "created_at",
        "updated_at",
    ]
    readonly_fields = ["project", "municipality", "created_by", "created_at", "updated_at"]
    autocomplete_fields = ["resulting_project"]

    def has_add_permission(self, request):
        # New adoptions are declared on the project (page, API or its admin inline).
        return False

    def save_through_service(self, request, obj, form, change):
        return services.adoption_update(
            adoption=obj, actor=request.user, **adoption_values(obj, form.changed_data)
        )

    def delete_through_service(self, request, obj):
        services.adoption_delete(adoption=obj, actor=request.user)
