"""`rung backup` and `rung restore`: the database to a file and back.

The logic lives in rung.web.backup; these commands only parse options, set Django up and
report. Problems the user can fix exit 2 with one message naming the file (rung.cli.common).
"""

from __future__ import annotations

from pathlib import Path

import click

from rung.cli.common import fail, guard
from rung.cli.web import configure_django, ensure_schema
from rung.core.errors import Problem
from rung.io.files import exists, is_folder


def _size(n: int) -> str:
    return f"{n / 1024:.0f} KiB" if n < 1024 * 1024 else f"{n / 1024 / 1024:.1f} MiB"


@click.command("backup")
@click.argument("out", type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["sqlite", "json"]),
              help="sqlite: an online copy of a SQLite database; json: a portable export "
              "(SQLite or PostgreSQL). Default: from OUT's suffix (.sqlite3, .json, .json.gz).")
@click.option("--force", is_flag=True, help="Replace OUT if it exists.")
def backup_cmd(out: Path, fmt: str | None, force: bool) -> None:
    """Back up the database to OUT, safely while the app is serving.

    \b
    rung backup rung-2026-11-23.sqlite3          # SQLite: a consistent copy
    rung backup rung-2026-11-23.json.gz          # any database: portable export
    """
    if is_folder(out):
        fail([Problem(str(out), "OUT", "a folder; give a file name such as "
                      "rung-backup.sqlite3")])
    if exists(out) and not force:
        fail([Problem(str(out), "OUT", "already exists; give a new name, or --force to "
                      "replace it")])
    from rung.web import backup as ops

    kind = guard(lambda: ops.format_for(out, fmt))
    configure_django()
    result = guard(lambda: ops.backup(out, fmt=kind))
    click.echo(f"Backed up {result.rows} rows ({_counts(result.counts)}) to {out} "
               f"[{result.format}, {_size(result.size)}, {result.seconds:.2f} s]")


@click.command("restore")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--force", is_flag=True,
              help="Replace a database that already holds data.")
def restore_cmd(file: Path, force: bool) -> None:
    """Restore the database from FILE, made by `rung backup`.

    All or nothing: a failure changes nothing. Everyone logs in again afterwards.

    A .sqlite3 copy restores into SQLite; a JSON export into SQLite or PostgreSQL
    (how an installation moves between them), after `rung migrate`. A backup or
    a database from a newer rung is refused, with the steps to take. Stop the
    web app and the reminders worker first.
    """
    from rung.web import backup as ops

    kind = guard(lambda: ops.check_file(file))
    configure_django()
    if kind == "json":
        # A SQLite copy replaces the whole database, schema included.
        guard(lambda: ops.refuse_newer_database(file))
    ensure_schema(migrate=True)  # the tables must exist: migrates with development settings
    held = ops.audit_entries()
    result = guard(lambda: ops.restore(file, force=force))
    notes = list(result.notes)
    if kind == "sqlite":
        notes += _migrate_older_copy()
    if not ops.record_restore(file, result, held):
        notes.append("the restore could not be written to the audit log (its table is "
                     "missing until `rung migrate` runs)")
    click.echo(f"Restored {result.rows} rows ({_counts(result.counts)}) from {file} "
               f"[{result.format}, {result.seconds:.2f} s]; sessions were cleared, so "
               "everyone logs in again")
    for note in notes:
        click.echo(f"note: {note}", err=True)


def _migrate_older_copy() -> list[str]:
    """A SQLite copy from an older rung lacks this rung's migrations: applied here with the
    development settings; in production `rung migrate` is the one command that migrates."""
    from django.conf import settings

    from rung.web.schema import schema_state

    if not settings.RUNG_PRODUCTION:
        ensure_schema(migrate=True)
        return []
    pending = schema_state().pending
    return [f"the copy is from an older rung ({len(pending)} migration(s) behind): run "
            "`rung migrate` before starting the services"] if pending else []


def _counts(counts: dict[str, int]) -> str:
    users = counts.get("auth.user", 0)
    people = counts.get("people.person", 0)
    plans = counts.get("plans.plan", 0)
    return f"{users} users, {people} people, {plans} plans"
