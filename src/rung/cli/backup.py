"""`rung backup` and `rung restore`: the database to a file and back."""

from __future__ import annotations

import click


@click.command("backup")
def backup_cmd() -> None:
    """Back up the database."""
    raise click.ClickException("not yet")


@click.command("restore")
def restore_cmd() -> None:
    """Restore the database from a backup."""
    raise click.ClickException("not yet")
