"""The lists of a project's page rendered item by item, each item cached on
its own (``core.cache.get_or_compute_many``): after a new answer the page
renders one question again, after a report or an adoption's change one
report or one row — not the fifty questions or adoptions around it. The lists
themselves are cached parts of the page (``projects.cache.page_part_topics``);
these run only when such a part is out of date.

An item is cached under its own topic where a service knows what it changed
(a question and its answers), else under its row's version, PostgreSQL's
``xmin``, which every write of the row renews — also the database's own
(a report's avoided figures follow its adoption and the project's costs)."""

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from django.template.loader import get_template
from django.utils.safestring import SafeString, mark_safe

from core import cache
from members.cache import MUNICIPALITIES
from members.models import User
from projects import permissions
from projects.cache import question_topic
from projects.models import Project
from projects.selectors import adoptions_by_id, project_adoption_rows
from projects.selectors.reuse import (
    project_question_ids,
    project_report_rows,
    reports_by_id,
    visible_questions_by_id,
)


def _items(
    name: str,
    template_name: str,
    ids: Sequence[int],
    keys: Sequence[tuple[Sequence[str], tuple]],
    fetch: Callable[[list[int]], Mapping[int, Any]],
    context: Callable[[int, Any], dict],
) -> list[SafeString]:
    """Item ``ids[i]`` cached under ``keys[i]`` (topics, vary); those missing
    read at once by ``fetch(ids)`` and rendered with ``context(index, item)``.
    One gone since its id was read renders as nothing: whatever removed it
    raised a version already, so that list is not kept."""
    template = get_template(template_name)

    def render_missing(indexes: list[int]) -> list[str]:
        found = fetch([ids[i] for i in indexes])
        return [
            str(template.render(context(i, found[ids[i]]))) if ids[i] in found else ""
            for i in indexes
        ]

    items = cache.get_or_compute_many(name, keys, render_missing, scope="members")
    return [mark_safe(item) for item in items]  # noqa: S308 - our own rendering


def question_items(project: Project) -> list[SafeString]:
    """The questions as members read them, each under its own topic (a new
    answer or a hidden post raises it)."""
    ids = project_question_ids(project)
    return _items(
        "project-question",
        "projects/partials/question_item.html",
        ids,
        [((question_topic(pk), MUNICIPALITIES), (pk,)) for pk in ids],
        visible_questions_by_id,
        lambda _i, question: {"question": question, "project": project},
    )


def report_items(project: Project, user: User) -> list[SafeString]:
    """The experience reports, each under its row's version and whether
    ``user`` may edit it (coordinators, the adopting city's staff)."""
    rows = project_report_rows(project)
    editable = [permissions.can_write_reports_of(user, city) for _pk, city, _v in rows]
    return _items(
        "project-report",
        "projects/partials/report_item.html",
        [pk for pk, _city, _version in rows],
        [
            ((MUNICIPALITIES,), (pk, version, may_edit, project.slug))
            for (pk, _city, version), may_edit in zip(rows, editable, strict=True)
        ],
        reports_by_id,
        lambda i, report: {"report": report, "project": project, "may_edit": editable[i]},
    )


def adoption_rows(project: Project, can_see_contact: bool) -> list[SafeString]:
    """The rows of the adoptions table, each under its row's version and
    whether the reader sees the notes."""
    rows = project_adoption_rows(project)
    return _items(
        "project-adoption",
        "projects/partials/adoption_row.html",
        [pk for pk, _version in rows],
        [((MUNICIPALITIES,), (pk, version, can_see_contact)) for pk, version in rows],
        adoptions_by_id,
        lambda _i, adoption: {"adoption": adoption, "can_see_contact": can_see_contact},
    )
