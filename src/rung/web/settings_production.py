"""Production settings: DJANGO_SETTINGS_MODULE=rung.web.settings_production.

The base settings (rung.web.settings) with nothing left to chance: the secret key and the
host names must come from the environment, DEBUG is off, and the site is HTTPS only behind a
reverse proxy that terminates TLS. `python -m rung.web check --deploy` passes with no warning.

Whether a request came over HTTPS is gunicorn's `wsgi.url_scheme`, which gunicorn takes from
X-Forwarded-Proto only when the request comes from an address in `forwarded_allow_ips`
(FORWARDED_ALLOW_IPS, deploy/gunicorn.conf.py). Django itself trusts no forwarded header: a
client that reaches gunicorn past the proxy cannot claim HTTPS.

Required:
  SECRET_KEY            50+ random characters, the same on every app server
  ALLOWED_HOSTS         comma-separated host names, e.g. rung.example.com
Optional:
  CSRF_TRUSTED_ORIGINS  comma-separated https:// origins, when forms are posted from another
                        origin than the Host the proxy forwards (e.g. a second domain)
  RUNG_HSTS_SECONDS     default 31536000 (a year); start with 3600 while trying HTTPS out
  RUNG_HSTS_PRELOAD     "1" (default) sends the preload directive (no effect until the domain
                        is submitted to hstspreload.org)
  SENTRY_DSN            report server errors (and errors the reminders worker logs) to Sentry;
                        needs `pip install 'rung[sentry]'`. No personal data is sent.
  SENTRY_ENVIRONMENT    default "production"
Everything else (DATABASE_URL, RUNG_DATA_DIR, RUNG_LOG_LEVEL, EMAIL_*, ADMINS, ...) as in
rung.web.settings. Static files: run `python -m rung.web collectstatic --noinput` after each
install or upgrade (hashed names, gzip copies, cached for a year by browsers).

A missing or weak setting stops the process with one line naming the variable (exit 2), not a
traceback: gunicorn, `rung` and `python -m rung.web` all import this module first.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path


def _stop(message: str) -> None:
    sys.stderr.write(f"rung (production settings): {message}\n")
    raise SystemExit(2)


def _env(name: str, default: str = "") -> str:
    """As in rung.web.settings: empty counts as unset."""
    return os.environ.get(name, "").strip() or default


def _env_list(name: str) -> list[str]:
    return [v.strip() for v in _env(name).split(",") if v.strip()]


def _env_flag(name: str, default: bool) -> bool:
    value = _env(name)
    return value.lower() in {"1", "true", "yes", "on"} if value else default


def _check_environment() -> None:
    key = _env("SECRET_KEY")
    if not key:
        _stop("SECRET_KEY is not set. Generate one with `python -c \"import secrets; "
              "print(secrets.token_urlsafe(50))\"` and give every app server the same value.")
    if len(key) < 50 or len(set(key)) < 5 or key.startswith("django-insecure-"):
        _stop("SECRET_KEY is too weak (it needs 50+ random characters). Generate one with "
              "`python -c \"import secrets; print(secrets.token_urlsafe(50))\"`.")
    if not _env_list("ALLOWED_HOSTS"):
        _stop("ALLOWED_HOSTS is not set. Give the host names the site answers to, "
              "comma-separated, e.g. ALLOWED_HOSTS=rung.example.com")
    if _env_flag("DEBUG", False):
        _stop("DEBUG is on. Production never shows debug pages: unset DEBUG.")
    for origin in _env_list("CSRF_TRUSTED_ORIGINS"):
        if not origin.startswith("https://"):
            _stop(f"CSRF_TRUSTED_ORIGINS: {origin!r} must start with https://")
    try:
        int(_env("RUNG_HSTS_SECONDS", "31536000"))
    except ValueError:
        _stop("RUNG_HSTS_SECONDS must be a number of seconds, e.g. 31536000")
    level = _env("RUNG_LOG_LEVEL", "INFO").upper()
    if level not in ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"):
        _stop(f"RUNG_LOG_LEVEL={os.environ['RUNG_LOG_LEVEL']!r}: use DEBUG, INFO, WARNING, "
              "ERROR or CRITICAL (any case)")
    for name, default in (("RUNG_API_RATE", "300/m"), ("RUNG_API_RATE_ANON", "60/m")):
        if not re.fullmatch(r"[1-9][0-9]*/(s|sec|m|min|h|hour|d|day)", _env(name, default)):
            _stop(f"{name}={_env(name)!r}: write a number of calls per period, e.g. {default} "
                  "(periods: s, m, h, d)")
    if _env("SENTRY_DSN"):
        try:
            import sentry_sdk  # noqa: F401
        except ImportError:
            _stop("SENTRY_DSN is set but sentry-sdk is not installed: "
                  "pip install 'rung[sentry]' into rung's virtual environment, or unset it")


def _start_sentry(dsn: str) -> None:
    import sentry_sdk
    from sentry_sdk.integrations.django import DjangoIntegration

    from rung import __version__

    sentry_sdk.init(
        dsn=dsn,
        integrations=[DjangoIntegration()],
        release=f"rung@{__version__}",
        environment=_env("SENTRY_ENVIRONMENT", "production"),
        # Plans and assessments are personal: no user names, addresses or request bodies.
        send_default_pii=False,
        max_request_body_size="never",
        traces_sample_rate=0.0,
    )


# Checked before the base settings run, so they never generate a key file in production.
_check_environment()

from rung.web.settings import *  # noqa: E402, F403
from rung.web.settings import ADMINS, DATA_DIR, DATABASES, STORAGES, log_level  # noqa: E402

DEBUG = False
RUNG_PRODUCTION = True
CSRF_TRUSTED_ORIGINS = _env_list("CSRF_TRUSTED_ORIGINS")

# TLS ends at the proxy. No SECURE_PROXY_SSL_HEADER: the scheme comes from gunicorn, which
# believes X-Forwarded-Proto only from forwarded_allow_ips (see the docstring).
SECURE_SSL_REDIRECT = True
SECURE_HSTS_SECONDS = int(_env("RUNG_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = _env_flag("RUNG_HSTS_PRELOAD", True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True

# A pooled PostgreSQL connection may have been closed by the server or a failover between
# requests; check it before use rather than fail the request.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

# The copies `collectstatic` made: content-hashed names (cached for a year, `immutable`) and
# gzip versions; a page naming a file that was not collected fails, and /healthz says so.
STATIC_ROOT = Path(_env("RUNG_STATIC_ROOT") or DATA_DIR / "static")
STORAGES = {**STORAGES, "staticfiles": {
    "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}}
WHITENOISE_USE_FINDERS = False

# --- Error reports: log and ADMINS (issue 13, part E) ---
# Every record at RUNG_LOG_LEVEL and above goes to stderr (the journal under systemd), one line
# each with time, level and logger; every ERROR (a server error's traceback, a worker's failed
# job) is also mailed to ADMINS when it is set. Django's own `django` handlers are replaced, so
# a server error is written and mailed once, not twice.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"line": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {
        "stderr": {"class": "logging.StreamHandler", "stream": "ext://sys.stderr",
                   "formatter": "line"},
        "mail_admins": {"class": "django.utils.log.AdminEmailHandler", "level": "ERROR"},
    },
    "root": {"handlers": ["stderr", "mail_admins"] if ADMINS else ["stderr"],
             "level": log_level(_env("RUNG_LOG_LEVEL"))},
    "loggers": {"django": {"handlers": [], "level": "INFO", "propagate": True}},
}

if _env("SENTRY_DSN"):
    _start_sentry(_env("SENTRY_DSN"))
