"""`rung serve` and `rung demo` through Click's CliRunner on the command objects."""

from __future__ import annotations

from typing import Any

import pytest
from click.testing import CliRunner

from rung.cli import web
from rung.web.assessments.models import Assessment
from rung.web.people.models import Person
from rung.web.plans.models import Plan, PlanVersion


@pytest.fixture
def no_server(monkeypatch: pytest.MonkeyPatch) -> list[tuple[Any, ...]]:
    calls: list[tuple[Any, ...]] = []
    monkeypatch.setenv("ALLOWED_HOSTS", "127.0.0.1,localhost")  # keep setup_django's env local
    monkeypatch.setattr(web, "run_server", lambda *args: calls.append(args))
    return calls


def test_serve_migrates_prints_the_address_and_serves(db: Any,
                                                      no_server: list[tuple[Any, ...]]) -> None:
    result = CliRunner().invoke(web.serve_cmd, ["--port", "8123"])
    assert result.exit_code == 0, result.output
    assert "http://127.0.0.1:8123/" in result.output
    assert no_server == [("127.0.0.1", 8123, 2)]


def test_serve_help_documents_its_options() -> None:
    result = CliRunner().invoke(web.serve_cmd, ["--help"])
    assert result.exit_code == 0
    for option in ("--host", "--port", "--workers", "migrating the database first"):
        assert option in result.output


def test_demo_loads_the_organisation_idempotently(db: Any, monkeypatch: pytest.MonkeyPatch,
                                                  no_server: list[tuple[Any, ...]]) -> None:
    monkeypatch.setenv("RUNG_DEMO_PASSWORD", "violet-otter-77")
    first = CliRunner().invoke(web.demo_cmd, [])
    assert first.exit_code == 0, first.output
    counts = (Person.objects.count(), Assessment.objects.count(), Plan.objects.count(),
              PlanVersion.objects.count())
    second = CliRunner().invoke(web.demo_cmd, [])
    assert second.exit_code == 0, second.output
    assert (Person.objects.count(), Assessment.objects.count(), Plan.objects.count(),
            PlanVersion.objects.count()) == counts
    assert "0 new people" in second.output
    out = first.output
    assert "http://127.0.0.1:8000/" in out
    assert "violet-otter-77" in out
    for login in ("ada", "morgan", "casey", "pat"):
        assert f"  {login} " in out
    pms = Person.objects.filter(role="pm")
    assert pms.count() >= 6
    assert len({p.level for p in pms}) >= 3
    assert len({p.specialization for p in pms}) >= 3
    assert Person.objects.get(slug="pat").manager == Person.objects.get(slug="morgan")
    assert set(Plan.objects.values_list("status", flat=True)) == {
        "draft", "agreed", "active", "closed"}
    assert no_server == []
    from django.contrib.auth import authenticate

    assert authenticate(username="pat", password="violet-otter-77") is not None


def test_demo_serve_flag_starts_the_server(db: Any, no_server: list[tuple[Any, ...]]) -> None:
    result = CliRunner().invoke(web.demo_cmd, ["--serve", "--port", "8200"])
    assert result.exit_code == 0, result.output
    assert no_server == [("127.0.0.1", 8200, 2)]
