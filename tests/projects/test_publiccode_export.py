"""publiccode.yml out: every export valid against the standard's published
JSON schema (pinned in tests/projects/data/publiccode, see its README)."""

import json
from pathlib import Path

import jsonschema
import pytest
import yaml
from django.urls import reverse

from projects.models import Adoption, Project
from projects.publiccode import publiccode_document, publiccode_projects
from tests.members.factories import MunicipalityFactory
from tests.projects.factories import AdoptionFactory, ProjectFactory, TopicFactory

SCHEMA = json.loads(
    (Path(__file__).parent / "data" / "publiccode" / "publiccode.schema.json").read_text()
)
VALIDATOR = jsonschema.Draft7Validator(SCHEMA, format_checker=jsonschema.FormatChecker())


def assert_valid(document: dict) -> None:
    errors = [f"{list(e.path)}: {e.message}" for e in VALIDATOR.iter_errors(document)]
    assert errors == []


@pytest.fixture
def software(speyer, landau):
    project = ProjectFactory(
        title="Mängelmelder",
        slug="maengelmelder",
        summary="Bürgerinnen und Bürger melden Schäden im Stadtgebiet per App und Web.",
        description=(
            "Der Mängelmelder nimmt Meldungen entgegen und leitet sie an die zuständige "
            "Stelle weiter.\n\n- Meldungen mit Foto und Ort\n- Status für die Meldenden\n"
            "- Schnittstelle zum Fachverfahren\n\nBetrieb seit 2021 in **Speyer**."
        ),
        lead_municipality=speyer,
        licence="EUPL-1.2",
        repository_url="https://gitlab.opencode.de/speyer/maengelmelder",
        website="https://maengel.speyer.example",
        phase=Project.Phase.OPERATION,
        contact_name="Erika Mustermann",
        contact_email="erika@speyer.example",
        contact_phone="06232 123",
        topics=[TopicFactory(slug="buergerservice", name="Bürgerservice")],
    )
    AdoptionFactory(project=project, municipality=landau, status=Adoption.Status.OPERATING)
    AdoptionFactory(
        project=project,
        municipality=MunicipalityFactory(name="Trier"),
        status=Adoption.Status.INTERESTED,
    )
    return project


def fetch(client, project):
    return client.get(reverse("projects:project-publiccode", kwargs={"slug": project.slug}))


def test_publiccode_yml_of_a_software_project_is_valid_and_complete(client, software):
    response = fetch(client, software)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/yaml; charset=utf-8"
    document = yaml.safe_load(response.content.decode())
    assert_valid(document)
    assert document["publiccodeYmlVersion"] == "0.5"
    assert document["name"] == "Mängelmelder"
    assert document["url"] == "https://gitlab.opencode.de/speyer/maengelmelder"
    assert document["landingURL"] == "https://maengel.speyer.example"
    assert document["developmentStatus"] == "stable"
    assert document["categories"] == ["digital-citizenship"]
    assert document["legal"]["license"] == "EUPL-1.2"
    assert document["usedBy"] == ["Landau in der Pfalz"]  # in operation only
    assert document["organisation"]["name"] == "Stadt Speyer"
    assert document["organisation"]["uri"].endswith("/kommunen/speyer/")
    assert document["maintenance"]["type"] == "internal"
    assert "it" not in document and "IT" not in document
    german = document["description"]["de"]
    assert german["shortDescription"] == software.summary
    assert german["features"] == [
        "Meldungen mit Foto und Ort",
        "Status für die Meldenden",
        "Schnittstelle zum Fachverfahren",
    ]
    assert "**" not in german["longDescription"]  # plain text
    assert "Betrieb seit 2021 in Speyer." in german["longDescription"]
    assert "en" in document["description"]


def test_no_contact_person_in_the_export(client, software):
    text = fetch(client, software).content.decode()
    assert "Erika" not in text
    assert "erika@speyer.example" not in text
    assert "06232" not in text


@pytest.mark.parametrize(
    "changes",
    [
        {"state": Project.State.DRAFT},
        {"state": Project.State.SUBMITTED},
        {"state": Project.State.ARCHIVED},
        {"repository_url": ""},
    ],
)
def test_only_published_software_has_a_publiccode_yml(client, software, changes):
    Project.objects.filter(pk=software.pk).update(**changes)
    assert fetch(client, software).status_code == 404


@pytest.mark.parametrize(
    "phase, status",
    [
        ("idee", "concept"),
        ("planung", "concept"),
        ("umsetzung", "development"),
        ("betrieb", "stable"),
        ("abgeschlossen", "stable"),
        ("", "development"),
    ],
)
def test_development_status_follows_the_phase(software, phase, status):
    Project.objects.filter(pk=software.pk).update(phase=phase)
    document = publiccode_document(publiccode_projects().get(pk=software.pk))
    assert document["developmentStatus"] == status
    assert_valid(document)


def test_short_and_long_texts_stay_within_the_standards_bounds(speyer):
    short = ProjectFactory(
        summary="Kurz.",
        description="",
        lead_municipality=speyer,
        licence="MIT",
        repository_url="https://example.org/a.git",
    )
    long = ProjectFactory(
        summary="Wort " * 100,
        description="Ein langer Absatz mit vielen Wörtern. " * 500,
        lead_municipality=speyer,
        licence="MIT OR Apache-2.0",
        repository_url="https://example.org/b.git",
    )
    for project in (short, long):
        document = publiccode_document(publiccode_projects().get(pk=project.pk))
        assert_valid(document)
        for language in ("de", "en"):
            texts = document["description"][language]
            assert len(texts["shortDescription"]) <= 150
            assert 150 <= len(texts["longDescription"]) <= 10_000


def test_texts_that_look_like_yaml_stay_texts(speyer):
    project = ProjectFactory(
        title="yes",
        summary="- no: [1, 2] & *alias !!python/object",
        description="key: value\n\n---\n\n...",
        lead_municipality=speyer,
        licence="MIT",
        repository_url="https://example.org/c.git",
    )
    from projects.publiccode import publiccode_yaml

    document = yaml.safe_load(publiccode_yaml(publiccode_projects().get(pk=project.pk)))
    assert_valid(document)
    assert document["name"] == "yes"
    assert document["description"]["de"]["shortDescription"] == project.summary


def test_a_second_request_with_the_etag_gets_304(client, software):
    first = fetch(client, software)
    assert first["ETag"] and first["Last-Modified"]
    again = client.get(
        reverse("projects:project-publiccode", kwargs={"slug": software.slug}),
        HTTP_IF_NONE_MATCH=first["ETag"],
    )
    assert again.status_code == 304
    assert again.content == b""
    since = client.get(
        reverse("projects:project-publiccode", kwargs={"slug": software.slug}),
        HTTP_IF_MODIFIED_SINCE=first["Last-Modified"],
    )
    assert since.status_code == 304


def test_the_etag_changes_with_the_file(client, software, landau):
    first = fetch(client, software)
    Adoption.objects.filter(project=software, municipality=landau).update(
        status=Adoption.Status.CANCELLED
    )
    again = client.get(
        reverse("projects:project-publiccode", kwargs={"slug": software.slug}),
        HTTP_IF_NONE_MATCH=first["ETag"],
    )
    assert again.status_code == 200
    assert "usedBy" not in yaml.safe_load(again.content.decode())


def test_the_project_page_and_the_api_link_the_file(client, software):
    url = reverse("projects:project-publiccode", kwargs={"slug": software.slug})
    page = client.get(software.get_absolute_url())
    assert url in page.content.decode()
    detail = client.get(f"/api/v1/projects/{software.slug}/")
    assert detail.json()["publiccode_url"].endswith(url)
    assert detail.json()["repository_url"] == software.repository_url


def test_the_api_says_null_for_a_project_without_one(client, published):
    detail = client.get(f"/api/v1/projects/{published.slug}/")
    assert detail.json()["publiccode_url"] is None


def test_software_needs_a_licence(speyer_staff):
    from django.core.exceptions import ValidationError

    from projects import services

    with pytest.raises(ValidationError) as error:
        services.project_create(
            actor=speyer_staff,
            title="Ohne Lizenz",
            summary="Software ohne Lizenz.",
            phase=Project.Phase.IDEA,
            repository_url="https://example.org/x.git",
        )
    assert "licence" in error.value.message_dict


def test_every_demo_project_as_software_gives_a_valid_file(db, demo):
    """The validator over every demo project (those have no repository: each
    is checked as if its portal page were one, with a licence given)."""
    projects = list(Project.objects.published())
    assert projects
    for project in projects:
        project.repository_url = project.repository_url or "https://example.org/repo.git"
        project.licence = project.licence or "EUPL-1.2"
        assert_valid(publiccode_document(project))


def test_the_api_takes_a_repository_and_asks_for_the_licence(speyer_staff):
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(speyer_staff)
    payload = {
        "title": "Mängelmelder",
        "summary": "Schäden melden.",
        "phase": "betrieb",
        "repository_url": "https://gitlab.opencode.de/speyer/maengelmelder",
    }
    refused = api.post("/api/v1/projects/", payload, format="json")
    assert refused.status_code == 400
    assert list(refused.json()) == ["licence"]
    assert not Project.objects.exists()
    created = api.post("/api/v1/projects/", {**payload, "licence": "eupl-1.2"}, format="json")
    assert created.status_code == 201, created.content
    assert created.json()["repository_url"] == payload["repository_url"]
    assert created.json()["publiccode_url"] is None  # a draft has none yet
