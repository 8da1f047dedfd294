"""Production settings (rung.web.settings_production) and the deploy files: Django's deployment
check passes without a warning, a missing or weak variable stops the process with one line
naming it, and gunicorn started from deploy/gunicorn.conf.py serves HTTPS-only pages behind a
proxy it alone trusts, compressed static files cached for a year, and probes on any host name.
The default settings stay as they are."""

from __future__ import annotations

import re
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.conf import settings

from deploytools import GUNICORN, ROOT, collectstatic, fetch, free_port, manage, production_env


def test_the_deployment_check_passes_without_a_warning(tmp_path: Path) -> None:
    env = production_env(tmp_path)
    collectstatic(env)
    done = manage(env, "check", "--deploy", "--fail-level", "WARNING")
    assert done.returncode == 0, done.stderr
    assert "System check identified no issues" in done.stdout
    assert not (tmp_path / "data" / "secret_key").exists()  # never a generated key


def test_the_deployment_check_fails_until_the_static_files_are_collected(
        tmp_path: Path) -> None:
    done = manage(production_env(tmp_path), "check", "--deploy")
    assert done.returncode == 1
    assert "rung.E001" in done.stderr
    assert "collectstatic --noinput" in done.stderr


@pytest.mark.parametrize("spelling", ["info", "INFO", "Warning"])
def test_the_log_level_is_read_in_any_case(tmp_path: Path, spelling: str) -> None:
    env = production_env(tmp_path, RUNG_LOG_LEVEL=spelling)
    collectstatic(env)
    assert manage(env, "check", "--deploy").returncode == 0


@pytest.mark.parametrize(("changes", "named"), [
    ({"SECRET_KEY": None}, "SECRET_KEY is not set"),
    ({"SECRET_KEY": "django-insecure-" + "x" * 40}, "SECRET_KEY is too weak"),
    ({"ALLOWED_HOSTS": " , "}, "ALLOWED_HOSTS is not set"),
    ({"DEBUG": "1"}, "DEBUG is on"),
    ({"CSRF_TRUSTED_ORIGINS": "http://rung.example.com"}, "must start with https://"),
    ({"RUNG_LOG_LEVEL": "verbose"}, "RUNG_LOG_LEVEL='verbose': use DEBUG, INFO"),
])
def test_a_missing_or_unsafe_variable_stops_with_one_line_naming_it(
        tmp_path: Path, changes: dict[str, str | None], named: str) -> None:
    done = manage(production_env(tmp_path, **changes), "check")
    assert done.returncode == 2
    assert done.stderr.startswith("rung (production settings): ")
    assert named in done.stderr
    assert "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


def test_the_default_settings_stay_development_friendly() -> None:
    assert settings.SECURE_SSL_REDIRECT is False
    assert settings.SECURE_HSTS_SECONDS == 0
    assert settings.SECURE_PROXY_SSL_HEADER is None


@contextmanager
def running_gunicorn(tmp_path: Path, *, migrate: bool = True, collect: bool = True,
                     **changes: str) -> Iterator[str]:
    port = free_port()
    env = production_env(tmp_path, RUNG_BIND=f"127.0.0.1:{port}", WEB_CONCURRENCY="1",
                         **changes)
    if migrate:
        assert manage(env, "migrate").returncode == 0
    if collect:
        collectstatic(env)
    log = tmp_path / "gunicorn.log"
    proc = subprocess.Popen([str(GUNICORN), "-c", str(ROOT / "deploy" / "gunicorn.conf.py"),
                             "rung.web.wsgi:application"], env=env, cwd=tmp_path,
                            stdout=subprocess.DEVNULL, stderr=log.open("w"))
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                fetch(base + "/livez")
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError(log.read_text()) from None
                time.sleep(0.1)
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=30)


@pytest.fixture
def gunicorn(tmp_path: Path) -> Iterator[str]:
    with running_gunicorn(tmp_path) as base:
        yield base


def test_gunicorn_from_the_deploy_config_serves_https_only_behind_the_proxy(
        gunicorn: str) -> None:
    status, headers, _ = fetch(gunicorn + "/login/")
    assert status == 301
    assert headers["Location"] == "https://rung.example.com/login/"

    status, headers, body = fetch(gunicorn + "/login/", **{"X-Forwarded-Proto": "https"})
    assert status == 200
    assert "password" in body
    assert headers["Strict-Transport-Security"] == (
        "max-age=31536000; includeSubDomains; preload")
    assert "csrftoken=" in headers["Set-Cookie"]
    assert "Secure" in headers["Set-Cookie"]

    status, _, _ = fetch(gunicorn + "/login/", Host="evil.example.net")
    assert status == 400  # not in ALLOWED_HOSTS


def test_probes_answer_on_any_host_name_without_a_redirect(gunicorn: str) -> None:
    # A load balancer probes each app server by its address, in plain HTTP.
    for host in ("rung.example.com", "10.0.0.11:8000", "127.0.0.1"):
        assert fetch(gunicorn + "/healthz", Host=host)[::2] == (200, "ok\n")
        assert fetch(gunicorn + "/livez", Host=host)[::2] == (200, "ok\n")


def test_a_client_past_the_proxy_cannot_claim_https(tmp_path: Path) -> None:
    """X-Forwarded-Proto counts only from forwarded_allow_ips: here the proxy is elsewhere,
    so the same request that the proxy's address gets a page for is redirected."""
    with running_gunicorn(tmp_path, FORWARDED_ALLOW_IPS="192.0.2.1") as base:
        status, headers, _ = fetch(base + "/login/", **{"X-Forwarded-Proto": "https"})
    assert status == 301
    assert "Set-Cookie" not in headers


def test_static_files_are_hashed_compressed_and_cached_for_a_year(gunicorn: str) -> None:
    _, _, page = fetch(gunicorn + "/login/", **{"X-Forwarded-Proto": "https"})
    css = re.search(r'href="(/static/rung/app\.[0-9a-f]{12}\.css)"', page)
    assert css, page[:500]
    status, headers, _ = fetch(gunicorn + css.group(1), **{
        "X-Forwarded-Proto": "https", "Accept-Encoding": "gzip"})
    assert status == 200
    assert headers["Content-Encoding"] == "gzip"
    assert "immutable" in headers["Cache-Control"]
    assert "max-age=315360000" in headers["Cache-Control"]


def test_healthz_fails_while_static_files_are_not_collected(tmp_path: Path) -> None:
    with running_gunicorn(tmp_path, collect=False) as base:
        status, _, body = fetch(base + "/healthz")
    assert status == 503
    assert body.startswith("static files not collected")


def test_healthz_fails_while_migrations_are_pending(tmp_path: Path) -> None:
    with running_gunicorn(tmp_path, migrate=False) as base:
        status, _, body = fetch(base + "/healthz")
        live, _, _ = fetch(base + "/livez")
    assert status == 503
    assert "migration(s) pending; run `rung migrate`" in body
    assert live == 200


def test_healthz_fails_when_the_database_is_down(tmp_path: Path) -> None:
    down = f"postgresql://rung@127.0.0.1:{free_port()}/rung"
    with running_gunicorn(tmp_path, migrate=False, DATABASE_URL=down) as base:
        status, _, body = fetch(base + "/healthz")
        live, _, _ = fetch(base + "/livez")
    assert (status, body, live) == (503, "database unavailable\n", 200)


# --- the example environment file ----------------------------------------------------------

EXAMPLE = ROOT / "deploy" / "systemd" / "rung.env.example"
READERS = ("src/rung/web/settings.py", "src/rung/web/settings_production.py",
           "deploy/gunicorn.conf.py", "deploy/rung-backup.sh")
# Read by rung, deliberately not set in the file: (where it is explained instead).
NOT_SET_IN_THE_FILE = {"RUNG_TESTING": "the test suite's switch",
                       "RUNG_SECURE_COOKIES": "development only: production always sets it",
                       "DEBUG": "a comment: production refuses it"}
READ = re.compile(r'(?:_env|_flag|_env_flag|_env_list|os\.environ\.get)\("([A-Z][A-Z0-9_]+)"'
                  r"|os\.environ\[['\"]([A-Z][A-Z0-9_]+)['\"]\]|\$\{([A-Z][A-Z0-9_]+)")


def example_values() -> dict[str, str]:
    lines = EXAMPLE.read_text().splitlines()
    return dict(line.split("=", 1) for line in lines if line and not line.startswith("#"))


def test_the_example_environment_sets_every_variable_rung_reads() -> None:
    read = {name for path in READERS for match in READ.findall((ROOT / path).read_text())
            for name in match if name}
    assert {"SECRET_KEY", "RUNG_LOG_LEVEL", "FORWARDED_ALLOW_IPS", "RUNG_BACKUP_DIR"} <= read
    missing = read - set(example_values()) - set(NOT_SET_IN_THE_FILE)
    assert not missing, f"add to {EXAMPLE.name}: {sorted(missing)}"
    assert "DEBUG must stay unset" in EXAMPLE.read_text()


def test_the_example_environment_is_plain_key_value_lines_sh_and_systemd_both_read() -> None:
    for key, value in example_values().items():
        assert re.fullmatch(r"[A-Z][A-Z0-9_]*", key), key
        assert not re.search(r"[\s'\"$`<>;&|]", value), f"{key}={value}"


def test_the_example_with_only_a_key_and_the_database_filled_in_passes_the_check(
        tmp_path: Path) -> None:
    """Every empty value in the example means the default."""
    env = production_env(tmp_path)
    env.update(example_values())
    env.update({"SECRET_KEY": production_env(tmp_path)["SECRET_KEY"], "DATABASE_URL": "",
                "RUNG_DATA_DIR": str(tmp_path / "data")})
    collectstatic(env)
    done = manage(env, "check", "--deploy", "--fail-level", "WARNING")
    assert done.returncode == 0, done.stderr
    shown = manage(env, "shell", "-c", "from django.conf import settings as s; print("
                   "s.STATIC_ROOT, s.SECURE_HSTS_SECONDS, s.EMAIL_BACKEND, s.SERVER_EMAIL)")
    assert shown.stdout.split()[-4:] == [
        str(tmp_path / "data" / "static"), "3600", "django.core.mail.backends.smtp.EmailBackend",
        "rung@example.com"]


def test_nginx_lets_through_the_largest_upload_the_import_page_accepts() -> None:
    from rung.web.imports.forms import ORG_UPLOAD_BYTES

    conf = (ROOT / "deploy" / "nginx" / "rung.conf").read_text()
    size = re.search(r"client_max_body_size (\d+)m;", conf)
    assert size, "client_max_body_size missing"
    # two files (ratings and people) of the page's limit each, plus the form around them
    assert int(size.group(1)) * 1024 * 1024 > 2 * ORG_UPLOAD_BYTES
