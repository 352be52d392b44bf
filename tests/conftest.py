"""Shared fixtures: named actors for permission tests, eager Celery by default.

The named actors follow The permission matrix of docs/architecture.md: staff of Speyer (the
"owner" city in most tests), staff of Landau (another city), a coordinator,
the ministry and anonymous.
"""

import importlib

import pytest
from django.apps import apps as installed_apps
from django.core.cache import cache
from django.db.models.signals import post_migrate
from django.test import Client

from core import sql_ahead
from ikone.celery import app as celery_app
from tests.members.factories import (
    CoordinatorFactory,
    MinistryUserFactory,
    MunicipalityFactory,
    StaffFactory,
)


def pytest_collection_modifyitems(items):
    """Tests that need committed data get a transactional database.

    Browser tests (the live server runs in another thread) and tests with the
    real Celery worker (its own connection) cannot see data inside a test
    transaction. After each flush, post_migrate restores the role groups.
    """
    for item in items:
        is_e2e = "tests/e2e/" in str(item.path)
        if is_e2e:
            item.add_marker(pytest.mark.e2e)
        if is_e2e or "celery_worker" in item.fixturenames:
            item.add_marker(pytest.mark.django_db(transaction=True))


def _restore_seeded_thesaurus(sender, **kwargs):
    """A flush (after each transactional test) empties every table, the thesaurus
    its data migration seeded too; the next test finds it as after ``migrate``."""
    if sender.name != "projects":
        return
    from projects.models import SynonymGroup, WordPart

    if not SynonymGroup.objects.exists() and not WordPart.objects.exists():
        seed = importlib.import_module("projects.migrations.0008_seed_thesaurus")
        seed.seed(installed_apps, None)


post_migrate.connect(_restore_seeded_thesaurus, dispatch_uid="tests.restore_seeded_thesaurus")


@pytest.fixture(scope="session", autouse=True)
def _close_statements_ahead(django_db_setup):
    """Statements run ahead (core.sql_ahead) in transactional tests use a
    worker thread's own connection: closed before the test database is dropped."""
    yield
    sql_ahead.close_connections()


@pytest.fixture(autouse=True)
def _test_settings(settings):
    # Static files are served from the finders in tests; no manifest needed.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _clean_cache():
    # Throttling, lockouts and cached pages live in Redis; each test starts empty.
    cache.clear()
    yield


@pytest.fixture(autouse=True)
def _eager_celery():
    """Run tasks in process unless a test asks for the real worker (``celery_worker``)."""
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = True


@pytest.fixture
def speyer(db):
    return MunicipalityFactory(name="Speyer", slug="speyer", ags="07318000")


@pytest.fixture
def landau(db):
    return MunicipalityFactory(name="Landau in der Pfalz", slug="landau", ags="07313000")


@pytest.fixture
def speyer_staff(speyer):
    return StaffFactory(municipality=speyer, email="alice@speyer.example")


@pytest.fixture
def landau_staff(landau):
    return StaffFactory(municipality=landau, email="bob@landau.example")


@pytest.fixture
def coordinator(db):
    return CoordinatorFactory(email="charlie@kl.digital.example")


@pytest.fixture
def ministry(db):
    return MinistryUserFactory(email="dana@mdi.rlp.example")


def _client_for(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def actor_client():
    """``actor_client(user)`` gives a logged-in test client (anonymous for None)."""
    return _client_for


@pytest.fixture
def celery_worker():
    """A real Celery worker thread consuming from the real Redis broker.

    Tasks are no longer eager; the worker uses its own database connection, so
    tests using it need committed data (transactional_db).
    """
    from celery.contrib.testing.worker import start_worker

    celery_app.conf.task_always_eager = False
    with start_worker(
        celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=30
    ) as worker:
        yield worker
    celery_app.conf.task_always_eager = True
