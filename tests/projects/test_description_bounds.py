"""Bounded Markdown: a length limit that model, form and API share; the HTML
stored by the services when the text changes; a check that cannot be made to
hang or fail."""

import importlib

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from rest_framework.test import APIClient

from projects import services
from projects.markup import MAX_DESCRIPTION_LENGTH, unsafe_markup
from projects.models import Project
from tests.projects.factories import ProjectFactory
from tests.projects.helpers import api_project_data, project_form_data

pytestmark = pytest.mark.django_db

CREATE = reverse("projects:project-create")
TOO_LONG = "a" * (MAX_DESCRIPTION_LENGTH + 1)
MESSAGE = "Die Beschreibung darf höchstens 20000 Zeichen lang sein; sie hat {} Zeichen."


@pytest.fixture
def api_staff(speyer_staff):
    client = APIClient()
    client.force_authenticate(speyer_staff)
    return client


def test_the_longest_description_is_accepted_and_stored_rendered(speyer_staff, client):
    client.force_login(speyer_staff)
    text = "**a**" + "b" * (MAX_DESCRIPTION_LENGTH - 5)
    response = client.post(CREATE, project_form_data(description=text))
    assert response.status_code == 302
    project = Project.objects.get()
    assert project.description == text
    assert project.description_html == f"<p><strong>a</strong>{'b' * 19_995}</p>"


def test_a_longer_description_is_refused_by_the_form(speyer_staff, client):
    client.force_login(speyer_staff)
    response = client.post(CREATE, project_form_data(description=TOO_LONG))
    assert response.status_code == 200
    assert response.context["form"].errors["description"] == [MESSAGE.format(20_001)]
    assert 'maxlength="20000"' in response.content.decode()
    assert not Project.objects.exists()


def test_a_longer_description_is_refused_by_the_api(api_staff):
    response = api_staff.post(
        "/api/v1/projects/", api_project_data(description=TOO_LONG), format="json"
    )
    assert response.status_code == 400
    assert response.json()["description"] == [MESSAGE.format(20_001)]
    assert not Project.objects.exists()


def test_two_megabytes_are_refused_at_once(api_staff):
    # The attack: 2 MB of "[" was accepted. Nothing of it is parsed now.
    text = "[" * 2_000_000
    response = api_staff.post(
        "/api/v1/projects/", api_project_data(description=text), format="json"
    )
    assert response.status_code == 400
    assert response.json()["description"] == [MESSAGE.format(2_000_000)]
    assert not Project.objects.exists()


def test_the_service_refuses_it_too(published, coordinator):
    with pytest.raises(ValidationError) as error:
        services.project_update(project=published, actor=coordinator, description=TOO_LONG)
    assert error.value.message_dict == {"description": [MESSAGE.format(20_001)]}


def test_the_database_refuses_it_as_well(published):
    with pytest.raises(IntegrityError), transaction.atomic():
        Project.objects.filter(pk=published.pk).update(description=TOO_LONG)


def test_the_stored_html_follows_the_text(published, coordinator, api_staff):
    services.project_update(project=published, actor=coordinator, description="*eins*")
    published.refresh_from_db()
    assert published.description_html == "<p><em>eins</em></p>"
    services.project_update(project=published, actor=coordinator, summary="Nur die Kurzfassung.")
    published.refresh_from_db()
    assert published.description_html == "<p><em>eins</em></p>"
    services.project_update(project=published, actor=coordinator, description="")
    published.refresh_from_db()
    assert published.description_html == ""


def test_a_project_created_through_the_api_has_its_html(api_staff):
    response = api_staff.post(
        "/api/v1/projects/", api_project_data(description="## Ziel\n\n- eins"), format="json"
    )
    assert response.status_code == 201
    assert Project.objects.get().description_html == "<h2>Ziel</h2>\n<ul>\n<li>eins</li>\n</ul>"


@pytest.mark.parametrize(
    "text",
    [
        # Inputs on which Python's html.parser (the check before) raised
        # AssertionError or needed quadratic time.
        "<div>\n" + "<![" * 6_000,
        "<div>\n" + "<a x='" * 3_300,
        "<div>\n" + "<!--" * 4_998,
        "<div " + "x=1 " * 4_990,
        "<div>\n<a " + "/" * 19_000,
    ],
)
def test_the_check_neither_fails_nor_hangs(text, api_staff):
    assert unsafe_markup(text) == []
    response = api_staff.post(
        "/api/v1/projects/", api_project_data(description=text), format="json"
    )
    assert response.status_code == 201


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("<div>\n<img/src/onerror=alert(1)>\n</div>", "onerror"),
        ('<div>\n<a href="&#106;avascript:x">y</a>\n</div>', "javascript:"),
        ("![Bild](javascript:alert(1))", "javascript:"),
        ('x <a href="vbscript:msgbox">y</a>', "vbscript:"),
        ("<DIV>\n<SCRIPT>alert(1)</SCRIPT>\n</DIV>", "<script>"),
        ("<table>\n<tr><td background='javascript:x'>y</td></tr>\n</table>", "javascript:"),
    ],
)
def test_the_check_sees_what_a_browser_would_run(text, named):
    assert any(named in problem for problem in unsafe_markup(text))


def test_the_data_migration_stores_html_and_cuts_what_is_too_long(speyer):
    migration = importlib.import_module("projects.migrations.0005_bounded_description_stored_html")
    short = ProjectFactory(lead_municipality=speyer)
    long = ProjectFactory(lead_municipality=speyer)
    # As the data was before: no stored HTML, a description of any length.
    with transaction.atomic():
        with transaction.get_connection().cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(
                "ALTER TABLE projects_project DROP CONSTRAINT project_description_bounded"
            )
        Project.objects.filter(pk=short.pk).update(description="**kurz**", description_html="")
        Project.objects.filter(pk=long.pk).update(description="x" * 30_000, description_html="")
        migration.store_description_html(apps, None)
        short.refresh_from_db()
        long.refresh_from_db()
        assert short.description_html == "<p><strong>kurz</strong></p>"
        assert long.description == "x" * MAX_DESCRIPTION_LENGTH
        assert long.description_html == f"<p>{'x' * MAX_DESCRIPTION_LENGTH}</p>"
        transaction.set_rollback(True)
