"""`rung import`: load a whole organisation file into the web app's database.

A thin shell over `rung.web.imports.services.org_import`: every problem goes to stderr with
exit code 2 and nothing is written; otherwise one summary line on stdout.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import click

from rung.cli.common import fail
from rung.cli.web import setup_django
from rung.core.errors import InputError

PHASES = {"read": "reading the files", "check": "checking people and managers",
          "write": "writing to the database"}


@contextmanager
def _phases(*, enabled: bool) -> Iterator[Callable[[str], None] | None]:
    """A spinner on stderr naming the current phase, or None when not on a terminal."""
    if not enabled:
        yield None
        return
    from rich.console import Console

    with Console(stderr=True).status("starting") as status:
        yield lambda phase: status.update(PHASES.get(phase, phase))


@click.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path), required=False)
@click.option("--people", "people", type=click.Path(dir_okay=False, path_type=Path),
              help="A people file (CSV/XLSX: person_id, person_name, role, manager, level, "
                   "target_level, specialization, framework, email, product_area).")
@click.option("--dry-run", is_flag=True, help="Check and count everything; write nothing.")
def import_cmd(file: Path | None, people: Path | None, dry_run: bool) -> None:
    """Import an organisation (people, managers, levels, ratings) into the database.

    FILE holds the ratings in the long form of `rung plan --batch` (CSV or XLSX, one score per
    row; its `manager` column names a manager by person id or name). Managers and admins who
    are not rated come from --people, or from a sheet named "people" beside a sheet named
    "ratings" in one XLSX. All or nothing: every problem is listed on stderr (exit 2) and
    nothing is written. Importing the same file again changes nothing; a changed score is
    updated; nothing the file does not mention is deleted. New people get a login named after
    their person id with no password: set one on the admin page.
    """
    if file is None and people is None:
        raise click.UsageError("give FILE (the ratings), --people FILE, or both")
    setup_django()
    from rung.web.imports.services import org_import

    try:
        with _phases(enabled=sys.stderr.isatty()) as progress:
            result = org_import(
                ratings=(file, str(file)) if file is not None else None,
                people=(people, str(people)) if people is not None else None,
                dry_run=dry_run, progress=progress)
    except InputError as exc:  # reported once the spinner is gone
        fail(exc.problems)
        return
    click.echo(result.summary())
    for w in result.warnings:
        click.echo(f"warning: {w.source}, {w.where}: {w.message}", err=True)
