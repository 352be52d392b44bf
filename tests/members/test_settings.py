"""Settings are strict: bad values fail at start-up; production defaults are safe."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from ikone.env import env_bool, env_int, env_list, env_str

ROOT = Path(__file__).resolve().parents[2]


# --- the readers ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "value"),
    [("true", True), ("TRUE", True), ("1", True), ("on", True), (" True ", True),
     ("false", False), ("0", False), ("Off", False)],
)  # fmt: skip
def test_env_bool_accepts_plain_booleans(monkeypatch, raw, value):
    monkeypatch.setenv("IKONE_TEST_FLAG", raw)
    assert env_bool("IKONE_TEST_FLAG", default=not value) is value


@pytest.mark.parametrize("raw", ["yes", "no", "y", "wahr", "2", "truee"])
def test_env_bool_refuses_anything_else(monkeypatch, raw):
    monkeypatch.setenv("IKONE_TEST_FLAG", raw)
    with pytest.raises(ImproperlyConfigured, match="IKONE_TEST_FLAG=.* is not a boolean"):
        env_bool("IKONE_TEST_FLAG", default=False)


@pytest.mark.parametrize("raw", [None, ""])
def test_unset_or_empty_means_the_default(monkeypatch, raw):
    if raw is None:
        monkeypatch.delenv("IKONE_TEST_VALUE", raising=False)
    else:
        monkeypatch.setenv("IKONE_TEST_VALUE", raw)
    assert env_bool("IKONE_TEST_VALUE", default=True) is True
    assert env_int("IKONE_TEST_VALUE", 7) == 7
    assert env_list("IKONE_TEST_VALUE", ["a"]) == ["a"]
    assert env_str("IKONE_TEST_VALUE", "x") == "x"


def test_env_str_without_default_is_required(monkeypatch):
    monkeypatch.delenv("IKONE_TEST_VALUE", raising=False)
    with pytest.raises(ImproperlyConfigured, match="IKONE_TEST_VALUE is required"):
        env_str("IKONE_TEST_VALUE")


@pytest.mark.parametrize("raw", ["12a", "1.5", "zwölf"])
def test_env_int_refuses_non_integers(monkeypatch, raw):
    monkeypatch.setenv("IKONE_TEST_VALUE", raw)
    with pytest.raises(ImproperlyConfigured, match="is not an integer"):
        env_int("IKONE_TEST_VALUE", 1)


def test_env_list_splits_on_commas(monkeypatch):
    monkeypatch.setenv("IKONE_TEST_VALUE", " portal.example , ,www.portal.example")
    assert env_list("IKONE_TEST_VALUE", []) == ["portal.example", "www.portal.example"]


def test_file_variant_reads_secrets(monkeypatch, tmp_path):
    secret = tmp_path / "secret"
    secret.write_text("aus-der-datei\n", encoding="utf-8")
    monkeypatch.setenv("IKONE_TEST_VALUE", "aus-der-umgebung")
    monkeypatch.setenv("IKONE_TEST_VALUE_FILE", str(secret))
    assert env_str("IKONE_TEST_VALUE") == "aus-der-datei"


def test_missing_secret_file_is_a_configuration_error(monkeypatch, tmp_path):
    monkeypatch.setenv("IKONE_TEST_VALUE_FILE", str(tmp_path / "gibt-es-nicht"))
    with pytest.raises(ImproperlyConfigured, match="IKONE_TEST_VALUE_FILE=.* cannot be read"):
        env_str("IKONE_TEST_VALUE")


# --- the settings module in a fresh process ----------------------------------------

PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "a-long-random-production-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
    "ALLOWED_HOSTS": "portal.ikone-rlp.de",
    "CSRF_TRUSTED_ORIGINS": "https://portal.ikone-rlp.de",
}
DROPPED = [
    "SECRET_KEY",
    "DEBUG",
    "ALLOWED_HOSTS",
    "SECURE_SSL_REDIRECT",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "SITE_URL",
    "DJANGO_ALLOW_ASYNC_UNSAFE",  # the browser tests need it; a deployment must not have it
]


def run_django(tmp_path, code: str, **env) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k not in DROPPED}
    environment.update(IKONE_VAR_DIR=str(tmp_path / "var"), **env)
    return subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        env={"DJANGO_SETTINGS_MODULE": "ikone.settings", **environment},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_secret_key_is_required_without_debug(tmp_path):
    result = run_django(tmp_path, "pass", DEBUG="false")
    assert result.returncode != 0
    assert "The environment variable SECRET_KEY is required." in result.stderr


def test_debug_yes_is_an_error_not_false(tmp_path):
    result = run_django(tmp_path, "pass", DEBUG="yes", SECRET_KEY="x")
    assert result.returncode != 0
    assert "DEBUG='yes' is not a boolean" in result.stderr


def test_debug_is_off_by_default(tmp_path):
    result = run_django(
        tmp_path, "from django.conf import settings; print(settings.DEBUG)", SECRET_KEY="x"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


def test_production_defaults_pass_the_deployment_checks(tmp_path):
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env={
            **{k: v for k, v in os.environ.items() if k not in DROPPED},
            "IKONE_VAR_DIR": str(tmp_path / "var"),
            **PRODUCTION,
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_defaults(tmp_path):
    result = run_django(
        tmp_path,
        "from django.conf import settings as s; "
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT, "
        "s.SECURE_HSTS_SECONDS, s.SITE_URL, s.LANGUAGE_CODE, s.TIME_ZONE, s.USE_TZ)",
        **PRODUCTION,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "True",
        "True",
        "True",
        "31536000",
        "https://portal.ikone-rlp.de",
        "de",
        "Europe/Berlin",
        "True",
    ]


# --- headers on every response -----------------------------------------------------------


@pytest.mark.django_db
def test_security_headers(client):
    response = client.get("/")
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "Strict-Transport-Security" not in response  # never over plain http


@pytest.mark.django_db
def test_hsts_on_https_without_debug(client, settings):
    assert settings.DEBUG is False
    response = client.get("/", secure=True)
    assert response["Strict-Transport-Security"] == ("max-age=31536000; includeSubDomains; preload")


@pytest.mark.django_db
def test_api_answers_carry_the_headers_too(client):
    response = client.get("/api/v1/municipalities/")
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


CACHE_AND_BROKER = (
    "from django.conf import settings; "
    "print(settings.CELERY_BROKER_URL, settings.CACHES['default']['LOCATION'])"
)


def test_the_cache_lives_apart_from_the_celery_broker(tmp_path):
    result = run_django(
        tmp_path, CACHE_AND_BROKER, SECRET_KEY="x", REDIS_URL="redis://redis.example:6379/3"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["redis://redis.example:6379/3", "redis://redis.example:6379/4"]
    own = run_django(
        tmp_path,
        CACHE_AND_BROKER,
        SECRET_KEY="x",
        REDIS_URL="redis://redis:6379/0",
        REDIS_CACHE_URL="redis://cache:6379/0",
    )
    assert own.stdout.split() == ["redis://redis:6379/0", "redis://cache:6379/0"]


def test_a_malformed_anonymous_rate_is_an_error(tmp_path):
    result = run_django(tmp_path, "pass", SECRET_KEY="x", ANON_PAGE_RATE="viele")
    assert result.returncode != 0
    assert "ANON_PAGE_RATE='viele'" in result.stderr
