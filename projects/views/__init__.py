"""Pages of the project catalogue: list, detail, forms and moderation actions."""

from projects.views.actions import (
    adoption_create,
    adoption_update,
    project_archive,
    project_publish,
    project_reject,
    project_submit,
)
from projects.views.catalogue import project_list, similar_hint
from projects.views.detail import document_download, project_detail
from projects.views.editing import document_delete, document_upload, project_create, project_edit
from projects.views.freshness import project_confirm_current
from projects.views.publiccode import project_publiccode
from projects.views.reuse import (
    answer_create,
    answer_hide,
    question_create,
    question_hide,
    report_edit,
)

__all__ = [
    "answer_create",
    "answer_hide",
    "question_create",
    "question_hide",
    "report_edit",
    "adoption_create",
    "adoption_update",
    "document_delete",
    "document_download",
    "document_upload",
    "project_archive",
    "project_confirm_current",
    "project_create",
    "project_detail",
    "project_edit",
    "project_list",
    "project_publiccode",
    "project_publish",
    "project_reject",
    "project_submit",
    "similar_hint",
]
