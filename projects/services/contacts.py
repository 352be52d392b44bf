"""A person leaves the portal: projects that name them as contact forget them."""

from django.db import transaction
from django.utils.translation import gettext as _

from members.audit import log_action
from members.models import User
from projects import permissions
from projects.cache import catalogue_changed
from projects.models import Project
from projects.services._common import deny


@transaction.atomic
def project_contact_forget(*, email: str, actor: User) -> int:
    """Empty the contact person of every project naming ``email`` (coordinators,
    members.services.people); the history says so without naming the person."""
    if not permissions.can_moderate_projects(actor):
        raise deny(_("Nur die Koordination kann Ansprechpersonen entfernen."))
    projects = list(Project.objects.select_for_update().filter(contact_email__iexact=email))
    for project in projects:
        project.contact_name = project.contact_email = project.contact_phone = ""
        project.save(update_fields=["contact_name", "contact_email", "contact_phone", "updated_at"])
        log_action(actor=actor, obj=project, action="project.contact_removed")
        catalogue_changed(texts=False, project_id=project.pk)
    return len(projects)
