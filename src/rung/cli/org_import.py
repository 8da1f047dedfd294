"""`rung import`: load a whole organisation file into the web app's database."""

from __future__ import annotations

import click


@click.command("import")
def import_cmd() -> None:
    """Import an organisation (people, managers, levels, ratings) into the database."""
    raise click.ClickException("not yet")
