import io
from decimal import Decimal

import pytest
from django.core.management import call_command

from projects.models import Project
from tests.projects.factories import (
    AdoptionFactory,
    ParticipationFactory,
    ProjectFactory,
    TopicFactory,
)


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Uploaded documents go to a temporary folder per test."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def demo(settings):
    """The demo network of load_demo (which refuses to run with DEBUG off)."""
    settings.DEBUG = True
    call_command("load_demo", stdout=io.StringIO())


@pytest.fixture
def published(speyer):
    return ProjectFactory(
        title="Smarte Lichtmasten",
        slug="smarte-lichtmasten",
        summary="Straßenlaternen mit Sensoren für Verkehr und Umwelt.",
        lead_municipality=speyer,
    )


@pytest.fixture
def project(speyer):
    """Speyer's project with an investment of its own (60.000 €), of which a
    report's adoption avoids what the report did not spend."""
    return ProjectFactory(
        title="Smarte Lichtmasten", lead_municipality=speyer, investment_cost=Decimal("60000")
    )


@pytest.fixture
def draft(speyer):
    return ProjectFactory(
        title="Digitales Bürgeramt",
        slug="digitales-buergeramt",
        lead_municipality=speyer,
        state=Project.State.DRAFT,
    )


@pytest.fixture
def submitted(speyer, speyer_staff):
    return ProjectFactory(
        title="Kitaportal Speyer",
        slug="kitaportal-speyer",
        lead_municipality=speyer,
        state=Project.State.SUBMITTED,
        created_by=speyer_staff,
        submitted_by=speyer_staff,
    )


@pytest.fixture
def landau_adoption(published, landau):
    return AdoptionFactory(project=published, municipality=landau)


ACTORS = ["speyer_staff", "landau_staff", "coordinator", "ministry", "anonymous"]


@pytest.fixture
def anonymous():
    return None


@pytest.fixture
def actor(request):
    """Parametrise a test with ``actor`` names from ACTORS (indirect)."""
    return request.getfixturevalue(request.param)


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    """``with on_commit():`` runs what a service queued for after the commit (mails)."""

    def run():
        return django_capture_on_commit_callbacks(execute=True)

    return run


@pytest.fixture
def catalogue_network(speyer, landau):
    """Three published projects in two topics and two cities, one adopted, and a draft."""
    mobility = TopicFactory(name="Mobilität", slug="mobilitaet")
    school = TopicFactory(name="Bildung & Kita", slug="bildung-kita")
    park = ProjectFactory(
        title="Park-App", lead_municipality=speyer, topics=[mobility],
        investment_cost=Decimal("12000.00"),
    )  # fmt: skip
    guide = ProjectFactory(
        title="Parkleitsystem", lead_municipality=landau, topics=[mobility, school],
        phase="planung", is_reusable=False, investment_cost=Decimal("90000.00"),
    )  # fmt: skip
    kita = ProjectFactory(title="Kitaportal", lead_municipality=landau, topics=[school])
    ParticipationFactory(project=kita, municipality=speyer)
    AdoptionFactory(project=park, municipality=landau)
    draft = ProjectFactory(
        title="Parkhaus-Entwurf", lead_municipality=speyer, state="draft", topics=[school]
    )
    return {
        "mobility": mobility, "school": school, "park": park, "guide": guide, "kita": kita,
        "draft": draft,
    }  # fmt: skip
