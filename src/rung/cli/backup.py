"""`rung backup` and `rung restore`: the database to a file and back.

The logic lives in rung.web.backup; these commands only parse options, set Django up and
report. Problems the user can fix exit 2 with one message naming the file (rung.cli.common).
"""

from __future__ import annotations

import os
from pathlib import Path

import click

from rung.cli.common import fail, guard
from rung.core.errors import Problem


def _django(*, migrate: bool) -> None:
    """Set Django up. A backup reads the database as it is (no migration as a side effect);
    a restore needs the current schema in the target first."""
    from django.apps import apps

    if apps.ready:
        return
    if migrate:
        from rung.cli.web import setup_django

        setup_django()
        return
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rung.web.settings")
    import django

    django.setup()


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
    if out.is_dir():
        fail([Problem(str(out), "OUT", "a folder; give a file name such as "
                      "rung-backup.sqlite3")])
    if out.exists() and not force:
        fail([Problem(str(out), "OUT", "already exists; give a new name, or --force to "
                      "replace it")])
    from rung.web import backup as ops

    kind = guard(lambda: ops.format_for(out, fmt))
    _django(migrate=False)
    result = guard(lambda: ops.backup(out, fmt=kind))
    click.echo(f"Backed up {result.rows} rows ({_counts(result.counts)}) to {out} "
               f"[{result.format}, {_size(result.size)}, {result.seconds:.2f} s]")


@click.command("restore")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--force", is_flag=True,
              help="Replace a database that already holds data.")
def restore_cmd(file: Path, force: bool) -> None:
    """Restore the database from FILE, made by `rung backup`.

    A .sqlite3 copy restores into SQLite; a JSON export into SQLite or PostgreSQL (this is
    how an installation moves between them). All or nothing: a failure changes nothing.
    Stop the web app and the reminders worker first. Everyone logs in again afterwards.
    """
    from rung.web import backup as ops

    kind = guard(lambda: ops.check_file(file))
    _django(migrate=True)
    result = guard(lambda: ops.restore(file, force=force))
    if kind == "sqlite":
        # An older copy is brought up to this rung's schema.
        from django.core.management import call_command

        call_command("migrate", interactive=False, verbosity=0)
    click.echo(f"Restored {result.rows} rows ({_counts(result.counts)}) from {file} "
               f"[{result.format}, {result.seconds:.2f} s]; sessions were cleared, so "
               "everyone logs in again")
    for note in result.notes:
        click.echo(f"note: {note}", err=True)


def _counts(counts: dict[str, int]) -> str:
    users = counts.get("auth.user", 0)
    people = counts.get("people.person", 0)
    plans = counts.get("plans.plan", 0)
    return f"{users} users, {people} people, {plans} plans"
