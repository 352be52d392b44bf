"""Fixtures of the schema fuzzing: the demo network plus what the demo lacks, and four actors.

The network is loaded once per module inside a transaction that is rolled back
when the module ends; every test runs in a savepoint within it (pytest-django's
``db``), so what one fuzzed operation writes is gone before the next one runs.
"""

import io
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from events.models import Event, Registration
from funding import services as funding_services
from funding.models import FundingProgram, Grant, ReportingObligation
from members.models import ApiToken, Municipality, User
from projects.models import Adoption, Project, Topic
from tests.api.fuzzing import FUZZ_CITIES, FUZZ_EVENTS, WSGI_APP, fuzz_project_slug
from tests.events.factories import EventFactory, RegistrationFactory, in_days
from tests.projects.factories import AdoptionFactory, ProjectFactory

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

ACTORS = {
    "anonymous": None,
    "staff": "speyer@demo.ikone-rlp.de",
    "coordinator": "koordination@demo.ikone-rlp.de",
    "ministry": "ministerium@demo.ikone-rlp.de",
}


@dataclass
class Network:
    """The fuzzed data: tokens per actor, keys of objects that exist, uploaded files."""

    media_root: Path
    tokens: dict[str, str] = field(default_factory=dict)
    keys: dict[str, list] = field(default_factory=dict)


def _add_what_the_demo_lacks() -> None:
    speyer = Municipality.objects.get(slug="speyer")
    landau = Municipality.objects.get(slug="landau")
    coordinator = User.objects.get(email=ACTORS["coordinator"])
    speyer_staff = User.objects.get(email=ACTORS["staff"])
    landau_staff = User.objects.get(email="landau@demo.ikone-rlp.de")

    # Projects in every moderation state, led by the fuzzing city and another.
    for state in Project.State.values:
        for city in Municipality.objects.filter(slug__in=FUZZ_CITIES):
            ProjectFactory(
                title=f"Fuzz-Projekt {state} {city.name}",
                slug=fuzz_project_slug(state, city.slug),
                lead_municipality=city,
                state=state,
                is_example=True,
            )
    published = Project.objects.filter(state=Project.State.PUBLISHED).order_by("pk")
    # (The demo's reuse examples already have adoptions: take projects without one.)
    for lead, adopter in ((landau, speyer), (speyer, landau)):
        candidates = published.filter(lead_municipality=lead).exclude(
            adoptions__municipality=adopter
        )
        AdoptionFactory(project=candidates.first(), municipality=adopter)

    # A grant of each city with a payout and a submitted proof with a document.
    for grant in Grant.objects.filter(municipality__in=[speyer, landau]):
        funding_services.disbursement_create(
            grant=grant,
            paid_on=grant.decision_date or timezone.localdate(),
            amount=grant.approved_amount / 4,
            actor=coordinator,
        )
        obligation = funding_services.obligation_create(
            grant=grant, kind="zwischennachweis", due_date="2020-01-31", actor=coordinator
        )
        funding_services.obligation_submit(
            obligation=obligation,
            actor=coordinator,
            document=SimpleUploadedFile("nachweis.pdf", PDF, content_type="application/pdf"),
        )

    # Meetings: a small one with a waiting list, a draft, a cancelled one.
    workshop, draft, cancelled = FUZZ_EVENTS
    small = EventFactory(title="Fuzz-Workshop", slug=workshop, capacity=1, starts_at=in_days(20))
    RegistrationFactory(event=small, user=landau_staff)
    RegistrationFactory(
        event=small,
        user=coordinator,
        status=Registration.Status.WAITING,
        confirmed_at=None,
        waitlist_position=1,
    )
    RegistrationFactory(event=small, user=speyer_staff, status=Registration.Status.CANCELLED,
                        cancelled_at=timezone.now())  # fmt: skip
    EventFactory(title="Fuzz-Entwurf", slug=draft, status=Event.Status.DRAFT)
    EventFactory(
        title="Fuzz-Absage",
        slug=cancelled,
        status=Event.Status.CANCELLED,
        cancellation_reason="Krankheit",
        starts_at=timezone.now() - timedelta(days=3),
        ends_at=timezone.now() - timedelta(days=3) + timedelta(hours=2),
    )


def _keys() -> dict[str, list]:
    """Values of path parameters that name existing objects, per path prefix."""

    obligations = ReportingObligation.objects.exclude(document="").order_by("pk")
    return {
        "/api/v1/municipalities/": _sorted(Municipality, "slug"),
        "/api/v1/topics/": _sorted(Topic, "slug"),
        "/api/v1/projects/": _sorted(Project, "slug"),
        "/api/v1/adoptions/": _sorted(Adoption, "pk"),
        "/api/v1/events/": _sorted(Event, "slug"),
        "/api/v1/funding-programs/": _sorted(FundingProgram, "slug"),
        "/api/v1/grants/": _sorted(Grant, "pk"),
        "/api/v1/grants/{id}/obligations/": [(o.grant_id, o.pk) for o in obligations],
    }


def _sorted(model, name: str) -> list:
    return sorted(model.objects.values_list(name, flat=True))


@pytest.fixture(scope="module")
def fuzz_network(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo network, committed to nothing: rolled back after the module."""
    media_root = tmp_path_factory.mktemp("fuzz-media")
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            with override_settings(MEDIA_ROOT=media_root):
                call_command("load_demo", "--i-know-this-is-not-production", stdout=io.StringIO())
                _add_what_the_demo_lacks()
            network = Network(media_root=media_root, keys=_keys())
            for actor, email in ACTORS.items():
                if email:
                    user = User.objects.get(email=email)
                    _token, raw = ApiToken.issue(user=user, days=1, name=f"fuzz {actor}")
                    network.tokens[actor] = raw
            yield network
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture
def fuzz_settings(settings, fuzz_network):
    # Thousands of requests a minute from one address and four accounts: the
    # throttle classes stay in place, with rates no fuzz run reaches.
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "1000000/minute", "user": "1000000/minute"},
    }
    settings.MEDIA_ROOT = fuzz_network.media_root
    return settings


@pytest.fixture
def wsgi_app(db, fuzz_settings):
    with WSGI_APP as app:
        yield app


@dataclass(frozen=True)
class Actor:
    name: str
    headers: dict[str, str]


@pytest.fixture(params=list(ACTORS))
def actor(request, fuzz_network) -> Actor:
    """One actor with a bearer token: municipal staff, coordinator, ministry (or anonymous)."""
    token = fuzz_network.tokens.get(request.param)
    return Actor(request.param, {"Authorization": f"Bearer {token}"} if token else {})
