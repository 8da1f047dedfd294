"""`rung token`: API tokens from the command line (for whoever runs the server)."""

from __future__ import annotations

from datetime import datetime

import click

from rung.cli.common import fail
from rung.cli.web import setup_django
from rung.core.errors import InputError, Problem


@click.group("token")
def token_cmd() -> None:
    """Create, list and revoke API tokens."""


@token_cmd.command("create")
@click.argument("username")
@click.option("--name", default="command line", show_default=True,
              help="What the token is for, e.g. 'HR sync'.")
def token_create_cmd(username: str, name: str) -> None:
    """Create a token for USERNAME and print its secret (shown this once only)."""
    setup_django()
    from rung.web.api.tokens import token_create
    from rung.web.people.models import Person

    person = Person.objects.filter(user__username=username).first()
    if person is None:
        fail([Problem("USERNAME", "value", f"no person logs in as '{username}'")])
        return
    try:
        new = token_create(person=person, name=name)
    except InputError as exc:
        fail(exc.problems)
        return
    click.echo(new.secret)
    click.echo(f"Token {new.token.prefix}… '{new.token.name}' for {person.name}: copy it now, "
               "it is not shown again.", err=True)


@token_cmd.command("list")
@click.argument("username", required=False)
def token_list_cmd(username: str | None) -> None:
    """List tokens (of USERNAME, or everyone's): prefix, owner, name, dates, state."""
    setup_django()
    from rung.web.api.tokens import all_tokens

    def when(value: datetime | None) -> str:
        return value.strftime("%Y-%m-%d %H:%M") if value is not None else "-"

    found = list(all_tokens(username))
    if not found:
        click.echo("No tokens." if not username else f"No tokens for {username}.")
    for t in found:
        state = f"revoked {when(t.revoked_at)}" if t.revoked_at else "active"
        click.echo(f"{t.prefix}\t{t.person.user.get_username()}\t{t.name}\t"
                   f"created {when(t.created_at)}\tlast used {when(t.last_used_at)}\t{state}")


@token_cmd.command("revoke")
@click.argument("prefix")
def token_revoke_cmd(prefix: str) -> None:
    """Revoke the token whose prefix (as `rung token list` shows it) is PREFIX."""
    setup_django()
    from rung.web.api.tokens import PREFIX_LENGTH, token_revoke, tokens_by_prefix

    prefix = prefix.rstrip("…").strip()
    found = list(tokens_by_prefix(prefix)) if len(prefix) >= PREFIX_LENGTH else []
    if len(found) != 1:
        fail([Problem("PREFIX", "value", f"no token has the prefix '{prefix}'; give the "
                      f"{PREFIX_LENGTH} characters `rung token list` shows")], writes=False)
        return
    token = token_revoke(token=found[0])
    click.echo(f"Revoked {token.prefix}… '{token.name}' of {token.person.user.get_username()}.")
