"""Helpers for the tests of the production settings: the environment a systemd unit would
give rung, `python -m rung.web` under it, and plain HTTP requests that never follow a redirect."""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
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


def collectstatic(env: dict[str, str]) -> None:
    done = manage(env, "collectstatic", "--noinput")
    assert done.returncode == 0, done.stderr


def free_port() -> int:
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
            return (response.status, dict(response.headers),
                    response.read().decode(errors="replace"))
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read().decode(errors="replace")
