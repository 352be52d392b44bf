"""Topics, projects, their partners, adoptions and documents (one module per entity)."""

from projects.models.adoptions import Adoption
from projects.models.documents import ProjectDocument, document_upload_path
from projects.models.projects import Participation, Project
from projects.models.topics import Topic

__all__ = [
    "Adoption",
    "Participation",
    "Project",
    "ProjectDocument",
    "Topic",
    "document_upload_path",
]
