"""The licence is an SPDX expression: form, API and services accept nothing else."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from rest_framework.test import APIClient

from projects.licences import is_spdx, parse_spdx
from projects.models import Project
from projects.services import project_create
from tests.projects.helpers import api_project_data, project_form_data

pytestmark = pytest.mark.django_db

CREATE = reverse("projects:project-create")


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("EUPL-1.2", "EUPL-1.2"),
        ("mit or apache-2.0", "MIT OR Apache-2.0"),
        ("GPL-2.0+", "GPL-2.0-or-later"),
        ("Apache-2.0 WITH LLVM-exception", "Apache-2.0 WITH LLVM-exception"),
        ("LicenseRef-proprietaer", "LicenseRef-proprietaer"),
        ("(EUPL-1.2 OR MIT) AND CC-BY-4.0", "(EUPL-1.2 OR MIT) AND CC-BY-4.0"),
    ],
)
def test_a_valid_expression_is_stored_in_its_canonical_spelling(typed, stored, speyer_staff):
    project = project_create(
        actor=speyer_staff, title="Lizenzprobe", summary="Kurz.", licence=typed
    )
    assert Project.objects.get(pk=project.pk).licence == stored
    assert is_spdx(stored)


def test_the_form_names_the_unknown_identifier(client, speyer_staff):
    client.force_login(speyer_staff)
    response = client.post(CREATE, project_form_data(licence="EUPL-1.2 OR Frei-1.0"))
    assert response.status_code == 200
    errors = [str(error) for error in response.context["form"].errors["licence"]]
    assert errors == [
        "Unbekannte Lizenzkennung: „Frei-1.0“. Bitte eine Kennung der SPDX-Lizenzliste "
        "verwenden (z. B. „EUPL-1.2“) oder eine eigene als „LicenseRef-…“."
    ]
    assert not Project.objects.exists()


@pytest.mark.parametrize(
    "licence", ["MIT AND", "(EUPL-1.2", "MIT WITH Frei", "proprietär", "GPL OR"]
)
def test_the_api_answers_a_field_error_for_a_malformed_or_unknown_expression(licence, speyer_staff):
    api = APIClient()
    api.force_authenticate(speyer_staff)
    response = api.post("/api/v1/projects/", api_project_data(licence=licence), format="json")
    assert response.status_code == 400, response.content
    [message] = response.json()["licence"]
    assert "SPDX" in message
    assert not Project.objects.exists()


def test_the_service_refuses_an_unknown_identifier(speyer_staff):
    with pytest.raises(ValidationError) as raised:
        project_create(actor=speyer_staff, title="Lizenzprobe", summary="Kurz.", licence="Frei-1.0")
    assert "„Frei-1.0“" in str(raised.value.message_dict["licence"])
    assert not Project.objects.exists()


def test_an_empty_licence_is_allowed_for_projects_that_are_not_software(speyer_staff):
    project = project_create(actor=speyer_staff, title="Leitfaden", summary="Kurz.", licence="")
    assert project.licence == ""
    assert not is_spdx("")


def test_parse_names_every_unknown_identifier_once():
    with pytest.raises(ValidationError) as raised:
        parse_spdx("Frei-1.0 OR Offen-2.0 OR Frei-1.0")
    assert raised.value.params == {"identifiers": "„Frei-1.0“, „Offen-2.0“"}
