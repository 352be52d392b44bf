"""Settings of the IKONE portal: one module, configured by the environment.

Without ``DATABASE_URL`` the portal uses the embedded PostgreSQL server that
``make run`` starts (``core.embedded_postgres``); without ``REDIS_URL`` the
cache is in memory and Celery tasks run in process; mails go to the console
unless ``EMAIL_URL`` says otherwise. Production sets them (``.env.example``).
"""

import re
from datetime import timedelta
from email.utils import parseaddr
from pathlib import Path
from urllib.parse import urlsplit

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from core import embedded_postgres
from ikone.env import env_bool, env_int, env_list, env_str, next_redis_database

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("IKONE_VAR_DIR", str(BASE_DIR / "var")))

_environ = environ.Env()

DEBUG = env_bool("DEBUG", default=False)
if DEBUG:
    SECRET_KEY = env_str("SECRET_KEY", "insecure-development-key-only-for-debug-mode")
else:
    SECRET_KEY = env_str("SECRET_KEY")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
# Reverse proxies in front of the portal that append to X-Forwarded-For
# (lockouts and throttling need the client's address, not the proxy's).
PROXY_COUNT = env_int("PROXY_COUNT", 0)
# Absolute links in mails sent outside a request (invitations, reminders).
# Without SITE_URL production links go to the first allowed host over https.
_FIRST_HOST = (ALLOWED_HOSTS or ["localhost"])[0].lstrip(".")
SITE_URL = env_str(
    "SITE_URL", "http://127.0.0.1:8000" if DEBUG else f"https://{_FIRST_HOST}"
).rstrip("/")

INSTALLED_APPS = [
    "core",
    "members",
    "projects",
    "funding",
    "events",
    "core.apps.AdminConfig",  # django.contrib.admin, for coordinators only
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Content-Security-Policy on every answer (CONTENT_SECURITY_POLICY below)
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # answers that depend on who asks (a login, a token, a cookie) are private, no-store;
    # outside the session and CSRF middleware, so it sees the cookies they set
    "core.middleware.PrivateAnswers",
    # JSON for every error under /api/, also where DRF does not answer
    "core.middleware.ApiJsonErrorsMiddleware",
    # each cache topic's version read once per request (core.cache)
    "core.cache.VersionsPerRequest",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # after authentication: who is logged in is not limited here
    "core.middleware.AnonymousRateLimit",
    "django.contrib.messages.middleware.MessageMiddleware",
    # after messages: it tells the person why they were logged out
    "members.middleware.AbsoluteSessionLifetimeMiddleware",
    "members.middleware.SessionActivityMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "ikone.urls"
WSGI_APPLICATION = "ikone.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "members.context_processors.roles",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------
# PostgreSQL everywhere (full-text search, trigram similarity, row locks).
# Without DATABASE_URL: the embedded server of `make run` on its port.
VAR_DIR.mkdir(parents=True, exist_ok=True)
_EMBEDDED_DATABASE_URL = embedded_postgres.database_url(
    env_int("EMBEDDED_POSTGRES_PORT", embedded_postgres.DEFAULT_PORT)
)
DATABASES = {"default": _environ.db_url_config(env_str("DATABASE_URL", _EMBEDDED_DATABASE_URL))}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env_int("CONN_MAX_AGE", 60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Redis: cache, Celery -------------------------------------------------
# The Celery broker (REDIS_URL) must never lose a message to eviction; the
# cache may lose anything (it is bounded with allkeys-lru in production, see
# docker-compose.yml). So they live apart: REDIS_CACHE_URL, by default the
# next database of the same server (redis://…/0 → redis://…/1).
REDIS_URL = env_str("REDIS_URL", "")
REDIS_CACHE_URL = env_str("REDIS_CACHE_URL", next_redis_database(REDIS_URL) if REDIS_URL else "")
if REDIS_CACHE_URL:
    CACHES = {
        "default": {
            "BACKEND": "core.redis_cache.RedisCache",  # one Redis client per server
            "LOCATION": REDIS_CACHE_URL,
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "ikone"),
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or "cache+memory://"
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_RESULT_EXPIRES = timedelta(days=1)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A task whose worker died unacknowledged (kill -9, a lost machine) goes back
# to the queue after this long. It must outlast the longest dispatch: a
# dispatch still running then is handed to a second worker as well, which is
# safe (rows are leased, see core.reminders) but wasted work. 2,000 reporting
# obligations (6,139 mails) took about two minutes over a loopback SMTP
# receiver on a loaded 2-core machine (make faults); 15 minutes leaves room for
# a relay several times slower.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT_SECONDS", 15 * 60)
}
# When the broker connection is lost, running tasks are cancelled (and, being
# acknowledged late, delivered again) rather than finishing unacknowledged.
CELERY_WORKER_CANCEL_LONG_RUNNING_TASKS_ON_CONNECTION_LOSS = True
CELERY_TIMEZONE = "Europe/Berlin"
# Beat remembers its last runs here, not in whatever directory it was started in.
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
from ikone.schedule import (  # noqa: E402, F401 - periodic tasks, reminder timing
    CELERY_BEAT_SCHEDULE,
    REMINDER_DISPATCH_INTERVAL,
    REMINDER_SENDING_LEASE_SECONDS,
    REMINDER_STALE_AFTER,
)

# --- Authentication -------------------------------------------------------
AUTH_USER_MODEL = "members.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "members.backends.UserWithRolesBackend",  # Django's, the person with their roles at once
]
LOGIN_URL = "members:login"
LOGIN_REDIRECT_URL = "members:account"
LOGOUT_REDIRECT_URL = "home"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24 * 3  # invitations are set-password mails too

# Brute-force protection (django-axes) on every login path, admin included:
# 5 failures for one account from one address lock that pair for 15 minutes.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "members.views.lockout"
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "members.lockout.username"
AXES_CLIENT_IP_CALLABLE = "core.net.client_address"
AXES_VERBOSE = False
# Data minimisation: no permanent log of successful logins (address, browser).
AXES_DISABLE_ACCESS_LOG = True

SESSION_ENGINE = "members.sessions"  # in the database; end after 30 min idle, 12 h at most
SESSION_COOKIE_AGE = 30 * 60
SESSION_SAVE_EVERY_REQUEST = False  # renewed once a minute: members.middleware
SESSION_ABSOLUTE_LIFETIME = timedelta(hours=12)

# --- Security -------------------------------------------------------------
# Everything the browser loads comes from the portal itself: no inline
# script or style (htmx is told not to add its own, see base.html), no
# frames, forms post only here. /api/docs/ loads its script as a file too.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SAMESITE = "Lax"
if not DEBUG:
    SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", True)
    CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", True)
    LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# --- Internationalisation -------------------------------------------------
LANGUAGE_CODE = "de"
LANGUAGES = [("de", _("Deutsch")), ("en", _("Englisch"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True

# --- Static and uploaded files ---------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATIC_ROOT.mkdir(exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "core.staticfiles.StaticFilesStorage"  # whitenoise's, each URL worked out once
        )
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024
MAX_DOCUMENT_SIZE = 10 * 1024 * 1024

# --- E-mail ---------------------------------------------------------------
_email = _environ.email_url_config(env_str("EMAIL_URL", "consolemail://"))
EMAIL_BACKEND = _email["EMAIL_BACKEND"]
EMAIL_HOST = _email.get("EMAIL_HOST", "localhost")
EMAIL_PORT = _email.get("EMAIL_PORT", 25)
EMAIL_HOST_USER = _email.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = _email.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = _email.get("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = _email.get("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = 20
# EMAIL_URL=filemail:// writes every mail as a file to var/mail (or
# filemail:///an/absolute/path): to read what the portal sends while trying it.
if EMAIL_BACKEND == "django.core.mail.backends.filebased.EmailBackend":
    _mail_path = urlsplit(env_str("EMAIL_URL")).path
    EMAIL_FILE_PATH = str(Path(_mail_path) if _mail_path else VAR_DIR / "mail")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "IKONE-Portal <portal@ikone-rlp.de>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Open data (core/opendata/, docs/architecture.md "Open data") ----------------
# The publisher of the DCAT-AP catalogue: the network's coordinating body; its
# contact point is a functional mailbox, never a person.
OPENDATA_PUBLISHER_NAME = env_str(
    "OPENDATA_PUBLISHER_NAME", "KL.digital GmbH – Koordination des Netzwerks IKONE-DS"
)
# Kind of publisher (ADMS publisher type vocabulary; KL.digital is the city's company).
OPENDATA_PUBLISHER_TYPE = env_str("OPENDATA_PUBLISHER_TYPE", "LocalAuthority")
OPENDATA_PUBLISHER_URL = env_str("OPENDATA_PUBLISHER_URL", f"{SITE_URL}/opendata/#herausgeber")
# GovData's contributor URI for this portal (http://dcat-ap.de/def/contributors/…),
# given by GovData when the catalogue is registered for harvesting; empty until then.
OPENDATA_CONTRIBUTOR_ID = env_str("OPENDATA_CONTRIBUTOR_ID", "")
OPENDATA_CONTACT_EMAIL = env_str(
    "OPENDATA_CONTACT_EMAIL", parseaddr(DEFAULT_FROM_EMAIL)[1] or "portal@ikone-rlp.de"
)

# --- REST API -------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "members.authentication.BearerTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    # Request bodies are JSON only (anything else is a 415); DRF's parser with
    # German 400s instead of a 500 or English (see the module)
    "DEFAULT_PARSER_CLASSES": ["core.api.parsers.JSONParser"],
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
    "DEFAULT_PAGINATION_CLASS": "core.api.pagination.PageNumberPagination",
    "PAGE_SIZE": 20,
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "core.api.filters.SearchFilter",
        "core.api.filters.OrderingFilter",
    ],
    # drf-spectacular's, plus the error answers (400/401/403/404/429) of each operation
    "DEFAULT_SCHEMA_CLASS": "core.api.schema.AutoSchema",
    "DEFAULT_THROTTLE_CLASSES": [
        "core.api.throttling.AnonRateThrottle",
        "core.api.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env_str("API_THROTTLE_ANON", "120/minute"),
        "user": env_str("API_THROTTLE_USER", "1200/minute"),
    },
    "COERCE_DECIMAL_TO_STRING": True,
    "EXCEPTION_HANDLER": "core.api.exceptions.exception_handler",
    "NUM_PROXIES": PROXY_COUNT,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "IKONE-Portal API",
    "DESCRIPTION": _(
        "Programmierschnittstelle des Interkommunalen Netzwerks Digitale Stadt "
        "(IKONE-DS): Mitglieder, Projekte, Förderung und Termine."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    # No request leaves the site: no online validator badge. No deep links
    # (Swagger UI nests them in the operations' buttons) and no syntax
    # colours (inline styles, low contrast): /api/docs/ passes axe.
    "SWAGGER_UI_SETTINGS": {
        "deepLinking": False,
        "validatorUrl": None,
        "syntaxHighlight": False,
    },
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    # Several models have a "status"/"kind"; name each enum after its model.
    "ENUM_NAME_OVERRIDES": {
        "GrantStatusEnum": "funding.models.grants.Grant.Status",
        "ObligationKindEnum": "funding.models.obligations.ReportingObligation.Kind",
        "ObligationStatusEnum": "funding.models.obligations.ReportingObligation.Status",
        "EventKindEnum": "events.models.events.Event.Kind",
        "EventStatusEnum": "events.models.events.Event.Status",
        "RegistrationStatusEnum": "events.models.registrations.Registration.Status",
        "AdoptionStatusEnum": "projects.models.adoptions.Adoption.Status",
        "MunicipalityKindEnum": "members.models.municipalities.Municipality.Kind",
    },
}
# --- Operator and legal pages (ikone/legal_settings.py) -------------------
from ikone.legal_settings import *  # noqa: E402, F403

API_TOKEN_DEFAULT_DAYS = env_int("API_TOKEN_DEFAULT_DAYS", 365)
# Anonymous page requests per client address (core.middleware.AnonymousRateLimit).
ANON_PAGE_RATE = env_str("ANON_PAGE_RATE", "300/minute")
if not re.fullmatch(r"[1-9][0-9]*/(second|minute|hour)", ANON_PAGE_RATE):
    raise ImproperlyConfigured(f"ANON_PAGE_RATE={ANON_PAGE_RATE!r}: use e.g. 300/minute.")

# --- Logging ----------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}
