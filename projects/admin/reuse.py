"""Questions, answers and experience reports in the coordinators' admin (issue 13).

Questions and answers are asked and answered on the project's page; here a
coordinator hides one with a reason (kept in the history) — nothing is
deleted. Experience reports are written and changed through their service.
"""

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.admin import ServiceAdmin
from projects import services
from projects.models import Answer, ExperienceReport, Question


class PostAdmin(ServiceAdmin):
    list_display = ["__str__", "municipality", "created_at", "is_hidden_display", "is_example"]
    list_filter = ["is_example", ("hidden_at", admin.EmptyFieldListFilter)]
    readonly_fields = [
        "body",
        "author",
        "municipality",
        "created_at",
        "hidden_at",
        "hidden_by",
        "is_example",
    ]
    fields = [*readonly_fields[:4], "hidden_reason", "hidden_at", "hidden_by", "is_example"]
    search_fields = ["body"]

    @admin.display(description=_("Ausgeblendet"), boolean=True)
    def is_hidden_display(self, obj) -> bool:
        return obj.is_hidden

    def get_readonly_fields(self, request, obj=None):
        readonly = list(self.readonly_fields)
        if obj is not None and obj.is_hidden:
            readonly.append("hidden_reason")
        return readonly

    def has_add_permission(self, request):
        return False  # asked and answered on the project's page (or the API)

    def has_delete_permission(self, request, obj=None):
        return False  # hidden with a reason instead

    def delete_through_service(self, request, obj):  # pragma: no cover - no delete permission
        raise ValidationError(_("Beiträge werden ausgeblendet, nicht gelöscht."))

    def hide(self, request, obj):
        raise NotImplementedError

    def save_through_service(self, request, obj, form, change):
        if "hidden_reason" not in form.changed_data:
            return obj
        return self.hide(request, obj)


@admin.register(Question)
class QuestionAdmin(PostAdmin):
    list_display = ["project", *PostAdmin.list_display[1:]]
    list_select_related = ["project", "municipality"]
    readonly_fields = ["project", *PostAdmin.readonly_fields]
    fields = ["project", *PostAdmin.fields]
    search_fields = ["body", "project__title"]

    def hide(self, request, obj):
        return services.question_hide(question=obj, actor=request.user, reason=obj.hidden_reason)


@admin.register(Answer)
class AnswerAdmin(PostAdmin):
    list_select_related = ["question__project", "municipality"]
    readonly_fields = ["question", *PostAdmin.readonly_fields]
    fields = ["question", *PostAdmin.fields]

    def hide(self, request, obj):
        return services.answer_hide(answer=obj, actor=request.user, reason=obj.hidden_reason)


@admin.register(ExperienceReport)
class ExperienceReportAdmin(ServiceAdmin):
    list_display = ["adoption", "recommendation", "investment_cost", "effort_person_days"]
    list_filter = ["recommendation", "is_example"]
    list_select_related = ["adoption__project", "adoption__municipality"]
    search_fields = ["adoption__project__title", "adoption__municipality__name"]
    autocomplete_fields = ["adoption"]
    fields = [
        "adoption",
        "recommendation",
        "effort_person_days",
        "investment_cost",
        "running_cost_per_year",
        "duration_months",
        "adaptations",
        "text",
        "is_example",
        "created_by",
        "created_at",
        "updated_at",
    ]
    readonly_fields = ["created_by", "created_at", "updated_at"]

    def get_readonly_fields(self, request, obj=None):
        return [*self.readonly_fields, *(["adoption"] if obj is not None else [])]

    def save_through_service(self, request, obj, form, change):
        fields = {name: getattr(obj, name) for name in services.REPORT_FIELDS}
        return services.report_save(
            adoption=obj.adoption, actor=request.user, only_new=not change, **fields
        )

    def delete_through_service(self, request, obj):
        services.report_delete(report=obj, actor=request.user)
