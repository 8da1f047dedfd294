"""`rung backup` and `rung restore`: thin shells over rung.web.backup. Bad input is one message
naming the file and the fix, exit 2, never a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from rung.cli.main import cli
from rung.web.people.models import Person
from rung.web.people.services import person_create


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    assert not isinstance(result.exception, Exception) or isinstance(result.exception,
                                                                     SystemExit), result.output
    return result.exit_code, result.stdout, result.stderr


def test_both_commands_document_their_formats_and_force() -> None:
    _, backup_help, _ = run("backup", "--help")
    _, restore_help, _ = run("restore", "--help")
    for text in (".sqlite3", ".json", "--format", "--force", "while the app is serving"):
        assert text in backup_help
    for text in ("SQLite or PostgreSQL", "--force", "All or nothing"):
        assert text in restore_help


@pytest.mark.django_db
def test_a_json_backup_and_a_forced_restore_through_the_cli(tmp_path: Path) -> None:
    person_create(username="pat", password="plum-lantern-42-ferry", name="Pat Quinn",
                  slug="pat", role="pm")
    out = tmp_path / "org.json.gz"
    code, text, _ = run("backup", str(out))
    assert code == 0
    assert out.exists()
    assert "Backed up" in text
    assert "1 users, 1 people" in text
    assert "[json," in text
    assert out.stat().st_mode & 0o077 == 0  # password hashes inside: owner-only

    code, _, err = run("backup", str(out))
    assert code == 2
    assert "already exists" in err
    assert "--force" in err

    Person.objects.filter(slug="pat").update(name="Changed")
    code, _, err = run("restore", str(out))
    assert code == 2
    assert "already holds data" in err
    assert "--force" in err
    assert Person.objects.get(slug="pat").name == "Changed"

    code, text, _ = run("restore", str(out), "--force")
    assert code == 0
    assert "Restored" in text
    assert "everyone logs in again" in text
    assert Person.objects.get(slug="pat").name == "Pat Quinn"


@pytest.mark.parametrize(("args", "expected"), [
    (["restore", "missing.json"], "missing.json: file: no such file"),
    (["backup", "backup.txt"], "backup.txt: name: cannot tell the format"),
    (["restore", "."], "a folder"),
    (["restore", "/dev/zero"], "/dev/zero: file: not a regular file"),
])
def test_bad_input_is_one_message_and_exit_2(args: list[str], expected: str,
                                             tmp_path: Path, monkeypatch: Any) -> None:
    monkeypatch.chdir(tmp_path)
    code, _, err = run(*args)
    assert code == 2
    assert expected in err
    assert "Traceback" not in err


def test_the_installed_command_reports_a_damaged_export_without_a_traceback(
        tmp_path: Path) -> None:
    damaged = tmp_path / "org.json"
    damaged.write_text('{"header": {"format": "rung.backup/1", "schema": {')
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL",
                                                            "DJANGO_SETTINGS_MODULE")}
    env["RUNG_DATA_DIR"] = str(tmp_path / "data")
    done = subprocess.run([sys.executable, "-m", "rung.cli.main", "restore", str(damaged)],
                          capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode == 2
    assert f"{damaged}: line 1, column" in done.stderr
    assert "not valid JSON" in done.stderr
    assert "rung backup FILE.json" in done.stderr
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "data" / "rung.sqlite3").exists()  # judged before any database


@pytest.mark.django_db(transaction=True)
def test_a_sqlite_copy_is_made_on_sqlite_and_refused_on_postgresql(tmp_path: Path) -> None:
    from django.db import connection

    out = tmp_path / "copy.sqlite3"
    code, text, err = run("backup", str(out))
    if connection.vendor == "sqlite":
        assert code == 0
        assert "[sqlite," in text
        assert out.read_bytes()[:16] == b"SQLite format 3\x00"
    else:
        assert code == 2
        assert not out.exists()
        assert f"{out}: format: a SQLite copy, but the database is postgresql" in err
        assert "rung backup FILE.json.gz" in err
