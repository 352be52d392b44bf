"""``bench.scale``: synthetic data that keeps every invariant of the models."""

import io

import pytest
from django.db import connection
from django.db.models import Count, F, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce

from bench import scale
from events.models import Event, Registration
from funding.models import Disbursement, Grant, MunicipalityTotal
from members.models import Municipality, User
from projects.models import Adoption, Project

pytestmark = pytest.mark.django_db

SCALE = 0.002  # 22 → 60 municipalities, 200 projects, 600 adoptions, ...


def generate(*, if_empty: bool = False) -> str:
    out = io.StringIO()
    scale.generate(SCALE, if_empty=if_empty, out=out)
    return out.getvalue()


def test_fills_every_app_with_marked_synthetic_data():
    generate()
    assert Municipality.objects.count() == 60
    assert Project.objects.count() == 200
    assert Adoption.objects.count() == 600
    assert Grant.objects.count() == 100
    assert Event.objects.count() == 10
    assert not Municipality.objects.exclude(is_example=True).exists()
    assert not Municipality.objects.exclude(slug__startswith="synth-").exists()
    assert not Project.objects.exclude(is_example=True).exists()
    assert not User.objects.exclude(email__endswith="@synthetic.invalid").exists()
    assert User.objects.filter(groups__name="Koordination").exists()
    assert User.objects.filter(groups__name="Ministerium").exists()


def test_payouts_never_exceed_the_approved_amount_and_status_and_sum_follow():
    generate()
    paid = Disbursement.objects.filter(grant=OuterRef("pk")).values("grant")
    grants = Grant.objects.annotate(
        paid=Coalesce(
            Subquery(paid.annotate(s=Sum("amount")).values("s")),
            0,
            output_field=Grant._meta.get_field("approved_amount"),
        )
    )
    assert not grants.filter(paid__gt=F("approved_amount")).exists()
    assert grants.filter(paid__gt=0).exists()
    assert not grants.exclude(disbursed_amount=F("paid")).exists()
    assert not grants.filter(paid=0).exclude(status=Grant.Status.APPROVED).exists()
    # The sums the database keeps per city (the report by city) follow the COPY.
    per_city = Grant.objects.values("municipality").annotate(
        n=Count("*"), approved=Sum("approved_amount"), disbursed=Sum("disbursed_amount")
    )
    assert {
        row["municipality"]: (row["n"], row["approved"], row["disbursed"]) for row in per_city
    } == {
        total.municipality_id: (total.grants, total.approved, total.disbursed)
        for total in MunicipalityTotal.objects.filter(grants__gt=0)
    }
    assert MunicipalityTotal.objects.filter(position__isnull=False).count() == 60
    assert (
        not grants.filter(paid__gt=0, paid__lt=F("approved_amount"))
        .exclude(status=Grant.Status.DISBURSING)
        .exists()
    )


def test_event_capacity_is_respected_and_the_waiting_list_is_in_order():
    generate()
    events = Event.objects.filter(capacity__isnull=False).annotate(
        confirmed=Count("registrations", filter=Q(registrations__status="angemeldet"))
    )
    assert not events.filter(confirmed__gt=F("capacity")).exists()
    for event in Event.objects.all():
        positions = list(
            Registration.objects.filter(event=event, status="warteliste")
            .order_by("waitlist_position")
            .values_list("waitlist_position", flat=True)
        )
        assert positions == list(range(1, len(positions) + 1))


def test_search_vectors_and_reuse_counts_are_current():
    generate()
    assert not Project.objects.filter(search_vector__isnull=True).exists()
    counted = Project.objects.annotate(
        counted=Count("adoptions", filter=~Q(adoptions__status="abgebrochen"))
    )
    assert not counted.exclude(reuse_count=F("counted")).exists()
    assert Project.objects.published().search("Lichtmast").exists()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tgenabled FROM pg_trigger WHERE tgname = 'projects_adoption_reuse_count'"
        )
        assert cursor.fetchone() == ("O",)  # switched back on after loading


def test_the_benchmark_fixtures_exist():
    generate()
    project = Project.objects.get(slug="synth-benchmark-projekt")
    assert project.state == Project.State.PUBLISHED
    assert project.participations.count() == 10
    assert project.adoptions.count() == 50
    assert project.documents.count() == 5
    assert Event.objects.get(slug="synth-benchmark-termin").registrations.count() >= 150


def test_refuses_a_database_with_projects_and_skips_with_if_empty():
    generate()
    with pytest.raises(scale.ScaleError, match="not empty"):
        generate()
    assert "nichts zu tun" in generate(if_empty=True)


def test_counts_kept_by_triggers_are_complete_after_the_copy():
    """The row triggers are off while rows are copied; what they keep is computed after."""
    from projects.models import FacetCount, SearchWord

    generate()
    kept = {(f.facet, f.value): f.count for f in FacetCount.objects.all()}
    with connection.cursor() as cursor:
        cursor.execute("SELECT projects_facet_recount()")
    assert kept == {(f.facet, f.value): f.count for f in FacetCount.objects.all()}
    assert kept[("all", "")] == Project.objects.published().count()
    assert SearchWord.objects.filter(key="lichtmasten").exists()
    # Compound parts are in the copied rows' search vectors.
    assert Project.objects.published().search("Masten").exists()


def test_catalogue_entries_and_city_savings_are_complete_after_the_copy():
    """Catalogue entries and each city's savings are written once after the
    copy (their row triggers are off meanwhile), the same as a rebuild."""
    from projects.models import CatalogueEntry, MunicipalitySavings

    generate()

    def entries_now() -> dict:
        return {e.project_id: (e.reuse_count, e.city_ids) for e in CatalogueEntry.objects.all()}

    entries = entries_now()
    savings = set(
        MunicipalitySavings.objects.values_list("municipality_id", "reports", "investment")
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT projects_catalogue_rebuild()")
        cursor.execute("SELECT projects_savings_recount()")
    assert len(entries) == Project.objects.published().count()
    assert entries == entries_now()
    assert savings and savings == set(
        MunicipalitySavings.objects.values_list("municipality_id", "reports", "investment")
    )


def test_questions_reports_kinds_and_lineages_for_issue_13():
    from projects.lineage import ancestors
    from projects.models import Answer, ExperienceReport, ProjectDocument, Question

    generate()
    project = Project.objects.get(slug="synth-benchmark-projekt")
    assert Question.objects.filter(project=project).count() == 50
    assert Answer.objects.filter(question__project=project).count() == 50
    assert ExperienceReport.objects.filter(adoption__project=project).count() == 20
    assert Question.objects.count() == 100 and ExperienceReport.objects.count() >= 20
    assert not ExperienceReport.objects.exclude(adoption__status="im_betrieb").exists()
    assert not ExperienceReport.objects.filter(investment_cost__lt=0).exists()
    assert ProjectDocument.objects.filter(kind="leistungsbeschreibung").exists()
    assert Project.objects.reuse_ready().exists()
    linked = Adoption.objects.filter(resulting_project__isnull=False)
    assert linked.exists()
    for adoption in linked:
        assert adoption.resulting_project.lead_municipality_id == adoption.municipality_id
        assert adoption.resulting_project_id not in ancestors(adoption.project_id)
    counted = Project.objects.annotate(
        counted=Count("adoptions", filter=~Q(adoptions__status="abgebrochen"))
    )
    assert not counted.exclude(reuse_count=F("counted")).exists()
