"""Who may do what with projects and adoptions (docs/architecture.md, "Who may do what").

Following: anyone logged in follows what they may see — staff, coordinators
and the ministry alike; a follow belongs to its person only.

Pure predicates on a user and an object. Services enforce them (raising
PermissionDenied), pages and API use them to decide what to offer. Whether an
object is visible at all is ``Project.objects.visible_to(user)``; an object one
may not see answers 404, one one may see but not change answers 403.
"""

from django.contrib.auth.models import AnonymousUser

from members.models import Municipality, User
from projects.models import Adoption, Follow, Project


def _is_staff_of(user: User, municipality_id: int | None) -> bool:
    return (
        user.is_authenticated
        and user.is_municipal_staff
        and municipality_id is not None
        and user.municipality_id == municipality_id
    )


def _is_coordinator(user: User) -> bool:
    return user.is_authenticated and user.is_coordinator


def can_view_project(user: User, project: Project) -> bool:
    if project.state == Project.State.PUBLISHED:
        return True
    return _is_coordinator(user) or _is_staff_of(user, project.lead_municipality_id)


def can_see_contact(user: User) -> bool:
    return user.is_authenticated


def can_create_project(user: User, lead: Municipality | None = None) -> bool:
    """Coordinators for any lead city; municipal staff with their own city as lead."""
    if _is_coordinator(user):
        return True
    if lead is None:
        return user.is_authenticated and user.is_municipal_staff
    return _is_staff_of(user, lead.pk)


def can_edit_project(user: User, project: Project) -> bool:
    """Coordinators always; staff of the lead city unless the project is archived."""
    if _is_coordinator(user):
        return True
    return (
        _is_staff_of(user, project.lead_municipality_id) and project.state != Project.State.ARCHIVED
    )


def can_submit_project(user: User, project: Project) -> bool:
    return can_edit_project(user, project)


def can_moderate_projects(user: User) -> bool:
    """Publish, reject, archive: coordinators only."""
    return _is_coordinator(user)


def can_declare_adoption(user: User, municipality: Municipality | None = None) -> bool:
    """Coordinators for any city; staff for their own city only."""
    if _is_coordinator(user):
        return True
    if municipality is None:
        return user.is_authenticated and user.is_municipal_staff
    return _is_staff_of(user, municipality.pk)


def can_declare_for_any_city(user: User) -> bool:
    """Coordinators choose the adopting city; staff always declare for their own."""
    return _is_coordinator(user)


def can_change_adoption(user: User, adoption: Adoption) -> bool:
    return _is_coordinator(user) or _is_staff_of(user, adoption.municipality_id)


def can_see_history(user: User, project: Project) -> bool:
    return _is_coordinator(user) or _is_staff_of(user, project.lead_municipality_id)


def can_edit_thesaurus(user: User) -> bool:
    """Synonym groups and word parts of the search: coordinators only."""
    return _is_coordinator(user)


# --- questions, answers and experience reports (issue 13) ----------------------------


def can_read_posts(user: User) -> bool:
    """Questions, answers and experience reports: their text for members, counts for others."""
    return user.is_authenticated


def can_ask(user: User) -> bool:
    """Anyone logged in asks (staff, coordinators, the ministry)."""
    return user.is_authenticated


def can_answer(user: User, project: Project, city_ids: set[int] | None = None) -> bool:
    """Coordinators; staff of the lead or a partner city. ``city_ids`` (lead
    and partners) saves the query when the caller has them."""
    if _is_coordinator(user):
        return True
    if not (user.is_authenticated and user.is_municipal_staff and user.municipality_id):
        return False
    if city_ids is None:
        city_ids = project_city_ids(project)
    return user.municipality_id in city_ids


def project_city_ids(project: Project) -> set[int]:
    """The lead city and the partners: those who answer questions."""
    partners = project.participations.values_list("municipality_id", flat=True)
    return {project.lead_municipality_id, *partners}


def can_hide_posts(user: User) -> bool:
    return _is_coordinator(user)


def can_write_report(user: User, adoption: Adoption) -> bool:
    return can_write_reports_of(user, adoption.municipality_id)


def can_write_reports_of(user: User, municipality_id: int | None) -> bool:
    """The adopting city's staff and coordinators (a project's page knows the
    city of each report, not the adoption)."""
    return _is_coordinator(user) or _is_staff_of(user, municipality_id)


def can_follow(user: User | AnonymousUser) -> bool:
    return bool(user.is_authenticated and user.is_active)


def can_change_follow(user: User | AnonymousUser, follow: Follow) -> bool:
    return can_follow(user) and follow.user_id == user.pk
