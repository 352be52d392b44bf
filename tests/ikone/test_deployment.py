"""The production shape: docker-compose.yml, Dockerfile and .env.example agree."""

import ast
import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def _command(service: dict) -> str:
    command = service["command"]
    return " ".join(command) if isinstance(command, list) else command


def test_compose_has_the_services_of_the_production_shape(compose):
    assert {"web", "worker", "beat", "db", "redis", "cache"} <= set(compose["services"])


def test_the_cache_is_bounded_and_the_broker_never_evicts(compose):
    cache, broker = compose["services"]["cache"], compose["services"]["redis"]
    cache_command = _command(cache)
    assert "--maxmemory 256mb" in cache_command
    assert "--maxmemory-policy allkeys-lru" in cache_command
    assert "--maxmemory-policy noeviction" in _command(broker)
    env = (ROOT / ".env.example").read_text()
    assert "REDIS_URL=redis://redis:6379/0" in env
    assert "REDIS_CACHE_URL=redis://cache:6379/0" in env


def test_web_runs_gunicorn_and_is_health_checked_through_healthz(compose):
    web = compose["services"]["web"]
    assert _command(web).startswith("gunicorn ikone.wsgi:application")
    assert "/healthz" in " ".join(web["healthcheck"]["test"])
    assert web["depends_on"]["migrate"]["condition"] == "service_completed_successfully"


def test_worker_and_beat_run_celery_against_the_ikone_app(compose):
    assert _command(compose["services"]["worker"]).startswith("celery -A ikone worker")
    assert _command(compose["services"]["beat"]).startswith("celery -A ikone beat")
    for name in ("worker", "beat"):
        assert compose["services"][name]["depends_on"]["redis"]["condition"] == ("service_healthy")


def test_worker_and_beat_come_back_and_are_health_checked_by_the_liveness_module(compose):
    for name in ("worker", "beat"):
        service = compose["services"][name]
        assert service["restart"] == "unless-stopped"
        test = service["healthcheck"]["test"]
        assert test[:5] == ["CMD", "python", "-m", "ikone.liveness", name]
    beat_schedule = _command(compose["services"]["beat"]).split("--schedule=")[1].split()[0]
    assert f"--schedule={beat_schedule}" in compose["services"]["beat"]["healthcheck"]["test"]


def test_database_and_redis_versions_and_health_checks(compose):
    db, redis = compose["services"]["db"], compose["services"]["redis"]
    assert int(db["image"].split(":")[1]) >= 15
    assert redis["image"].split(":")[1].startswith("7")
    assert "pg_isready" in " ".join(db["healthcheck"]["test"])
    assert "ping" in redis["healthcheck"]["test"]
    assert "pgdata" in compose["volumes"]


def test_the_database_keeps_the_catalogue_in_its_own_buffers(compose):
    command = compose["services"]["db"]["command"]
    assert command[0] == "postgres"
    settings = dict(value.split("=", 1) for value in command[2::2])
    assert settings["shared_buffers"] == "${POSTGRES_SHARED_BUFFERS:-2GB}"
    assert "effective_cache_size" in settings
    env_example = (ROOT / ".env.example").read_text()
    assert "POSTGRES_SHARED_BUFFERS=2GB" in env_example


def test_every_app_service_reads_the_documented_env_file(compose):
    for name in ("migrate", "web", "worker", "beat"):
        assert compose["services"][name]["env_file"] == ".env"


def _settings_variables() -> set[str]:
    """Names read through ikone.env helpers in the settings module."""
    tree = ast.parse((ROOT / "ikone" / "settings.py").read_text())
    names = set()
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id.startswith("env_")
            and node.args
            and isinstance(node.args[0], ast.Constant)
        ):
            names.add(node.args[0].value)
    return names


def test_env_example_documents_only_variables_the_settings_read():
    documented = set(
        re.findall(r"^([A-Z_]+)=", (ROOT / ".env.example").read_text(), flags=re.MULTILINE)
    )
    # the latter three are for the db service (docker-compose.yml)
    read = _settings_variables() | {
        "POSTGRES_PASSWORD",
        "POSTGRES_SHARED_BUFFERS",
        "POSTGRES_EFFECTIVE_CACHE_SIZE",
    }
    assert documented - read == set()
    required = {
        "SECRET_KEY",
        "DEBUG",
        "ALLOWED_HOSTS",
        "DATABASE_URL",
        "REDIS_URL",
        "EMAIL_URL",
        "DEFAULT_FROM_EMAIL",
        "CSRF_TRUSTED_ORIGINS",
    }
    assert required <= documented


def test_dockerfile_installs_the_lock_and_serves_with_gunicorn():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "pip install -r requirements.lock" in dockerfile
    assert "collectstatic" in dockerfile
    assert '"gunicorn"' in dockerfile
    assert "USER ikone" in dockerfile


def test_a_task_lost_with_its_worker_comes_back_in_minutes(settings):
    """Redelivery after the visibility timeout (not Redis' default hour), which
    is longer than a row's sending lease; late acks with requeue on a lost
    worker, cancelled on a lost broker connection."""
    timeout = settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]
    assert settings.REMINDER_SENDING_LEASE_SECONDS < timeout <= 30 * 60
    assert settings.CELERY_TASK_ACKS_LATE and settings.CELERY_TASK_REJECT_ON_WORKER_LOST
    assert settings.CELERY_WORKER_CANCEL_LONG_RUNNING_TASKS_ON_CONNECTION_LOSS
    assert settings.CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP
    assert settings.REMINDER_SENDING_LEASE_SECONDS > 3 * settings.EMAIL_TIMEOUT
