"""`rung reminders [--loop]`: send each due nudge of every active plan, exactly once.

Mail goes through Django's email backend (the console unless EMAIL_HOST is set; see
rung.web.settings). Several workers may run at once: each nudge is claimed by inserting its
unique key, and only the worker whose insert succeeded sends it.
"""

from __future__ import annotations

import time

import click

from rung.cli.common import EXIT_INPUT


def _ensure_django() -> None:
    """Set Django up without migrating: with a worker on each app server, workers started
    together after an upgrade would otherwise race to migrate one database."""
    from django.apps import apps

    if not apps.ready:
        from rung.cli.web import setup_django

        setup_django(migrate=False)
    from rung.cli.web import pending_migrations

    pending = pending_migrations()
    if pending:
        click.echo(
            f"error: the database lacks {len(pending)} migration(s) ({', '.join(pending[:3])}"
            f"{', ...' if len(pending) > 3 else ''}): run `python -m rung.web migrate` once, "
            "from one machine, then start the reminders worker", err=True)
        raise SystemExit(EXIT_INPUT)


def send_once() -> list[str]:
    """One pass: the keys of the nudges this worker sent."""
    from django.utils import timezone

    from rung.web.tracking.services import send_due_reminders

    return send_due_reminders(timezone.localdate())


@click.command("reminders")
@click.option("--loop", is_flag=True, help="Keep running, one pass every --interval seconds.")
@click.option("--interval", default=3600, show_default=True, type=click.IntRange(1, 86400),
              help="Seconds between passes with --loop.")
@click.option("--passes", default=0, type=click.IntRange(0), hidden=True,
              help="Stop --loop after this many passes (0: never; for tests).")
def reminders_cmd(loop: bool, interval: int, passes: int) -> None:
    """Send the reminders that are due today (each one once, however many workers run)."""
    _ensure_django()
    done = 0
    while True:
        sent = send_once()
        click.echo(f"{len(sent)} reminder(s) sent")
        done += 1
        if not loop or (passes and done >= passes):
            return
        from django.db import connections

        connections.close_all()
        time.sleep(interval)
