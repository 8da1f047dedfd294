"""The probes: /livez says the process serves, /healthz that it can do its work (the database
answers with this code's schema). Both answer any host name, need no login and touch no
session; /healthz answers 503 with one line naming what is wrong."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import OperationalError, connection
from django.db.migrations.recorder import MigrationRecorder
from django.test import Client

from rung import __version__
from rung.web import health

from webtools import latest_migrations


def probe(path: str, host: str = "10.0.0.11:8000") -> tuple[int, str]:
    response = Client(HTTP_HOST=host).get(path)
    assert response["Cache-Control"] == "no-store"
    assert "Set-Cookie" not in response
    return response.status_code, response.content.decode()


@pytest.mark.parametrize("host", ["10.0.0.11:8000", "127.0.0.1", "evil.example.net"])
def test_both_probes_answer_on_a_host_name_outside_allowed_hosts(db: Any, host: str) -> None:
    assert probe("/livez", host) == (200, "ok\n")
    assert probe("/healthz", host) == (200, "ok\n")


def test_liveness_needs_no_database() -> None:
    # no `db` fixture: any query would fail the test
    assert probe("/livez") == (200, "ok\n")


def test_healthz_fails_while_a_migration_is_pending(db: Any) -> None:
    MigrationRecorder(connection).record_unapplied("plans", latest_migrations("plans")[0])
    assert probe("/healthz") == (503, f"database schema behind rung {__version__}: "
                                 "1 migration(s) pending; run `rung migrate`\n")


def test_healthz_fails_on_a_schema_a_newer_rung_made(db: Any) -> None:
    MigrationRecorder(connection).record_applied("people", "0099_from_a_newer_rung")
    status, text = probe("/healthz")
    assert status == 503
    assert text.startswith(f"database schema newer than rung {__version__} "
                           "(people.0099_from_a_newer_rung)")


def test_healthz_fails_without_the_database_and_logs_why(
        monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    def unreachable() -> None:
        raise OperationalError('connection to server at "db.internal" failed')

    monkeypatch.setattr(health, "schema_state", unreachable)
    assert probe("/healthz") == (503, "database unavailable\n")  # no detail to the world
    assert "db.internal" in caplog.text  # the detail is in the log
