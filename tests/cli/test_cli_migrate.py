"""`rung migrate`: forward to this rung's schema, `--check` to ask, and `--to-backup FILE` to
take the schema back to the one a backup records, which is how a rollback starts: the older
rung cannot reverse migrations it has never heard of (issue 16)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder

from rung import __version__
from rung.cli.main import cli
from rung.web import backup as ops


def migrate(*args: str) -> Any:
    return CliRunner().invoke(cli, ["migrate", *args])


def columns(table: str) -> set[str]:
    with connection.cursor() as cursor:
        return {c.name for c in connection.introspection.get_table_description(cursor, table)}


def backup_with_schema(tmp_path: Path, name: str, **schema: str) -> Path:
    """An export whose header records another schema, as an older or newer rung writes it."""
    ops.backup_json(tmp_path / "now.json")
    doc = json.loads((tmp_path / "now.json").read_text())
    doc["header"]["schema"].update(schema)
    doc["header"]["rung_version"] = "0.1.0" if "0042" not in str(schema) else "9.0.0"
    (tmp_path / name).write_text(json.dumps(doc))
    return tmp_path / name


@pytest.mark.django_db
def test_an_up_to_date_database_needs_nothing() -> None:
    for args in ([], ["--check"]):
        result = migrate(*args)
        assert result.exit_code == 0, result.output
        assert result.output == f"Nothing to do: the database has rung {__version__}'s schema.\n"


def latest_migrations(app: str, count: int = 1) -> list[str]:
    """The app's newest migrations in this code, oldest first."""
    graph = MigrationLoader(None, ignore_no_migrations=True).graph
    [leaf] = [key for key in graph.leaf_nodes() if key[0] == app]
    chain = [key[1] for key in graph.forwards_plan(leaf) if key[0] == app]
    return chain[-count:]


def applied(app: str, name: str) -> bool:
    return MigrationRecorder(connection).migration_qs.filter(app=app, name=name).exists()


@pytest.mark.django_db
def test_check_names_what_is_pending_and_changes_nothing() -> None:
    [newest] = latest_migrations("plans")
    MigrationRecorder(connection).record_unapplied("plans", newest)
    result = migrate("--check")
    assert result.exit_code == 1
    assert f"apply 1 migration(s): plans.{newest}" in result.output
    assert not applied("plans", newest)


@pytest.mark.django_db
def test_a_database_a_newer_rung_migrated_is_not_touched() -> None:
    MigrationRecorder(connection).record_applied("plans", "0099_from_a_newer_rung")
    result = migrate()
    assert result.exit_code == 2
    assert "migrated by a newer rung: it has plans.0099_from_a_newer_rung" in result.stderr
    assert "`rung migrate --to-backup FILE`" in result.stderr


@pytest.mark.django_db(transaction=True)
def test_to_backup_reverses_the_newer_migrations_and_migrate_applies_them_again(
        tmp_path: Path) -> None:
    previous, newest = latest_migrations("plans", 2)
    old = backup_with_schema(tmp_path, "before-upgrade.json", plans=previous)
    before = columns("plans_plan")
    try:
        check = migrate("--to-backup", str(old), "--check")
        assert check.exit_code == 1
        assert f"reverse 1 migration(s): plans.{newest}" in check.output
        assert applied("plans", newest)

        back = migrate("--to-backup", str(old))
        assert back.exit_code == 0, back.output
        assert back.output.splitlines() == [
            f"Done: Reversed 1 migration(s): plans.{newest}. The database has the "
            f"schema of {old} (made by rung 0.1.0).",
            "Next: install rung 0.1.0, then start the services."]
        assert not applied("plans", newest)
        assert columns("plans_plan") < before
        assert migrate("--to-backup", str(old)).output.startswith("Nothing to do")
    finally:
        forward = migrate()
    assert forward.exit_code == 0, forward.output
    assert f"Applied 1 migration(s): plans.{newest}" in forward.output
    assert applied("plans", newest)
    assert columns("plans_plan") == before


@pytest.mark.django_db
def test_to_backup_refuses_a_backup_from_a_newer_rung(tmp_path: Path) -> None:
    newer = backup_with_schema(tmp_path, "newer.json", plans="0042_goals")
    result = migrate("--to-backup", str(newer))
    assert result.exit_code == 2
    assert "made by rung 9.0.0: this rung" in result.stderr
    assert "does not know plans.0042_goals" in result.stderr


@pytest.mark.django_db
def test_to_backup_stops_before_a_migration_that_cannot_be_undone(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib

    module = importlib.import_module("rung.web.people.migrations.0002_builtin_frameworks")
    monkeypatch.setattr(module.Migration.operations[0], "reverse_code", None)
    old = backup_with_schema(tmp_path, "old.json", people="0001_initial")
    result = migrate("--to-backup", str(old))
    assert result.exit_code == 2
    assert "people.0002_builtin_frameworks cannot be reversed" in result.stderr
    assert MigrationRecorder(connection).migration_qs.filter(
        app="people", name="0002_builtin_frameworks").exists()
