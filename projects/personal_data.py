"""The projects app's part of a person's data (core.registry.PersonalData,
registered in apps.py): what they created, submitted, uploaded, and the
projects that name them as contact."""

from typing import Any

from members.models import User
from projects.models import Adoption, Project, ProjectDocument


def _project(project: Project) -> dict[str, Any]:
    return {"title": project.title, "slug": project.slug, "state": project.state}


def collect(user: User) -> dict[str, Any]:
    return {
        "projects_created": [
            _project(p) for p in Project.objects.filter(created_by=user).order_by("title")
        ],
        "projects_submitted": [
            _project(p) for p in Project.objects.filter(submitted_by=user).order_by("title")
        ],
        "contact_person_of": [
            {
                **_project(p),
                "contact_name": p.contact_name,
                "contact_email": p.contact_email,
                "contact_phone": p.contact_phone,
            }
            for p in Project.objects.filter(contact_email__iexact=user.email).order_by("title")
        ],
        "adoptions_declared": [
            {"project": a.project.title, "municipality": a.municipality.name, "status": a.status}
            for a in Adoption.objects.filter(created_by=user)
            .select_related("project", "municipality")
            .order_by("project__title")
        ],
        "documents_uploaded": [
            {
                "project": d.project.title,
                "title": d.title,
                "uploaded_at": d.uploaded_at.isoformat(),
            }
            for d in ProjectDocument.objects.filter(uploaded_by=user)
            .select_related("project")
            .order_by("uploaded_at")
        ],
    }


def release(*, user: User, actor: User) -> None:
    """Projects that name the person as contact keep their city, not the person."""
    from projects.services import project_contact_forget

    project_contact_forget(email=user.email, actor=actor)
