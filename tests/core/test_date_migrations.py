"""The data migrations that came with the date ranges: dates stored before
move into 1990–2100 without breaking the other constraints, and stored
documents get the name they are downloaded under."""

import importlib
from datetime import UTC, date, datetime

import pytest
from django.apps import apps
from django.db import connection, transaction

from events.models import Event
from projects.models import Adoption, ProjectDocument
from tests.events.factories import EventFactory
from tests.projects.factories import AdoptionFactory, ProjectFactory

pytestmark = pytest.mark.django_db


def _without(*constraints: tuple[str, str]):
    """Drop CHECK constraints for the rest of the surrounding (rolled back) block."""
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for table, name in constraints:
            cursor.execute(f'ALTER TABLE "{table}" DROP CONSTRAINT "{name}"')


def test_meetings_move_into_range_and_keep_their_order():
    migration = importlib.import_module(
        "events.migrations.0003_text_without_controls_and_dates_in_range"
    )
    late = EventFactory(slug="spaet")
    early = EventFactory(slug="frueh")
    with transaction.atomic():
        _without(
            ("events_event", "event_starts_at_in_range"),
            ("events_event", "event_ends_at_in_range"),
            ("events_event", "event_registration_closes_at_in_range"),
        )
        Event.objects.filter(pk=late.pk).update(
            starts_at=datetime(9999, 12, 30, tzinfo=UTC),
            ends_at=datetime(9999, 12, 31, tzinfo=UTC),
            registration_closes_at=datetime(9999, 12, 30, tzinfo=UTC),
        )
        Event.objects.filter(pk=early.pk).update(
            starts_at=datetime(1900, 1, 1, 10, tzinfo=UTC),
            ends_at=datetime(1900, 1, 1, 12, tzinfo=UTC),
        )
        migration.dates_into_range(apps, None)
        late.refresh_from_db()
        early.refresh_from_db()
        assert late.registration_closes_at is None
        assert late.starts_at == datetime(2100, 12, 31, 22, 59, 59, tzinfo=UTC)
        assert late.ends_at == datetime(2100, 12, 31, 23, 59, 59, tzinfo=UTC)
        assert early.starts_at == datetime(1990, 1, 1, tzinfo=UTC)
        assert early.ends_at == datetime(1990, 1, 1, 1, tzinfo=UTC)
        transaction.set_rollback(True)


def test_adoption_dates_become_empty_and_documents_get_their_type_extension(speyer):
    migration = importlib.import_module(
        "projects.migrations.0006_text_without_controls_and_dates_in_range"
    )
    adoption = AdoptionFactory(project=ProjectFactory(lead_municipality=speyer))
    document = ProjectDocument.objects.create(
        project=adoption.project,
        title="Angebot",
        file="documents/projects/x.pdf",
        original_name="evil.html",
        content_type="application/pdf",
        size=10,
    )
    with transaction.atomic():
        _without(("projects_adoption", "adoption_started_on_in_range"))
        Adoption.objects.filter(pk=adoption.pk).update(started_on=date(9999, 12, 31))
        migration.dates_and_file_names(apps, None)
        adoption.refresh_from_db()
        document.refresh_from_db()
        assert adoption.started_on is None
        assert document.original_name == "evil.pdf"
        transaction.set_rollback(True)


def test_membership_dates_are_clamped_together(speyer):
    from members.models import Municipality

    migration = importlib.import_module(
        "members.migrations.0005_text_without_controls_and_dates_in_range"
    )
    with transaction.atomic():
        _without(
            ("members_municipality", "municipality_joined_on_in_range"),
            ("members_municipality", "municipality_left_on_in_range"),
        )
        Municipality.objects.filter(pk=speyer.pk).update(
            joined_on=date(1900, 1, 1), left_on=date(1950, 1, 1)
        )
        migration.dates_into_range(apps, None)
        speyer.refresh_from_db()
        assert (speyer.joined_on, speyer.left_on) == (date(1990, 1, 1), date(1990, 1, 1))
        transaction.set_rollback(True)
