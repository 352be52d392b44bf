"""Questions, answers, experience reports, document kinds and lineages at
national scale (issue 13), after the projects and adoptions exist.

The benchmark project (``BENCH_PROJECT_SLUG``) gets exactly 50 questions
with an answer each and 20 experience reports (on 20 of its 50 adoptions,
set in operation), the page ``make bench`` measures. Lineages link an
adoption to a project of the adopting city with a larger id than the adopted
one, so they cannot form a cycle.
"""

import random
from decimal import Decimal

from django.db import connection
from django.utils import timezone

from bench.scale import words
from bench.scale.copy import copy_objects, triggers_off
from projects.models import Answer, ExperienceReport, ProjectDocument, Question

BENCH_QUESTIONS = 50
BENCH_REPORTS = 20
# Keeps the network totals and city sums (migrations 0022, 0024).
REPORT_TRIGGER = "projects_report_facets_insert_delete"
RECOMMENDATIONS = ["ja", "ja", "ja", "eingeschraenkt", "nein"]


def generate(
    rng: random.Random,
    *,
    questions: int,
    reports: int,
    lineages: int,
    documents: int,
    bench_project_id: int,
    staff_ids: list[int],
) -> None:
    now = timezone.now()
    staff_city = dict(
        _rows("SELECT id, municipality_id FROM members_user WHERE id = ANY(%s)", [staff_ids])
    )
    published = [pk for (pk,) in _rows("SELECT id FROM projects_project WHERE state = 'published'")]
    _documents(rng, documents, published, bench_project_id)
    _questions(rng, questions, published, bench_project_id, staff_ids, staff_city, now)
    _reports(rng, reports, bench_project_id, now)
    _lineages(rng, lineages)


def _rows(sql: str, params=()) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _documents(rng, total, published, bench_project_id) -> None:
    """Kinds for the benchmark project's documents and a handover document
    (Leistungsbeschreibung, Vertrag or Betriebshandbuch) for ``total`` projects."""
    kinds = [kind for kind, _label in ProjectDocument.Kind.choices]
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE projects_projectdocument SET kind = (%s::text[])[1 + (id %% %s)] "
            "WHERE project_id = %s",
            [kinds, len(kinds), bench_project_id],
        )
    handover = [str(kind) for kind in ProjectDocument.HANDOVER_KINDS]
    # Not the benchmark project: its five documents are what the detail case measures.
    others = [pk for pk in published if pk != bench_project_id]
    chosen = rng.sample(others, min(total, len(others)))
    copy_objects(
        ProjectDocument,
        (
            {
                "project_id": pk,
                "title": "Übergabedokument",
                "kind": rng.choice(handover),
                "file": f"documents/projects/synthetic-handover-{pk}.pdf",
                "original_name": "uebergabe.pdf",
                "content_type": "application/pdf",
                "size": 50_000,
            }
            for pk in chosen
        ),
    )


def _questions(rng, total, published, bench_project_id, staff_ids, staff_city, now) -> None:
    """Questions on published projects (a few projects get many); about two
    thirds answered. Ids are read back to attach the answers."""
    others = [pk for pk in published if pk != bench_project_id]
    projects = [bench_project_id] * BENCH_QUESTIONS + [
        others[int((len(others) - 1) * rng.random() ** 2)]
        for _ in range(max(0, total - BENCH_QUESTIONS))
    ]

    def body(rng) -> str:
        return f"Wie habt ihr {words.noun_phrase(rng)} gelöst?"

    def question_rows():
        for project in projects:
            author = rng.choice(staff_ids)
            text = body(rng)
            yield {
                "project_id": project,
                "author_id": author,
                "municipality_id": staff_city.get(author),
                "body": text,
                "body_html": f"<p>{text}</p>",
                "is_example": True,
                "created_at": now,
            }

    copy_objects(Question, question_rows())
    asked = _rows(
        "SELECT q.id, q.project_id = %s, p.lead_municipality_id FROM projects_question q "
        "JOIN projects_project p ON p.id = q.project_id",
        [bench_project_id],
    )

    def answer_rows():
        for question, on_bench, lead in asked:
            if not on_bench and rng.random() > 0.66:
                continue
            text = "Mit einer Ausschreibung nach EVB-IT; Details im Betriebshandbuch."
            yield {
                "question_id": question,
                "municipality_id": lead,
                "body": text,
                "body_html": f"<p>{text}</p>",
                "is_example": True,
                "created_at": now,
            }

    copy_objects(Answer, answer_rows())


def _reports(rng, total, bench_project_id, now) -> None:
    """Reports on adoptions in operation; 20 of the benchmark project's 50
    adoptions are put in operation for them."""
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE projects_adoption SET status = 'im_betrieb' WHERE id IN ("
            " SELECT id FROM projects_adoption WHERE project_id = %s ORDER BY id LIMIT %s)",
            [bench_project_id, BENCH_REPORTS],
        )
    operating = _rows(
        "SELECT a.id, a.project_id = %s, p.investment_cost, p.effort_person_days "
        "FROM projects_adoption a JOIN projects_project p ON p.id = a.project_id "
        "WHERE a.status = 'im_betrieb' ORDER BY a.project_id = %s DESC, a.id",
        [bench_project_id, bench_project_id],
    )
    bench = [row for row in operating if row[1]][:BENCH_REPORTS]
    rest = [row for row in operating if not row[1]]
    chosen = bench + rng.sample(rest, min(len(rest), max(0, total - len(bench))))

    def rows():
        for adoption, _on_bench, investment, effort in chosen:
            share = rng.uniform(0.05, 1.2)  # some spent more than the original
            yield {
                "adoption_id": adoption,
                "effort_person_days": int((effort or 50) * share),
                "investment_cost": (
                    Decimal(investment or 0) * Decimal(str(round(share, 2)))
                ).quantize(Decimal("0.01")),
                "running_cost_per_year": Decimal(rng.randint(0, 20_000)),
                "duration_months": rng.randint(1, 24),
                "adaptations": "Logo, Texte und Schnittstellen angepasst.",
                "recommendation": rng.choice(RECOMMENDATIONS),
                "text": "Synthetischer Erfahrungsbericht.",
                "is_example": True,
                "created_at": now,
                "updated_at": now,
            }

    # The report's facet trigger adds each row to the same few kept totals;
    # row by row in one transaction those rows grow long version chains (6
    # minutes for 30,000 reports). Off during COPY, then counted once.
    with triggers_off([("projects_experiencereport", REPORT_TRIGGER)]):
        copy_objects(ExperienceReport, rows())
    with connection.cursor() as cursor:
        cursor.execute("SELECT projects_facet_recount()")
        cursor.execute("SELECT projects_savings_recount()")


def _lineages(rng, total) -> None:
    """Adoptions in operation name a project of the adopting city that has a
    larger id than the adopted one (so no cycle), each project once."""
    candidates = _rows(
        "SELECT a.id, a.project_id, a.municipality_id FROM projects_adoption a "
        "WHERE a.status = 'im_betrieb' ORDER BY a.id"
    )
    led: dict[int, list[int]] = {}
    for pk, lead in _rows("SELECT id, lead_municipality_id FROM projects_project"):
        led.setdefault(lead, []).append(pk)
    used: set[int] = set()
    links = []
    for adoption, project, municipality in rng.sample(candidates, len(candidates)):
        if len(links) >= total:
            break
        options = [pk for pk in led.get(municipality, ()) if pk > project and pk not in used]
        if options:
            resulting = rng.choice(options)
            used.add(resulting)
            links.append((adoption, resulting))
    with connection.cursor() as cursor:
        cursor.executemany(
            "UPDATE projects_adoption SET resulting_project_id = %s WHERE id = %s",
            [(resulting, adoption) for adoption, resulting in links],
        )
