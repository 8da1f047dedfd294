"""`rung token create|list|revoke` through Click's CliRunner."""

from __future__ import annotations

from typing import Any

import pytest
from click.testing import CliRunner

from rung.cli.tokens import token_cmd
from rung.web.api.models import ApiToken
from rung.web.api.tokens import person_for_secret
from rung.web.people.models import Person
from rung.web.people.services import person_create


@pytest.fixture
def pat(db: Any) -> Person:
    return person_create(username="pat", password="plum-lantern-42-ferry", name="Pat Quinn",
                         slug="pat", role="pm")


def run(*args: str) -> Any:
    return CliRunner().invoke(token_cmd, list(args))


def test_create_prints_a_working_secret_once(pat: Person) -> None:
    result = run("create", "pat", "--name", "HR sync")
    assert result.exit_code == 0, result.output
    secret = result.stdout.strip()
    assert person_for_secret(secret) == pat
    assert "not shown again" in result.stderr
    listed = run("list", "pat")
    assert secret not in listed.output
    assert ApiToken.objects.get().prefix in listed.output
    assert "HR sync" in listed.output


def test_revoke_by_the_listed_prefix_stops_the_token(pat: Person) -> None:
    secret = run("create", "pat").stdout.strip()
    prefix = ApiToken.objects.get().prefix
    result = run("revoke", prefix + "…")  # pasted as the list shows it
    assert result.exit_code == 0, result.output
    assert person_for_secret(secret) is None
    assert "revoked" in run("list").output


def test_unknown_user_or_prefix_is_bad_input(pat: Person) -> None:
    assert run("create", "nobody").exit_code == 2
    assert run("revoke", "rung_nothing").exit_code == 2
    assert run("revoke", "rung_").exit_code == 2  # too short to name one token
    assert ApiToken.objects.count() == 0


def test_every_token_command_has_help() -> None:
    for command in ("create", "list", "revoke"):
        result = run(command, "--help")
        assert result.exit_code == 0, command
        assert len(result.output) > 80, command
