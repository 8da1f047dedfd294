"""Server errors reach the people who run rung: a mail with the traceback to ADMINS, and with
SENTRY_DSN an event at Sentry (release and environment named, no personal data)."""

from __future__ import annotations

import gzip
import importlib
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import pytest
from django.contrib.auth.decorators import login_not_required
from django.core import mail
from django.http import HttpRequest, HttpResponse
from django.test import Client, override_settings
from django.urls import path

from rung import __version__

from deploytools import manage, production_env


@login_not_required
def boom(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("the plan page fell over")


urlpatterns = [path("boom", boom)]

BOOM_URLS = '''
from django.contrib.auth.decorators import login_not_required
from django.urls import path


@login_not_required
def boom(request):
    raise RuntimeError("the plan page fell over")


urlpatterns = [path("boom", boom)]
'''


def test_admins_come_from_the_environment_with_or_without_names(tmp_path: Path) -> None:
    env = production_env(tmp_path, ADMINS="Ops Team <ops@example.com>, oncall@example.com")
    done = manage(env, "shell", "-c", "from django.conf import settings; "
                  "print(settings.ADMINS, settings.SERVER_EMAIL)")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == (
        "[('Ops Team', 'ops@example.com'), ('oncall@example.com', 'oncall@example.com')] "
        "rung@localhost")


@pytest.mark.django_db
@override_settings(ADMINS=[("Ops", "ops@example.com")], ROOT_URLCONF=__name__)
def test_a_server_error_mails_its_traceback_to_the_admins() -> None:
    response = Client(raise_request_exception=False).get("/boom")
    assert response.status_code == 500
    [sent] = mail.outbox
    assert sent.to == ["ops@example.com"]
    assert sent.subject.startswith("[rung] ERROR")
    assert "RuntimeError at /boom\nthe plan page fell over" in sent.body


class _Collector(BaseHTTPRequestHandler):
    bodies: ClassVar[list[bytes]] = []

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        encoding = self.headers.get("Content-Encoding")
        if encoding == "gzip":
            body = gzip.decompress(body)
        elif encoding == "br":  # sentry-sdk's choice when the brotli package is installed
            body = importlib.import_module("brotli").decompress(body)
        self.bodies.append(body)
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def sentry_server() -> Iterator[tuple[str, list[bytes]]]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Collector)
    _Collector.bodies = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://public@127.0.0.1:{server.server_address[1]}/1", _Collector.bodies
    finally:
        server.shutdown()


def test_with_sentry_dsn_a_server_error_reaches_sentry_without_personal_data(
        tmp_path: Path, sentry_server: tuple[str, list[bytes]]) -> None:
    dsn, received = sentry_server
    (tmp_path / "boom_urls.py").write_text(BOOM_URLS)
    env = production_env(tmp_path, SENTRY_DSN=dsn, PYTHONPATH=str(tmp_path))
    assert manage(env, "migrate").returncode == 0
    script = (
        "from django.test import Client, override_settings\n"
        "import sentry_sdk\n"
        "with override_settings(ROOT_URLCONF='boom_urls'):\n"
        "    r = Client(raise_request_exception=False).get('/boom', secure=True,\n"
        "        HTTP_HOST='rung.example.com', HTTP_COOKIE='sessionid=secret-session')\n"
        "sentry_sdk.flush(10)\n"
        "print(r.status_code)\n")
    done = manage(env, "shell", "-c", script)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().endswith("500"), done.stderr
    events = [json.loads(line) for body in received for line in body.splitlines()
              if b'"exception"' in line]
    assert len(events) == 1, received
    event = events[0]
    assert event["release"] == f"rung@{__version__}"
    assert event["environment"] == "production"
    [error] = event["exception"]["values"]
    assert (error["type"], error["value"]) == ("RuntimeError", "the plan page fell over")
    request = json.dumps(event.get("request", {}))
    assert "secret-session" not in request
    assert "cookies" not in event.get("request", {})


def test_sentry_dsn_without_the_sdk_stops_with_one_line(tmp_path: Path) -> None:
    shadow = tmp_path / "sentry_sdk"
    shadow.mkdir()
    (shadow / "__init__.py").write_text("raise ImportError('not installed')\n")
    env = production_env(tmp_path, SENTRY_DSN="http://public@127.0.0.1:9/1",
                         PYTHONPATH=str(tmp_path))
    done = manage(env, "check")
    assert done.returncode == 2
    assert done.stderr.strip() == (
        "rung (production settings): SENTRY_DSN is set but sentry-sdk is not installed: pip "
        "install 'rung[sentry]' into rung's virtual environment, or unset it")
