"""Issue 13, points 7 and 8 on the command line: the 12-character rule for `rung admin create`
and the demo, and token and restore events in the audit log."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from django.contrib.auth.password_validation import validate_password

from rung.cli import web
from rung.cli.main import cli
from rung.core.errors import InputError
from rung.web.audit.models import AuditEntry, Event
from rung.web.demo import DEFAULT_PASSWORD, load_demo
from rung.web.people.models import Person
from rung.web.people.services import person_create

pytestmark = pytest.mark.django_db
ELEVEN = "sq7-wren-lu"


def test_admin_create_refuses_an_eleven_character_password() -> None:
    result = CliRunner().invoke(cli, ["admin", "create", "ada", "--name", "Ada Lovelace"],
                                input=ELEVEN + "\n")
    assert result.exit_code == 2
    assert "at least 12 characters" in result.stderr
    assert not Person.objects.exists()


def test_the_demo_password_passes_the_password_rules() -> None:
    validate_password(DEFAULT_PASSWORD)  # raises when it is too short or too common


def test_the_demo_refuses_a_short_password_naming_the_variable() -> None:
    with pytest.raises(InputError) as caught:
        load_demo(password=ELEVEN)
    assert caught.value.problems[0].source == "RUNG_DEMO_PASSWORD"
    assert not Person.objects.exists()


def test_rung_demo_with_a_short_password_exits_2_without_a_traceback(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RUNG_DEMO_PASSWORD", ELEVEN)
    result = CliRunner().invoke(web.demo_cmd, [])
    assert result.exit_code == 2
    assert "RUNG_DEMO_PASSWORD: value: This password is too short" in result.stderr
    assert "Traceback" not in result.output


def test_a_token_made_and_revoked_on_the_command_line_is_on_record() -> None:
    person_create(username="pat", password="plum-lantern-42-ferry", name="Pat Quinn",
                  slug="pat", role="pm")
    made = CliRunner().invoke(cli, ["token", "create", "pat", "--name", "HR sync"])
    prefix = made.stderr.split()[1].rstrip("…")
    CliRunner().invoke(cli, ["token", "revoke", prefix])
    entries = AuditEntry.objects.filter(event__startswith="token").order_by("id")
    assert [(e.event, e.actor, e.subject) for e in entries] == [
        (Event.TOKEN_CREATED, "", "pat"), (Event.TOKEN_REVOKED, "", "pat")]


def test_a_restore_is_the_newest_entry_of_the_restored_log(tmp_path: Path) -> None:
    person_create(username="pat", password="plum-lantern-42-ferry", name="Pat Quinn",
                  slug="pat", role="pm")
    out = tmp_path / "org.json"
    assert CliRunner().invoke(cli, ["backup", str(out)]).exit_code == 0
    before = AuditEntry.objects.count()
    for i in range(3):  # entries made after the backup: the restore replaces them
        AuditEntry.objects.create(event=Event.LOGIN_FAILED, subject=f"guess{i}")
    result = CliRunner().invoke(cli, ["restore", str(out), "--force"])
    assert result.exit_code == 0, result.output
    newest: Any = AuditEntry.objects.first()
    assert newest.event == Event.RESTORE
    assert f"the audit log held {before + 3} entries before" in newest.detail
    assert AuditEntry.objects.count() == before + 1
