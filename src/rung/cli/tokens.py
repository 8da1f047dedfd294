"""`rung token`: API tokens from the command line."""

from __future__ import annotations

import click


@click.group("token")
def token_cmd() -> None:
    """Create, list and revoke API tokens."""
