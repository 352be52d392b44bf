"""Questions, answers, experience reports and the lineage through their services (issue 13)."""

from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from core.errors import Conflict
from members.audit import history_for
from projects import services
from projects.models import Adoption, Answer, ExperienceReport, Project, Question
from projects.selectors.reuse import network_savings, project_savings
from tests.projects.factories import AdoptionFactory, ParticipationFactory, ProjectFactory
from tests.projects.reuse_helpers import REPORT, operating, report_on

pytestmark = pytest.mark.django_db


# --- questions and answers ------------------------------------------------------------


def test_question_is_rendered_and_lead_city_is_told(
    published, landau_staff, speyer_staff, on_commit
):
    with on_commit():
        question = services.question_ask(
            project=published, actor=landau_staff, body="Was **kostet** der Betrieb?"
        )
    question.refresh_from_db()
    assert question.body_html == "<p>Was <strong>kostet</strong> der Betrieb?</p>"
    assert question.municipality == landau_staff.municipality
    assert [m.to for m in mail.outbox] == [[speyer_staff.email]]
    assert "Neue Frage" in mail.outbox[0].subject


def test_answer_tells_the_asker(published, landau_staff, speyer_staff, on_commit):
    question = services.question_ask(project=published, actor=landau_staff, body="Frage?")
    mail.outbox.clear()
    with on_commit():
        services.answer_create(question=question, actor=speyer_staff, body="Antwort.")
    assert [m.to for m in mail.outbox] == [[landau_staff.email]]
    assert "beantwortet" in mail.outbox[0].subject


def test_partner_city_answers(published, landau, landau_staff, ministry):
    ParticipationFactory(project=published, municipality=landau)
    question = services.question_ask(project=published, actor=ministry, body="Frage?")
    answer = services.answer_create(question=question, actor=landau_staff, body="Ja.")
    assert answer.municipality == landau


@pytest.mark.parametrize("actor", ["landau_staff", "ministry"], indirect=True)
def test_others_may_not_answer(actor, published, speyer_staff):
    question = services.question_ask(project=published, actor=speyer_staff, body="Frage?")
    with pytest.raises(PermissionDenied):
        services.answer_create(question=question, actor=actor, body="Nein.")
    assert not Answer.objects.exists()


def test_script_in_a_question_is_refused(published, landau_staff):
    with pytest.raises(ValidationError) as error:
        services.question_ask(
            project=published, actor=landau_staff, body="<script>alert(1)</script>"
        )
    assert "unzulässige Inhalte" in str(error.value.message_dict["body"])
    assert not Question.objects.exists()


def test_too_long_question_is_refused(published, landau_staff):
    with pytest.raises(ValidationError) as error:
        services.question_ask(project=published, actor=landau_staff, body="x" * 5001)
    assert "höchstens 5000 Zeichen" in " ".join(error.value.message_dict["body"])


def test_no_question_on_a_draft(draft, speyer_staff):
    with pytest.raises(Conflict):
        services.question_ask(project=draft, actor=speyer_staff, body="Frage?")


def test_coordinator_hides_with_a_reason_kept_in_history(published, landau_staff, coordinator):
    question = services.question_ask(project=published, actor=landau_staff, body="Werbung")
    with pytest.raises(ValidationError):
        services.question_hide(question=question, actor=coordinator, reason="  ")
    services.question_hide(question=question, actor=coordinator, reason="Werbung, kein Bezug")
    question.refresh_from_db()
    assert question.is_hidden and question.hidden_by == coordinator
    entry = history_for(published).filter(action="question.hide").get()
    assert entry.changes["reason"] == "Werbung, kein Bezug"


@pytest.mark.parametrize("actor", ["speyer_staff", "landau_staff", "ministry"], indirect=True)
def test_only_coordinators_hide(actor, published, landau_staff):
    question = services.question_ask(project=published, actor=landau_staff, body="Frage?")
    with pytest.raises(PermissionDenied):
        services.question_hide(question=question, actor=actor, reason="Grund")
    question.refresh_from_db()
    assert not question.is_hidden


# --- experience reports ---------------------------------------------------------------


@pytest.fixture
def in_operation(landau_adoption):
    return operating(landau_adoption)


def test_report_written_by_the_adopting_city(in_operation, landau_staff):
    report = services.report_save(adoption=in_operation, actor=landau_staff, **REPORT)
    assert report.pk and report.created_by == landau_staff
    assert history_for(in_operation).filter(action="report.create").exists()


@pytest.mark.parametrize("actor", ["speyer_staff", "ministry"], indirect=True)
def test_report_of_another_city_is_refused(actor, in_operation):
    with pytest.raises(PermissionDenied):
        services.report_save(adoption=in_operation, actor=actor, **REPORT)
    assert not ExperienceReport.objects.exists()


def test_report_before_operation_is_refused(landau_adoption, landau_staff):
    with pytest.raises(ValidationError) as error:
        services.report_save(adoption=landau_adoption, actor=landau_staff, **REPORT)
    assert "erst möglich, wenn die Nachnutzung im Betrieb ist" in str(error.value)
    assert not ExperienceReport.objects.exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("investment_cost", Decimal("-1.00"), "nicht negativ"),
        ("running_cost_per_year", Decimal("-0.01"), "nicht negativ"),
        ("effort_person_days", 1_000_000, "zwischen 0 und 20.000 Personentagen"),
        ("effort_person_days", -3, "größer oder gleich 0"),
        ("duration_months", 5000, "zwischen 0 und 120 Monaten"),
        ("recommendation", "vielleicht", "keine gültige Option"),
    ],
)
def test_bad_report_figures_are_refused(in_operation, landau_staff, field, value, message):
    with pytest.raises(ValidationError) as error:
        services.report_save(adoption=in_operation, actor=landau_staff, **{**REPORT, field: value})
    assert message in " ".join(error.value.message_dict[field])
    assert not ExperienceReport.objects.exists()


# --- what reuse saved -----------------------------------------------------------------


def test_savings_never_below_zero_and_only_in_operation(published, landau, speyer):
    Project.objects.filter(pk=published.pk).update(
        investment_cost=Decimal("50000.10"), effort_person_days=100
    )
    report_on(operating(AdoptionFactory(project=published, municipality=landau)))
    # Spent more than the original: avoided nothing, not a negative amount.
    report_on(
        operating(AdoptionFactory(project=published)),
        investment_cost=Decimal("90000.00"),
        effort_person_days=300,
    )
    # Not in operation (any more): does not count.
    cancelled = report_on(operating(AdoptionFactory(project=published)))
    Adoption.objects.filter(pk=cancelled.adoption_id).update(status="abgebrochen")
    savings = project_savings(published)
    assert savings.reports == 2
    assert savings.investment == Decimal("38000.10")
    assert savings.effort_days == 70
    assert network_savings().investment == Decimal("38000.10")


def test_unpublished_projects_do_not_count_for_others(speyer, landau, landau_staff, coordinator):
    hidden = ProjectFactory(
        lead_municipality=speyer, state=Project.State.ARCHIVED, investment_cost=Decimal("100")
    )
    report_on(operating(AdoptionFactory(project=hidden, municipality=landau)), investment_cost=0)
    assert network_savings().reports == 0
    assert network_savings(landau_staff).reports == 0
    assert network_savings(coordinator).investment == Decimal("100.00")


# --- the lineage ----------------------------------------------------------------------


def test_lineage_over_three_generations_and_no_cycle(published, speyer, landau, coordinator):
    landau_project = ProjectFactory(lead_municipality=landau)
    adoption = AdoptionFactory(project=published, municipality=landau)
    services.adoption_update(adoption=adoption, actor=coordinator, resulting_project=landau_project)
    third_city_project = ProjectFactory()
    second = AdoptionFactory(
        project=landau_project, municipality=third_city_project.lead_municipality
    )
    services.adoption_update(
        adoption=second, actor=coordinator, resulting_project=third_city_project
    )
    # Speyer reusing the grandchild and naming its own original as the outcome: a circle.
    back = AdoptionFactory(project=third_city_project, municipality=speyer)
    with pytest.raises(ValidationError) as error:
        services.adoption_update(adoption=back, actor=coordinator, resulting_project=published)
    assert "keinen Kreis" in " ".join(error.value.message_dict["resulting_project"])
    back.refresh_from_db()
    assert back.resulting_project is None


def test_resulting_project_must_be_the_adopting_citys(published, landau, landau_staff, speyer):
    adoption = AdoptionFactory(project=published, municipality=landau)
    other = ProjectFactory(lead_municipality=speyer)
    with pytest.raises(ValidationError) as error:
        services.adoption_update(adoption=adoption, actor=landau_staff, resulting_project=other)
    assert "nachnutzenden Kommune" in " ".join(error.value.message_dict["resulting_project"])
