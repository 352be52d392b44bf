"""Topics, projects, their partners, adoptions and documents, follows (one module per entity)."""

from projects.models.adoptions import Adoption
from projects.models.catalogue import CatalogueEntry
from projects.models.documents import ProjectDocument, document_upload_path
from projects.models.facets import FacetCount, ScopedFacetCount
from projects.models.follows import Delivery, Digest, Follow, HandledEntry, Notice, Subscriber
from projects.models.freshness import CurrentReminder, FreshnessInterval
from projects.models.projects import Participation, Project
from projects.models.reuse import Answer, ExperienceReport, Question
from projects.models.savings import MunicipalitySavings
from projects.models.thesaurus import SearchWord, SynonymGroup, WordPart
from projects.models.topics import Topic

__all__ = [
    "Delivery",
    "Digest",
    "Follow",
    "HandledEntry",
    "Notice",
    "Subscriber",
    "Adoption",
    "Answer",
    "CatalogueEntry",
    "ExperienceReport",
    "CurrentReminder",
    "FreshnessInterval",
    "FacetCount",
    "ScopedFacetCount",
    "MunicipalitySavings",
    "Participation",
    "Project",
    "ProjectDocument",
    "Question",
    "SearchWord",
    "SynonymGroup",
    "Topic",
    "WordPart",
    "document_upload_path",
]
