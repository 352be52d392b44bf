"""Reads shared by pages and API: each list states its joins and prefetches once.

``catalogue``: the catalogue's filters, pages and facets, similar projects;
``projects``: a project's page, a municipality's projects, lists and counts.
"""

from projects.selectors.catalogue import (
    SIMILAR_FIELDS,
    SIMILAR_LIMIT,
    CatalogueFilters,
    CataloguePage,
    catalogue_page,
    catalogue_projects,
    is_ranked_search,
    is_unfiltered,
    project_catalogue,
    similar_projects,
    similar_to_project,
    topic_by_slug,
)
from projects.selectors.projects import (
    MUNICIPALITY_REF,
    SECTION_LIMIT,
    active_adoption_count,
    adoption_list,
    moderation_queue,
    municipality_sections,
    newest_published_projects,
    project_adoptions,
    project_detail_queryset,
    project_documents,
    project_page_queryset,
    project_partners,
    project_topics,
    projects_of_municipality,
    published_project_count,
    topic_list,
)

__all__ = [
    "MUNICIPALITY_REF",
    "SECTION_LIMIT",
    "SIMILAR_FIELDS",
    "SIMILAR_LIMIT",
    "CatalogueFilters",
    "CataloguePage",
    "active_adoption_count",
    "adoption_list",
    "catalogue_page",
    "catalogue_projects",
    "is_ranked_search",
    "is_unfiltered",
    "moderation_queue",
    "municipality_sections",
    "newest_published_projects",
    "project_adoptions",
    "project_catalogue",
    "project_detail_queryset",
    "project_documents",
    "project_page_queryset",
    "project_partners",
    "project_topics",
    "projects_of_municipality",
    "published_project_count",
    "similar_projects",
    "similar_to_project",
    "topic_by_slug",
    "topic_list",
]
