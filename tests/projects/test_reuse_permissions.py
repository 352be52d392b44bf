"""The permission rows of issue 13 as a matrix through pages, API and admin:
ask (logged in), answer (lead/partner staff, coordinators), hide (coordinators),
write or change an experience report (the adopting city's staff, coordinators),
read reports and Q&A (logged in; anonymous sees counts only)."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from projects import services
from projects.models import Answer, ExperienceReport, Question
from tests.projects.reuse_helpers import REPORT, api_report, operating, report_on

pytestmark = pytest.mark.django_db

LOGIN = "/anmelden/"


def api(user) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


@pytest.fixture
def question(published, landau_staff):
    return services.question_ask(
        project=published, actor=landau_staff, body="Wie lange dauerte die **Einführung**?"
    )


@pytest.fixture
def in_operation(landau_adoption):
    return operating(landau_adoption)


def _status(response) -> int | str:
    if response.status_code == 302 and LOGIN in response.url:
        return "login"
    return response.status_code


# --- reading ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("actor", "reads_text"),
    [
        ("speyer_staff", True),
        ("landau_staff", True),
        ("coordinator", True),
        ("ministry", True),
        ("anonymous", False),
    ],
    indirect=["actor"],
)
def test_page_shows_texts_to_members_and_counts_to_anonymous(
    actor, reads_text, published, question, in_operation, speyer_staff, actor_client
):
    services.answer_create(question=question, actor=speyer_staff, body="Drei Monate.")
    report_on(in_operation, text="Sehr empfehlenswert für kleine Städte.")
    page = actor_client(actor).get(published.get_absolute_url()).content.decode()
    assert ("Einführung" in page) is reads_text
    assert ("Drei Monate." in page) is reads_text
    assert ("Sehr empfehlenswert für kleine Städte." in page) is reads_text
    if not reads_text:
        assert "Zu diesem Projekt gibt es 1 Frage mit 1 Antwort." in page
        assert "Es gibt 1 Erfahrungsbericht nachnutzender Kommunen." in page
    assert "1 Erfahrungsbericht, 1 Empfehlung" in page


@pytest.mark.parametrize(
    ("actor", "expected"),
    [
        ("speyer_staff", 200),
        ("landau_staff", 200),
        ("coordinator", 200),
        ("ministry", 200),
        ("anonymous", 401),
    ],
    indirect=["actor"],
)
def test_api_reads_for_members_only(actor, expected, published, question, in_operation):
    report_on(in_operation)
    questions = api(actor).get("/api/v1/questions/", {"project": published.slug})
    reports = api(actor).get("/api/v1/experience-reports/", {"project": published.slug})
    assert (questions.status_code, reports.status_code) == (expected, expected)
    if expected == 200:
        assert questions.json()["results"][0]["body"] == question.body
        assert reports.json()["results"][0]["avoided_investment"] is not None


# --- asking -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("actor", "page", "api_status"),
    [
        ("speyer_staff", 302, 201),
        ("landau_staff", 302, 201),
        ("coordinator", 302, 201),
        ("ministry", 302, 201),
        ("anonymous", "login", 401),
    ],
    indirect=["actor"],
)
def test_ask(actor, page, api_status, published, actor_client):
    url = reverse("projects:question-create", kwargs={"slug": published.slug})
    response = actor_client(actor).post(url, {"question-body": "Gibt es eine Schnittstelle?"})
    assert _status(response) == page
    created = api(actor).post(
        "/api/v1/questions/", {"project": published.slug, "body": "Und OParl?"}, format="json"
    )
    assert created.status_code == api_status
    expected = 2 if api_status == 201 else 0
    assert Question.objects.filter(project=published).count() == expected


# --- answering --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("actor", "page", "api_status"),
    [
        ("speyer_staff", 302, 201),
        ("landau_staff", 403, 403),
        ("coordinator", 302, 201),
        ("ministry", 403, 403),
        ("anonymous", "login", 401),
    ],
    indirect=["actor"],
)
def test_answer(actor, page, api_status, published, question, actor_client):
    url = reverse("projects:answer-create", kwargs={"slug": published.slug, "pk": question.pk})
    response = actor_client(actor).post(url, {f"answer-{question.pk}-body": "Ja, über OParl."})
    assert _status(response) == page
    created = api(actor).post(
        f"/api/v1/questions/{question.pk}/answer/", {"body": "Ja."}, format="json"
    )
    assert created.status_code == api_status
    assert Answer.objects.count() == (2 if api_status == 201 else 0)


# --- hiding -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("actor", "page", "api_status"),
    [
        ("speyer_staff", 403, 403),
        ("landau_staff", 403, 403),
        ("coordinator", 302, 200),
        ("ministry", 403, 403),
        ("anonymous", "login", 401),
    ],
    indirect=["actor"],
)
def test_hide(actor, page, api_status, published, question, speyer_staff, actor_client):
    answer = services.answer_create(question=question, actor=speyer_staff, body="Antwort")
    url = reverse("projects:answer-hide", kwargs={"slug": published.slug, "pk": answer.pk})
    response = actor_client(actor).post(url, {f"hide-answer-{answer.pk}-reason": "Werbung"})
    assert _status(response) == page
    hidden = api(actor).post(
        f"/api/v1/questions/{question.pk}/hide/", {"reason": "Kein Bezug"}, format="json"
    )
    assert hidden.status_code == api_status
    answer.refresh_from_db()
    question.refresh_from_db()
    assert answer.is_hidden is question.is_hidden is (api_status == 200)


def test_hidden_question_is_gone_for_members_but_not_for_coordinators(
    published, question, coordinator, landau_staff, actor_client
):
    services.question_hide(question=question, actor=coordinator, reason="Doppelt gestellt")
    assert (
        "Einführung"
        not in actor_client(landau_staff).get(published.get_absolute_url()).content.decode()
    )
    page = actor_client(coordinator).get(published.get_absolute_url()).content.decode()
    assert "Einführung" in page and "Doppelt gestellt" in page
    assert api(landau_staff).get(f"/api/v1/questions/{question.pk}/").status_code == 404


# --- experience reports -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("actor", "page", "post", "api_status"),
    [
        ("landau_staff", 200, 302, 201),
        ("speyer_staff", 403, 403, 400),
        ("coordinator", 200, 302, 201),
        ("ministry", 403, 403, 400),
        ("anonymous", "login", "login", 401),
    ],
    indirect=["actor"],
)
def test_write_report(actor, page, post, api_status, published, in_operation, actor_client):
    url = reverse("projects:report-edit", kwargs={"slug": published.slug, "pk": in_operation.pk})
    client = actor_client(actor)
    assert _status(client.get(url)) == page
    form = {**REPORT, "investment_cost": "12000,00", "running_cost_per_year": "1500"}
    assert _status(client.post(url, form)) == post
    ExperienceReport.objects.all().delete()
    created = api(actor).post(
        "/api/v1/experience-reports/", api_report(in_operation.pk), format="json"
    )
    assert created.status_code == api_status
    if api_status == 400:
        assert "nachnutzende Kommune" in created.json()["adoption"][0]
    assert ExperienceReport.objects.count() == (1 if api_status == 201 else 0)


@pytest.mark.parametrize(
    ("actor", "api_status"),
    [
        ("landau_staff", 200),
        ("speyer_staff", 403),
        ("coordinator", 200),
        ("ministry", 403),
        ("anonymous", 401),
    ],
    indirect=["actor"],
)
def test_change_report(actor, api_status, in_operation):
    report = report_on(in_operation)
    changed = api(actor).patch(
        f"/api/v1/experience-reports/{report.pk}/", {"recommendation": "nein"}, format="json"
    )
    assert changed.status_code == api_status
    report.refresh_from_db()
    assert report.recommendation == ("nein" if api_status == 200 else "ja")


# --- admin ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("actor", "expected"),
    [
        ("speyer_staff", 302),
        ("landau_staff", 302),
        ("coordinator", 200),
        ("ministry", 302),
        ("anonymous", 302),
    ],
    indirect=["actor"],
)
def test_admin_is_for_coordinators(actor, expected, question, in_operation, actor_client):
    report_on(in_operation)
    client = actor_client(actor)
    for path in ("question", "answer", "experiencereport"):
        assert client.get(f"/admin/projects/{path}/").status_code == expected


def test_coordinator_hides_in_the_admin_with_history(
    published, question, coordinator, actor_client
):
    client = actor_client(coordinator)
    url = f"/admin/projects/question/{question.pk}/change/"
    assert client.get(url).status_code == 200
    assert client.post(url, {"hidden_reason": "Werbung"}).status_code == 302
    question.refresh_from_db()
    assert question.is_hidden and question.hidden_by == coordinator
    from members.audit import history_for

    assert history_for(published).filter(action="question.hide").exists()


def test_admin_refuses_a_negative_report_and_stores_nothing(
    in_operation, coordinator, actor_client
):
    client = actor_client(coordinator)
    data = {**REPORT, "adoption": in_operation.pk, "investment_cost": "-5"}
    response = client.post("/admin/projects/experiencereport/add/", data)
    assert response.status_code == 200
    assert "Kosten dürfen nicht negativ sein." in response.content.decode()
    assert not ExperienceReport.objects.exists()


def test_admin_writes_a_report_through_the_service(in_operation, coordinator, actor_client):
    client = actor_client(coordinator)
    data = {**REPORT, "adoption": in_operation.pk}
    assert client.post("/admin/projects/experiencereport/add/", data).status_code == 302
    from members.audit import history_for

    assert history_for(in_operation).filter(action="report.create", actor=coordinator).exists()
