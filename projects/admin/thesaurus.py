"""The search's thesaurus: synonym groups and compound word parts (docs/search.md)."""

from django.contrib import admin

from core.admin import ServiceAdmin
from projects import services
from projects.models import SynonymGroup, WordPart


@admin.register(SynonymGroup)
class SynonymGroupAdmin(ServiceAdmin):
    list_display = ["__str__", "note", "updated_at"]
    fields = ["terms", "note"]

    def save_through_service(self, request, obj, form, change):
        return services.synonym_group_save(group=obj, actor=request.user)

    def delete_through_service(self, request, obj):
        services.synonym_group_delete(group=obj, actor=request.user)


@admin.register(WordPart)
class WordPartAdmin(ServiceAdmin):
    list_display = ["word", "updated_at"]
    search_fields = ["word"]
    fields = ["word"]

    def save_through_service(self, request, obj, form, change):
        return services.word_part_save(part=obj, actor=request.user)

    def delete_through_service(self, request, obj):
        services.word_part_delete(part=obj, actor=request.user)
