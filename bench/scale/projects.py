"""Topics, projects, partners and adoptions at national scale.

Titles and texts come from the word lists, so full-text search and trigram
similarity work on realistic German. The triggers keep the search vector
current during COPY (compound parts included); the per-row triggers that
count (reuse counts, facet counts) and collect title words are switched off
while rows are copied, and what they keep is computed in one statement each
after.
"""

import random
from datetime import timedelta
from decimal import Decimal

from django.db import connection
from django.utils import timezone

from bench.scale import words
from bench.scale.copy import copy_objects, next_id, reset_sequence, triggers_off
from projects.markup import render_markdown
from projects.models import Adoption, Participation, Project, ProjectDocument, Topic

STATES = [
    (Project.State.PUBLISHED, 90),
    (Project.State.DRAFT, 4),
    (Project.State.SUBMITTED, 3),
    (Project.State.ARCHIVED, 2),
    (Project.State.REJECTED, 1),
]
BENCH_PROJECT_SLUG = "synth-benchmark-projekt"


def title(rng: random.Random) -> str:
    return f"{words.noun_phrase(rng)} {rng.choice(words.PURPOSES)}"


def text(rng: random.Random, sentences: int) -> str:
    return " ".join(rng.sample(words.SENTENCES, sentences))


# Triggers that work row by row (migrations 0007, 0008, 0025), and the tables they are on.
ROW_TRIGGERS = [
    ("projects_project", "projects_project_search_words"),
    ("projects_project", "projects_project_facets_insert_delete"),
    ("projects_project", "projects_project_facets_update"),
    ("projects_project_topics", "projects_topic_facets"),
    ("projects_participation", "projects_partner_facets"),
    ("projects_project", "projects_project_catalogue_entry_insert_delete"),
    ("projects_project", "projects_project_catalogue_entry_update"),
    ("projects_project_topics", "projects_topic_catalogue_entry"),
    ("projects_participation", "projects_partner_catalogue_entry"),
]
# The catalogue entries' statement triggers that keep the counts within each
# broad filter (projects.models.ScopedFacetCount).
SCOPED_FACET_TRIGGERS = [
    ("projects_catalogueentry", f"projects_catalogueentry_scoped_facets_{event}")
    for event in ("insert", "delete", "update")
]
SEARCH_WORDS_SQL = """
    INSERT INTO projects_searchword (key, word)
    SELECT DISTINCT ON (lower(t.word)) lower(t.word), t.word
    FROM projects_project
    CROSS JOIN LATERAL regexp_split_to_table(title, '[^[:alpha:]]+') AS t(word)
    WHERE length(t.word) >= 4
    ORDER BY lower(t.word), t.word
    ON CONFLICT (key) DO NOTHING
"""


def generate(
    rng: random.Random,
    *,
    projects: int,
    adoptions: int,
    municipality_ids: list[int],
    staff_ids: list[int],
) -> list[int]:
    topic_ids = list(Topic.objects.values_list("pk", flat=True))
    if not topic_ids:
        topic_ids = [
            Topic.objects.create(name=f"{subject} (synthetisch)", slug=f"synth-{index}").pk
            for index, (subject, _gender) in enumerate(words.SUBJECTS[:9])
        ]
    states = [state for state, weight in STATES for _ in range(weight)]
    phases = [choice for choice, _label in Project.Phase.choices]
    now = timezone.now()
    start = next_id(Project)
    project_ids = list(range(start, start + projects))
    leads: dict[int, int] = {}

    def project_rows():
        for pk in project_ids:
            state = rng.choice(states) if pk != start else Project.State.PUBLISHED
            leads[pk] = rng.choice(municipality_ids)
            created = now - timedelta(days=rng.randint(1, 2000), seconds=rng.randint(0, 86400))
            published = state in (Project.State.PUBLISHED, Project.State.ARCHIVED)
            description = text(rng, 5)
            yield {
                "id": pk,
                "title": title(rng),
                "slug": f"synth-projekt-{pk}" if pk != start else BENCH_PROJECT_SLUG,
                "summary": text(rng, 2),
                "description": description,
                "description_html": render_markdown(description),
                "lead_municipality_id": leads[pk],
                "phase": rng.choice(phases),
                "state": state,
                "start_date": created.date(),
                "investment_cost": Decimal(rng.randint(0, 500_000)),
                "running_cost_per_year": Decimal(rng.randint(0, 50_000)),
                "effort_person_days": rng.randint(5, 400),
                "is_reusable": rng.random() < 0.8,
                "licence": rng.choice(words.LICENCES),
                "technologies": ", ".join(rng.sample(words.TECHNOLOGIES, 3)),
                # Every third project is software (and the benchmark's own):
                # they have a publiccode.yml. Not drawn from rng, so the other
                # fields stay what they were for a given seed.
                "repository_url": (
                    f"https://gitlab.opencode.de/synthetisch/projekt-{pk}"
                    if pk % 3 == 0 or pk == start
                    else ""
                ),
                "contact_name": f"{rng.choice(words.FIRST_NAMES)} {rng.choice(words.LAST_NAMES)}",
                "contact_email": f"kontakt{pk}@synthetic.invalid",
                "is_example": True,
                "created_by_id": rng.choice(staff_ids),
                "created_at": created,
                "updated_at": created,
                "submitted_at": created if state != Project.State.DRAFT else None,
                "published_at": created + timedelta(days=3) if published else None,
            }

    with triggers_off(ROW_TRIGGERS):
        _generate(rng, project_rows, project_ids, topic_ids, municipality_ids, leads, adoptions)
    with connection.cursor() as cursor:
        cursor.execute(SEARCH_WORDS_SQL)
        cursor.execute("SELECT projects_facet_recount()")
        cursor.execute("SELECT projects_catalogue_rebuild()")
    return project_ids


def _generate(rng, project_rows, project_ids, topic_ids, municipality_ids, leads, adoptions):
    copy_objects(Project, project_rows())
    reset_sequence(Project)
    copy_objects(
        Project.topics.through,
        (
            {"project_id": pk, "topic_id": topic}
            for pk in project_ids
            for topic in rng.sample(topic_ids, rng.randint(1, 2))
        ),
    )
    _participations(rng, project_ids, municipality_ids, leads)
    _adoptions(rng, adoptions, project_ids, municipality_ids)
    _bench_project_documents(project_ids[0])


def _participations(rng, project_ids, municipality_ids, leads) -> None:
    """Partner cities (never the lead); the benchmark project gets 10."""
    bench = project_ids[0]

    def rows():
        for pk in project_ids:
            count = 10 if pk == bench else rng.choice([0, 0, 1, 1, 2])
            partners = set(rng.sample(municipality_ids, count + 1)) - {leads[pk]}
            for municipality in list(partners)[:count]:
                yield {"project_id": pk, "municipality_id": municipality, "role": "partner"}

    copy_objects(Participation, rows())


def _adoptions(rng, total, project_ids, municipality_ids) -> None:
    """Unique (project, municipality) pairs; a few projects are reused widely.
    The benchmark project gets exactly 50."""
    bench = project_ids[0]
    pairs = {(bench, m) for m in rng.sample(municipality_ids, 50)}
    statuses = [choice for choice, _label in Adoption.Status.choices]
    size = len(project_ids)
    while len(pairs) < total:
        project = project_ids[1 + int((size - 1) * rng.random() ** 3)]
        pairs.add((project, rng.choice(municipality_ids)))
    with triggers_off([("projects_adoption", "projects_adoption_reuse_count")]):
        copy_objects(
            Adoption,
            (
                {
                    "project_id": project,
                    "municipality_id": municipality,
                    "status": rng.choice(statuses),
                    "is_example": True,
                }
                for project, municipality in pairs
            ),
        )
    # The project trigger recounts each row it sees; touch only projects with
    # adoptions. Each of them rewrites its catalogue entry: the counts within
    # each broad filter are counted once afterwards, not per entry.
    with triggers_off(SCOPED_FACET_TRIGGERS), connection.cursor() as cursor:
        cursor.execute(
            "UPDATE projects_project SET reuse_count = 0 "
            "WHERE id IN (SELECT DISTINCT project_id FROM projects_adoption)"
        )
    with connection.cursor() as cursor:
        cursor.execute("SELECT projects_scoped_facet_recount()")


def _bench_project_documents(project_id: int) -> None:
    copy_objects(
        ProjectDocument,
        (
            {
                "project_id": project_id,
                "title": f"Dokument {index}",
                "file": f"documents/projects/synthetic-{index}.pdf",
                "original_name": f"dokument-{index}.pdf",
                "content_type": "application/pdf",
                "size": 100_000,
            }
            for index in range(1, 6)
        ),
    )
