"""Every write to projects, adoptions and documents: rules, history, side effects.

Pages, API and admin call these functions; each checks who may do it
(PermissionDenied → 403), whether it may be done now (ValidationError with a
German message → form error or 400), writes in one transaction with its
history entry, and queues mails after commit.
"""

from projects.services.adoption import (
    ADOPTION_FIELDS,
    ADOPTION_TRANSITIONS,
    adoption_create,
    adoption_delete,
    adoption_update,
    check_adoption_allowed,
    check_adoption_transition,
    check_resulting_project,
)
from projects.services.contacts import project_contact_forget
from projects.services.document import document_add, document_delete, document_rename
from projects.services.freshness import (
    freshness_interval_delete,
    freshness_interval_save,
    interval_months,
    months_before,
    project_confirm_current,
    projects_mark_outdated,
)
from projects.services.moderation import (
    project_archive,
    project_publish,
    project_reject,
    project_submit,
)
from projects.services.project import (
    PROJECT_FIELDS,
    check_partners,
    project_create,
    project_delete,
    project_update,
    unique_slug,
)
from projects.services.reuse import (
    REPORT_FIELDS,
    answer_create,
    answer_hide,
    question_ask,
    question_hide,
    report_delete,
    report_save,
)
from projects.services.thesaurus import (
    normalised_terms,
    synonym_group_delete,
    synonym_group_save,
    word_part_delete,
    word_part_save,
)
from projects.services.topic import topic_delete, topic_save

__all__ = [
    "freshness_interval_delete",
    "freshness_interval_save",
    "interval_months",
    "months_before",
    "project_confirm_current",
    "projects_mark_outdated",
    "ADOPTION_FIELDS",
    "REPORT_FIELDS",
    "answer_create",
    "answer_hide",
    "check_resulting_project",
    "question_ask",
    "question_hide",
    "report_delete",
    "report_save",
    "ADOPTION_TRANSITIONS",
    "PROJECT_FIELDS",
    "adoption_create",
    "adoption_delete",
    "adoption_update",
    "check_adoption_allowed",
    "check_adoption_transition",
    "check_partners",
    "normalised_terms",
    "document_add",
    "document_delete",
    "document_rename",
    "project_archive",
    "project_contact_forget",
    "project_create",
    "project_delete",
    "project_publish",
    "project_reject",
    "project_submit",
    "project_update",
    "synonym_group_delete",
    "synonym_group_save",
    "topic_delete",
    "topic_save",
    "unique_slug",
    "word_part_delete",
    "word_part_save",
]
