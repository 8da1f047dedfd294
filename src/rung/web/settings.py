"""Django settings, driven by the environment.

RUNG_DATA_DIR   where the SQLite database (and a generated secret key) live; default ./.rung
DATABASE_URL    use this database instead (postgresql://user@host:5432/name)
DEBUG           "1"/"true" for development pages; default off
SECRET_KEY      default: generated once and kept in RUNG_DATA_DIR/secret_key
ALLOWED_HOSTS   comma-separated; default 127.0.0.1,localhost
"""

from __future__ import annotations

import os
import secrets
import sys
import tempfile
from pathlib import Path
from typing import Any

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent


def _flag(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _data_dir(testing: bool) -> Path:
    if testing and not os.environ.get("RUNG_DATA_DIR"):
        # Tests never touch ./.rung (their databases are created by the test runner).
        return Path(tempfile.mkdtemp(prefix="rung-test-"))
    path = Path(os.environ.get("RUNG_DATA_DIR", "./.rung")).expanduser().resolve()
    path.mkdir(parents=True, exist_ok=True)
    return path


def _secret_key(data_dir: Path) -> str:
    if os.environ.get("SECRET_KEY"):
        return os.environ["SECRET_KEY"]
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
    h.strip() for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")
    if h.strip()
]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django_htmx",
    "rung.web.accounts",
    "rung.web.people",
    "rung.web.assessments",
    "rung.web.plans",
    "rung.web.tracking",
    "rung.web.teams",
    "rung.web.imports",
    "rung.web.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
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
        "APP_DIRS": False,
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
        dj_database_url.parse(os.environ["DATABASE_URL"], conn_max_age=60)
        if os.environ.get("DATABASE_URL")
        else _sqlite
    )
}
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    DATABASES["default"].setdefault("TEST", {})["NAME"] = (
        "test_" + str(DATABASES["default"]["NAME"])
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

AUTHENTICATION_BACKENDS = ["rung.web.accounts.backends.PersonBackend"]
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
TIME_ZONE = os.environ.get("TIME_ZONE", "UTC")
USE_I18N = False
USE_TZ = True

STATIC_URL = "/static/"
STATIC_DIR = BASE_DIR / "static"
STATIC_ROOT = STATIC_DIR  # served as is: there is nothing to collect
RUNG_HOLIDAYS = os.environ.get("RUNG_HOLIDAYS") or None  # ISO country code: skip its holidays

# Uploaded assessment files are parsed in memory and never kept; refuse anything huge.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
MAX_UPLOAD_BYTES = 2 * 1024 * 1024

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("RUNG_LOG_LEVEL", "WARNING")},
}

# Reminders (`rung reminders`): printed to the console unless an SMTP host is configured.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = _flag("EMAIL_USE_TLS")
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND") or (
    "django.core.mail.backends.smtp.EmailBackend" if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "rung@localhost")
RUNG_EMAIL_DOMAIN = os.environ.get("RUNG_EMAIL_DOMAIN", "localhost")
