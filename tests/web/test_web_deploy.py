"""Production settings (rung.web.settings_production) and the deploy files: Django's deployment
check passes without a warning, a missing or weak variable stops the process with one line
naming it, and gunicorn started from deploy/gunicorn.conf.py serves HTTPS-only pages behind a
proxy while /healthz answers plain HTTP probes. The default settings stay as they are."""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = Path(sys.executable).parent / "gunicorn"


def production_env(tmp_path: Path, **changes: str | None) -> dict[str, str]:
    """What a systemd EnvironmentFile would hold (deploy/systemd/rung.env.example)."""
    # Not the test process's own switches (the browser tests set DJANGO_ALLOW_ASYNC_UNSAFE).
    env = {k: v for k, v in os.environ.items()
           if k not in {"DATABASE_URL", "DEBUG", "RUNG_TESTING", "CSRF_TRUSTED_ORIGINS",
                        "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    env.update({
        "DJANGO_SETTINGS_MODULE": "rung.web.settings_production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "rung.example.com",
        "CSRF_TRUSTED_ORIGINS": "https://rung.example.com",
        "RUNG_DATA_DIR": str(tmp_path / "data"),
    })
    for key, value in changes.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return env


def manage(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "rung.web", *args], env=env,
                          capture_output=True, text=True, timeout=60)


def test_the_deployment_check_passes_without_a_warning(tmp_path: Path) -> None:
    done = manage(production_env(tmp_path), "check", "--deploy", "--fail-level", "WARNING")
    assert done.returncode == 0, done.stderr
    assert "System check identified no issues" in done.stdout
    assert not (tmp_path / "data" / "secret_key").exists()  # never a generated key


@pytest.mark.parametrize(("changes", "named"), [
    ({"SECRET_KEY": None}, "SECRET_KEY is not set"),
    ({"SECRET_KEY": "django-insecure-" + "x" * 40}, "SECRET_KEY is too weak"),
    ({"ALLOWED_HOSTS": " , "}, "ALLOWED_HOSTS is not set"),
    ({"DEBUG": "1"}, "DEBUG is on"),
    ({"CSRF_TRUSTED_ORIGINS": "http://rung.example.com"}, "must start with https://"),
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


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def fetch(url: str, **headers: str) -> tuple[int, dict[str, str], str]:
    opener = urllib.request.build_opener(_NoRedirect)
    request = urllib.request.Request(url, headers={"Host": "rung.example.com", **headers})
    try:
        with opener.open(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), ""


@pytest.fixture
def gunicorn(tmp_path: Path) -> Iterator[str]:
    port = _free_port()
    env = production_env(tmp_path, RUNG_BIND=f"127.0.0.1:{port}", WEB_CONCURRENCY="1")
    log = tmp_path / "gunicorn.log"
    proc = subprocess.Popen([str(GUNICORN), "-c", str(ROOT / "deploy" / "gunicorn.conf.py"),
                             "rung.web.wsgi:application"], env=env, cwd=tmp_path,
                            stdout=subprocess.DEVNULL, stderr=log.open("w"))
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                fetch(base + "/healthz")
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError(log.read_text()) from None
                time.sleep(0.1)
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def test_gunicorn_from_the_deploy_config_serves_https_only_behind_the_proxy(
        gunicorn: str) -> None:
    assert fetch(gunicorn + "/healthz")[::2] == (200, "ok\n")  # a plain-HTTP probe

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

    status, _, _ = fetch(gunicorn + "/healthz", Host="evil.example.net")
    assert status == 400  # not in ALLOWED_HOSTS
