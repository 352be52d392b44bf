"""publiccode.yml ``isBasedOn`` from the lineage (issue 13): a project that
came out of reusing another names the original — its repository, or its page
in the portal when it has none; never an unpublished original."""

import io
import json
import zipfile
from pathlib import Path

import jsonschema
import pytest
import yaml
from django.conf import settings
from django.urls import reverse

from members.models import Municipality
from projects import services
from projects.models import Adoption, Project
from projects.publiccode import publiccode_document
from tests.projects.factories import AdoptionFactory, ProjectFactory

SCHEMA = json.loads(
    (Path(__file__).parent / "data" / "publiccode" / "publiccode.schema.json").read_text()
)
ORIGINAL_REPOSITORY = "https://gitlab.opencode.de/speyer/maengelmelder"


@pytest.fixture
def original(speyer):
    return ProjectFactory(
        title="Mängelmelder",
        slug="maengelmelder",
        lead_municipality=speyer,
        licence="EUPL-1.2",
        repository_url=ORIGINAL_REPOSITORY,
    )


@pytest.fixture
def own(landau):
    return ProjectFactory(
        title="Mängelmelder Landau",
        slug="maengelmelder-landau",
        lead_municipality=landau,
        licence="EUPL-1.2",
        repository_url="https://gitlab.opencode.de/landau/maengelmelder",
    )


@pytest.fixture
def lineage(original, own, landau, landau_staff):
    adoption = AdoptionFactory(
        project=original, municipality=landau, status=Adoption.Status.OPERATING
    )
    services.adoption_update(adoption=adoption, actor=landau_staff, resulting_project=own)
    return adoption


def document_of(client, project) -> dict:
    response = client.get(reverse("projects:project-publiccode", kwargs={"slug": project.slug}))
    assert response.status_code == 200
    document = yaml.safe_load(response.content.decode())
    jsonschema.validate(document, SCHEMA)
    return document


def test_the_adopters_own_project_is_based_on_the_originals_repository(
    client, lineage, original, own
):
    document = document_of(client, own)
    assert document["isBasedOn"] == [ORIGINAL_REPOSITORY]
    keys = list(document)
    assert keys.index("landingURL") < keys.index("isBasedOn") < keys.index("platforms")
    # The original itself descends from nothing.
    assert "isBasedOn" not in document_of(client, original)


def test_an_original_without_repository_is_named_by_its_page(client, lineage, original, own):
    Project.objects.filter(pk=original.pk).update(repository_url="", licence="")
    document = document_of(client, own)
    assert document["isBasedOn"] == [f"{settings.SITE_URL}/projekte/{original.slug}/"]


@pytest.mark.parametrize(
    "state", [Project.State.DRAFT, Project.State.SUBMITTED, Project.State.ARCHIVED]
)
def test_an_unpublished_original_is_never_named(client, lineage, original, own, state):
    Project.objects.filter(pk=original.pk).update(state=state)
    text = client.get(
        reverse("projects:project-publiccode", kwargs={"slug": own.slug})
    ).content.decode()
    assert "isBasedOn" not in text
    assert ORIGINAL_REPOSITORY not in text and f"/projekte/{original.slug}/" not in text


def test_the_bundle_and_the_single_file_say_the_same(client, lineage, own):
    response = client.get("/opendata/publiccode.zip")
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    bundled = yaml.safe_load(archive.read(f"{own.slug}/publiccode.yml"))
    assert bundled["isBasedOn"] == [ORIGINAL_REPOSITORY]
    # Without the annotations of publiccode_projects() too (one more query).
    assert publiccode_document(Project.objects.get(pk=own.pk))["isBasedOn"] == [ORIGINAL_REPOSITORY]


def test_naming_the_lineage_changes_etag_and_last_modified(
    client, original, own, speyer, landau, landau_staff
):
    url = reverse("projects:project-publiccode", kwargs={"slug": own.slug})
    adoption = AdoptionFactory(
        project=original, municipality=landau, status=Adoption.Status.OPERATING
    )
    Project.objects.filter(pk__in=[original.pk, own.pk]).update(
        updated_at=adoption.updated_at.replace(year=2024)
    )
    Adoption.objects.filter(pk=adoption.pk).update(
        updated_at=adoption.updated_at.replace(year=2024)
    )
    Municipality.objects.filter(pk__in=[speyer.pk, landau.pk]).update(
        updated_at=adoption.updated_at.replace(year=2024)
    )
    before = client.get(url)
    bundle_before = client.get("/opendata/publiccode.zip")
    services.adoption_update(adoption=adoption, actor=landau_staff, resulting_project=own)
    after = client.get(url, HTTP_IF_NONE_MATCH=before["ETag"])
    assert after.status_code == 200
    assert after["Last-Modified"] != before["Last-Modified"]
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=before["Last-Modified"]).status_code == 200
    bundle_after = client.get("/opendata/publiccode.zip", HTTP_IF_NONE_MATCH=bundle_before["ETag"])
    assert bundle_after.status_code == 200
    assert bundle_after["Last-Modified"] != bundle_before["Last-Modified"]
