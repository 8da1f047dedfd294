"""Django settings, driven by the environment (production: rung.web.settings_production).

RUNG_DATA_DIR     where the SQLite database (and a generated secret key) live; default ./.rung
DATABASE_URL      use this database instead (postgresql://user@host:5432/name)
DEBUG             "1"/"true" for development pages; default off
SECRET_KEY        default: generated once and kept in RUNG_DATA_DIR/secret_key
ALLOWED_HOSTS     comma-separated; default 127.0.0.1,localhost
TIME_ZONE         the organisation's time zone, an IANA name (Europe/London): "today" for
                  dates, and the TZID of the times in calendar downloads (.ics); default UTC
RUNG_HOLIDAYS     ISO country code whose public holidays plans skip
RUNG_LOG_LEVEL    DEBUG, INFO (default), WARNING, ERROR or CRITICAL, in any case; gunicorn
                  (deploy/gunicorn.conf.py) reads the same variable
RUNG_STATIC_ROOT  where `collectstatic` puts the static files (production default:
                  RUNG_DATA_DIR/static)
EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD, EMAIL_USE_TLS, EMAIL_TIMEOUT,
EMAIL_BACKEND, DEFAULT_FROM_EMAIL, SERVER_EMAIL, RUNG_EMAIL_DOMAIN
                  mail (reminders, error reports); printed to the console without EMAIL_HOST
RUNG_IDLE_MINUTES a login unused this long is logged out; default 120
ADMINS            comma-separated addresses (`Name <a@example.com>` or `a@example.com`) that
                  get a mail with the traceback of every server error
RUNG_API_RATE, RUNG_API_RATE_ANON
                  API calls allowed per token, and per address without one; default 300/m
                  and 60/m (docs/api.md)
"""

from __future__ import annotations

import os
import re
import secrets
import sys
import tempfile
from email.utils import getaddresses
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from whitenoise.compress import Compressor  # type: ignore[import-untyped]

BASE_DIR = Path(__file__).resolve().parent


def _env(name: str, default: str = "") -> str:
    """A variable's value; empty counts as unset (rung.env.example lists every variable, many
    of them empty)."""
    return os.environ.get(name, "").strip() or default


def _flag(name: str, default: bool = False) -> bool:
    value = _env(name)
    if not value:
        return default
    return value.lower() in {"1", "true", "yes", "on"}


def _data_dir(testing: bool) -> Path:
    if testing and not _env("RUNG_DATA_DIR"):
        # Tests never touch ./.rung (their databases are created by the test runner).
        return Path(tempfile.mkdtemp(prefix="rung-test-"))
    path = Path(_env("RUNG_DATA_DIR", "./.rung")).expanduser().resolve()
    path.mkdir(parents=True, exist_ok=True)
    return path


def _secret_key(data_dir: Path) -> str:
    if _env("SECRET_KEY"):
        return _env("SECRET_KEY")
    key_file = data_dir / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50), encoding="utf-8")
        key_file.chmod(0o600)
    return key_file.read_text(encoding="utf-8").strip()


TESTING = _flag("RUNG_TESTING") or "pytest" in sys.modules
DATA_DIR = _data_dir(TESTING)
DEBUG = _flag("DEBUG")
SECRET_KEY = _secret_key(DATA_DIR)
ALLOWED_HOSTS = [
    h.strip() for h in _env("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")
    if h.strip()
]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "django_tasks", "django_tasks_db",  # background imports (issue 13, part B)
    # Its templates and static files: the API docs page (/api/docs) served from this site,
    # never from a CDN (the Content-Security-Policy allows no other origin).
    "ninja",
    "rung.web.accounts",
    "rung.web.people",
    "rung.web.assessments",
    "rung.web.plans",
    "rung.web.tracking",
    "rung.web.teams",
    "rung.web.imports",
    "rung.web.api",
    "rung.web.audit",
    "axes",
]

MIDDLEWARE = [
    # First: probes answer without a known host, a redirect or a session (rung.web.health).
    "rung.web.health.HealthMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # After WhiteNoise: static files keep their long cache, every other answer is no-store.
    "rung.web.headers.NoStoreMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "rung.web.audit.middleware.AuditMiddleware",
    "rung.web.accounts.middleware.IdleTimeoutMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "axes.middleware.AxesMiddleware",
    "rung.web.errors.ErrorPageMiddleware",
]

ROOT_URLCONF = "rung.web.urls"
WSGI_APPLICATION = "rung.web.wsgi.application"

# One engine for every page: Jinja2 (docs/decisions.md, issue 14), templates in templates/
# with one base layout. Django's own engine stays configured, with no templates of rung's, for
# the third-party page that needs it (django-ninja's API docs).
TEMPLATES: list[dict[str, Any]] = [
    {
        "BACKEND": "rung.web.jinja.Jinja2",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": False,
        "OPTIONS": {
            "environment": "rung.web.jinja.environment",
            "autoescape": True,
            "auto_reload": DEBUG,
            "context_processors": [
                "django.contrib.messages.context_processors.messages",
                "rung.web.accounts.context.role",
            ],
        },
    },
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,  # django-ninja's docs page (ninja/swagger.html)
        "OPTIONS": {"context_processors": ["django.template.context_processors.request"]},
    },
]

_sqlite: dict[str, Any] = {
    "ENGINE": "django.db.backends.sqlite3",
    "NAME": DATA_DIR / "rung.sqlite3",
    # Keep each worker's connection: closing the last connection to a WAL database makes
    # SQLite checkpoint and delete the WAL, which cost ~10 ms per request when done every time.
    "CONN_MAX_AGE": None,
    "CONN_HEALTH_CHECKS": True,
    "OPTIONS": {
        # IMMEDIATE takes the write lock when a transaction starts, so two saves of one plan
        # queue up instead of failing with "database is locked" half-way through.
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    },
}
if TESTING:
    # A file, not Django's shared in-memory default: tests then run with the same WAL and
    # IMMEDIATE transactions (and real concurrent connections) as production.
    _sqlite["TEST"] = {"NAME": str(DATA_DIR / "test_rung.sqlite3")}
DATABASES = {
    "default": (
        dj_database_url.parse(_env("DATABASE_URL"), conn_max_age=60)
        if _env("DATABASE_URL")
        else _sqlite
    )
}
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    DATABASES["default"].setdefault("TEST", {})["NAME"] = (
        "test_" + str(DATABASES["default"]["NAME"])
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Accounts, login throttling, sessions and the audit log (issue 13, part D) ---
# Every password, wherever it is set (web, `rung admin create`, the demo), is 12+ characters.
PASSWORD_MIN_LENGTH = 12
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": PASSWORD_MIN_LENGTH}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# The throttle first: it refuses a locked-out login before any password is checked.
AUTHENTICATION_BACKENDS = [
    "rung.web.accounts.backends.ThrottleBackend",
    "rung.web.accounts.backends.PersonBackend",
]
# django-axes: 5 wrong passwords for one login from one address lock that pair for 15 minutes
# (a 6th try, right or wrong, is refused with the page accounts/locked_out.html, HTTP 429).
# The address is REMOTE_ADDR only: a forged X-Forwarded-For cannot mint fresh addresses.
# Behind the documented proxy every client shares its address, so the lock then holds per
# login, whoever tries: the safe side (docs/decisions.md, issue 13 part D).
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "rung.web.accounts.views.locked_out"
AXES_IPWARE_META_PRECEDENCE_ORDER = ["REMOTE_ADDR"]
AXES_DISABLE_ACCESS_LOG = True  # rung.web.audit records logins and failures
AXES_VERBOSE = False
# A session ends after RUNG_IDLE_MINUTES without a request (default 2 hours), and after 12
# hours whatever happens (rung.web.accounts.middleware).
try:
    RUNG_IDLE_SECONDS = 60 * int(_env("RUNG_IDLE_MINUTES", "120"))
except ValueError:
    raise ImproperlyConfigured(f"RUNG_IDLE_MINUTES={_env('RUNG_IDLE_MINUTES')!r} is not a "
                               "number of minutes, e.g. 120") from None
SESSION_COOKIE_AGE = 12 * 60 * 60
# Password-reset links work for an hour.
PASSWORD_RESET_TIMEOUT = 60 * 60
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:home"
LOGOUT_REDIRECT_URL = "accounts:login"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = _flag("RUNG_SECURE_COOKIES")
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
X_FRAME_OPTIONS = "DENY"
CSRF_FAILURE_VIEW = "rung.web.errors.csrf_failure"
SECURE_CONTENT_TYPE_NOSNIFF = True

LANGUAGE_CODE = "en-gb"
TIME_ZONE = _env("TIME_ZONE", "UTC")
try:
    ZoneInfo(TIME_ZONE)
except (ZoneInfoNotFoundError, ValueError):
    raise ImproperlyConfigured(
        f"TIME_ZONE={TIME_ZONE!r} is not a time zone name: use an IANA name such as "
        "Europe/London or America/New_York") from None
USE_I18N = False
USE_TZ = True

# Static files (htmx, one stylesheet) are served by the app through WhiteNoise. Here straight
# from the package (nothing to collect); production serves the hashed, compressed copies that
# `collectstatic` writes to STATIC_ROOT (rung.web.settings_production).
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Where `collectstatic` writes (production: default RUNG_DATA_DIR/static); unused here.
STATIC_ROOT: Path | None = Path(_env("RUNG_STATIC_ROOT")) if _env("RUNG_STATIC_ROOT") else None
WHITENOISE_USE_FINDERS = True
# Source maps (Swagger UI's, 2 MB) are for developers' tools: copied, not compressed.
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = ("map", *Compressor.SKIP_COMPRESS_EXTENSIONS)
STORAGES: dict[str, dict[str, Any]] = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_AUTOREFRESH = DEBUG
RUNG_HOLIDAYS = _env("RUNG_HOLIDAYS") or None  # ISO country code: skip its holidays

# Uploaded assessment files are parsed in memory and never kept; refuse anything huge.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
MAX_UPLOAD_BYTES = 2 * 1024 * 1024

LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")


def log_level(value: str | None) -> str:
    """RUNG_LOG_LEVEL in any case (gunicorn writes `info`, Python's logging `INFO`)."""
    level = (value or "INFO").strip().upper()
    if level not in LOG_LEVELS:
        raise ImproperlyConfigured(f"RUNG_LOG_LEVEL={value!r}: use one of {', '.join(LOG_LEVELS)}")
    return level


LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": log_level(_env("RUNG_LOG_LEVEL"))},
}

# Reminders (`rung reminders`): printed to the console unless an SMTP host is configured.
EMAIL_HOST = _env("EMAIL_HOST")
EMAIL_PORT = int(_env("EMAIL_PORT", "25"))
EMAIL_HOST_USER = _env("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = _env("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = _flag("EMAIL_USE_TLS")
# A mail server that stops answering must not hold the reminders worker for ever.
EMAIL_TIMEOUT = int(_env("EMAIL_TIMEOUT", "30"))
EMAIL_BACKEND = _env("EMAIL_BACKEND") or (
    "django.core.mail.backends.smtp.EmailBackend" if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = _env("DEFAULT_FROM_EMAIL", "rung@localhost")
RUNG_EMAIL_DOMAIN = _env("RUNG_EMAIL_DOMAIN", "localhost")

# Server errors: Django mails the traceback to ADMINS (its default logging does so when DEBUG
# is off); production can also report them to Sentry (SENTRY_DSN).
ADMINS = [(name or address, address)
          for name, address in getaddresses([_env("ADMINS")]) if address]
SERVER_EMAIL = _env("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
EMAIL_SUBJECT_PREFIX = "[rung] "

# --- Background imports (issue 13, part B) ---
# Organisation imports run as tasks on Django's tasks API (the django-tasks backport).
# RUNG_TASKS=database (default): queued in the database, run by `rung worker`;
# RUNG_TASKS=immediate: run inside the request, no worker (the tests and `rung demo`).
TASK_BACKENDS = {"database": "django_tasks_db.DatabaseBackend",
                 "immediate": "django_tasks.backends.immediate.ImmediateBackend"}
RUNG_TASKS = _env("RUNG_TASKS", "immediate" if TESTING else "database").lower()
if RUNG_TASKS not in TASK_BACKENDS:
    raise ImproperlyConfigured(f"RUNG_TASKS={RUNG_TASKS!r}: use database or immediate")
TASKS = {"default": {"BACKEND": TASK_BACKENDS[RUNG_TASKS]}}

RUNG_PRODUCTION = False  # True in rung.web.settings_production: commands never migrate then

# --- Headers, API errors and throttles (issue 13, part E) ---
# Content-Security-Policy (django-csp): scripts and styles from this site only, no inline
# script anywhere (htmx is configured by a <meta> tag, base.html), nothing framed, forms posted
# here only. Inline style *attributes* stay allowed (a few layout widths and the progress
# meters); <style> elements and inline script do not.
CONTENT_SECURITY_POLICY: dict[str, Any] = {"DIRECTIVES": {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "style-src-attr": ["'unsafe-inline'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'none'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}}
# The API's rate limits (django-ninja throttles), "number/period" (s, m, h, d). Counted per
# token, and per client address for the few operations open without one; per worker process.
def _rate(name: str, default: str) -> str:
    value = _env(name, default)
    if not re.fullmatch(r"[1-9][0-9]*/(s|sec|m|min|h|hour|d|day)", value):
        raise ImproperlyConfigured(f"{name}={value!r}: write a number of calls per period, "
                                   f"e.g. {default} (periods: s, m, h, d)")
    return value


RUNG_API_RATE = _rate("RUNG_API_RATE", "300/m")
RUNG_API_RATE_ANON = _rate("RUNG_API_RATE_ANON", "60/m")
