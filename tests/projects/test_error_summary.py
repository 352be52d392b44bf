"""Issue 16.2: errors that lead somewhere (GOV.UK/KERN error summary), a
title that starts with "Fehler:", success messages that take focus, and a
draft that does not need what only submitting needs."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from rest_framework.test import APIClient

from projects import services
from projects.models import Project
from tests.projects.factories import ProjectFactory
from tests.projects.helpers import project_form_data

pytestmark = pytest.mark.django_db

CREATE = reverse("projects:project-create")


@pytest.fixture
def staff_client(actor_client, speyer_staff):
    return actor_client(speyer_staff)


def _summary(html: str) -> str:
    match = re.search(r"<div[^>]*data-error-summary.*?</ul>", html, re.S)
    assert match, "no error summary"
    return match.group(0)


def test_failed_submit_lists_every_error_as_a_link_to_its_field(staff_client):
    response = staff_client.post(
        CREATE,
        project_form_data(
            title="", phase="", investment_cost="viel", contact_email="kein", action="submit"
        ),
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert re.search(r"<title>Fehler: Projekt eintragen", html)
    summary = _summary(html)
    assert 'role="alert"' in summary and 'tabindex="-1"' in summary
    links = re.findall(r'<a class="kern-link" href="#([^"]+)" data-error-link>([^<]+)</a>', summary)
    assert links == [
        ("id_title", "Titel: Dieses Feld ist zwingend erforderlich."),
        ("id_phase", "Phase: Dieses Feld ist zwingend erforderlich."),
        (
            "id_investment_cost",
            "Investitionskosten (EUR): Bitte einen Betrag wie 12.500,00 eingeben.",
        ),
        ("id_contact_email", "E-Mail der Ansprechperson: Gib eine gültige E-Mail Adresse an."),
    ]
    # Each field says it is wrong and which text explains why.
    assert re.search(r'<input[^>]*name="title"[^>]*aria-invalid="true"', html)
    assert re.search(r'name="title"[^>]*aria-describedby="id_title_error"', html)
    assert 'id="id_title_error"' in html
    assert not Project.objects.exists()


def test_checkbox_group_error_links_to_its_first_box(staff_client):
    response = staff_client.post(CREATE, project_form_data(topics=["999999"]))
    summary = _summary(response.content.decode())
    assert 'href="#id_topics_0"' in summary


def test_page_without_errors_has_no_summary_and_a_plain_title(staff_client):
    html = staff_client.get(CREATE).content.decode()
    assert "data-error-summary" not in html
    assert "<title>Projekt eintragen" in html


def test_draft_does_not_need_the_phase(staff_client):
    response = staff_client.post(CREATE, project_form_data(phase="", action="save"))
    assert response.status_code == 302
    project = Project.objects.get()
    assert project.state == Project.State.DRAFT
    assert project.phase == ""


def test_submitting_needs_the_phase_in_the_service(speyer, speyer_staff):
    project = ProjectFactory(lead_municipality=speyer, state=Project.State.DRAFT, phase="")
    with pytest.raises(ValidationError) as error:
        services.project_submit(project=project, actor=speyer_staff)
    assert "phase" in error.value.message_dict
    project.refresh_from_db()
    assert project.state == Project.State.DRAFT


def test_submitting_without_phase_through_the_api_is_a_conflict(speyer, speyer_staff):
    project = ProjectFactory(lead_municipality=speyer, state=Project.State.DRAFT, phase="")
    api = APIClient()
    api.force_authenticate(speyer_staff)
    response = api.post(f"/api/v1/projects/{project.slug}/submit/")
    assert response.status_code == 409
    assert response.json() == {
        "detail": "Bitte geben Sie die Phase an, bevor Sie das Projekt einreichen."
    }


def test_success_message_is_marked_to_take_focus(staff_client):
    response = staff_client.post(CREATE, project_form_data(), follow=True)
    html = response.content.decode()
    assert re.search(
        r'role="status" tabindex="-1" data-message>\s*<div class="kern-alert__header">'
        r'<span class="kern-title">Das Projekt wurde als Entwurf gespeichert.',
        html,
    )


def test_detail_page_title_says_error_when_the_adoption_form_failed(
    actor_client, landau_staff, speyer
):
    project = ProjectFactory(lead_municipality=speyer)
    response = actor_client(landau_staff).post(
        reverse("projects:adoption-create", args=[project.slug]),
        {"adoption-status": "gibt-es-nicht"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert f"<title>Fehler: {project.title}" in html
    assert 'href="#id_adoption-status"' in _summary(html)
