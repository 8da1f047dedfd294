"""`rung migrate`: the one command that changes the database schema.

Forward to this rung's schema after installing a release, or back to the schema a backup
records before installing the older rung that made it (a rollback: the older code cannot
undo migrations it has never heard of). Run once, from one machine, with the web app and the
reminders workers stopped (docs/deploy.md, "Upgrades" and "Rolling back").
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from rung.cli.common import fail, guard
from rung.cli.web import configure_django
from rung.core.errors import Problem

if TYPE_CHECKING:
    from rung.web.schema import Step

EXIT_CHANGES = 1


def _names(steps: list[Step]) -> str:
    return ", ".join(s.name for s in steps)


@click.command("migrate")
@click.option("--check", is_flag=True,
              help="Change nothing: say what would be done; exit 1 when something would.")
@click.option("--to-backup", "backup", type=click.Path(path_type=Path, dir_okay=False),
              help="Take the schema back to the one this backup FILE records (reversing the "
              "migrations newer than it), before installing the rung that made it.")
def migrate_cmd(check: bool, backup: Path | None) -> None:
    """Bring the database schema to this rung's, or back to a backup's.

    \b
    rung migrate                                   # after installing a release
    rung migrate --check                           # exit 1 while migrations are pending
    rung migrate --to-backup before-0.3.0.json.gz  # then install the rung that made it
    """
    from rung import __version__

    target: dict[str, str] | None = None
    made_by = None
    if backup is not None:
        from rung.web.backup import backup_schema

        target, made_by = guard(lambda: backup_schema(backup))
    configure_django()
    from rung.web.schema import describe, irreversible, migrate_to, plan_to, schema_state

    state = schema_state()
    if state.unknown and target is None:
        fail([Problem("database", "schema", f"migrated by a newer rung: it has "
                      f"{describe(state.unknown)}, which rung {__version__} does not know. "
                      "Migrate with that rung (to go back: `rung migrate --to-backup FILE` with "
                      "it, then install this one)")], writes=False)
    try:
        steps = plan_to(target)
    except ValueError as exc:
        fail([Problem(str(backup), "schema", f"the backup was made by "
                      f"{'rung ' + made_by if made_by else 'a newer rung'}: this rung "
                      f"({__version__}) does not know {exc}. Run this command with the rung "
                      "that made it")], writes=False)
        return
    where = (f"the schema of {backup} (made by rung {made_by})" if backup and made_by
             else f"the schema of {backup}" if backup else f"rung {__version__}'s schema")
    if not steps:
        click.echo(f"Nothing to do: the database has {where}.")
        return
    backwards = [s for s in steps if s.backwards]
    forwards = [s for s in steps if not s.backwards]
    summary = "; ".join(part for part in (
        f"reverse {len(backwards)} migration(s): {_names(backwards)}" if backwards else "",
        f"apply {len(forwards)} migration(s): {_names(forwards)}" if forwards else "") if part)
    if check:
        click.echo(f"To reach {where}: {summary}.")
        raise SystemExit(EXIT_CHANGES)
    stuck = irreversible(steps)
    if stuck:
        fail([Problem("database", "schema", f"{', '.join(stuck)} cannot be reversed; restore "
                      "the backup into a new database instead (docs/deploy.md, \"Rolling "
                      "back\")")], writes=False)
    if target is None:
        from django.core.management import call_command

        call_command("migrate", interactive=False, verbosity=0)
    else:
        migrate_to(target)
    done = summary.replace("reverse ", "reversed ").replace("apply ", "applied ")
    click.echo(f"Done: {done[0].upper()}{done[1:]}. The database has {where}.")
    if backup is not None and made_by and made_by != __version__:
        click.echo(f"Next: install rung {made_by}, then start the services.")
