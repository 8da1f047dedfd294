"""`rung reminders [--loop | --status]`: send each due nudge of every active plan.

Mail goes through Django's email backend (the console unless EMAIL_HOST is set; see
rung.web.settings). Each nudge is claimed exactly once (its unique key is committed before any
mail goes out) and delivered at least once, with a Message-ID that stays the same on a resend:
see rung.web.tracking.outbox. Several workers may run at once.
"""

from __future__ import annotations

import time

import click

from rung.cli.web import setup_django

EXIT_FAILED = 1


def send_once(failures: list[str] | None = None) -> list[str]:
    """One pass: the keys of the nudges this worker sent (those whose mail failed go to
    `failures`; they stay due and are tried again on the next pass)."""
    from django.utils import timezone

    from rung.web.tracking.services import send_due_reminders

    return send_due_reminders(timezone.localdate(), failures=failures)


@click.command("reminders")
@click.option("--loop", is_flag=True, help="Keep running, one pass every --interval seconds.")
@click.option("--interval", default=3600, show_default=True, type=click.IntRange(1, 86400),
              help="Seconds between passes with --loop.")
@click.option("--status", "show_status", is_flag=True,
              help="List the reminders waiting to be retried or given up, and exit.")
@click.option("--passes", default=0, type=click.IntRange(0), hidden=True,
              help="Stop --loop after this many passes (0: never; for tests).")
def reminders_cmd(loop: bool, interval: int, passes: int, show_status: bool) -> None:
    """Send the reminders that are due today (each claimed once, however many workers run).

    A reminder whose mail fails is logged and tried again later, after a delay that doubles
    each time (5 minutes to 6 hours; given up after 8 tries); the other reminders of the pass
    still go out. Without --loop the exit code is then 1. --status lists what is waiting.
    The worker never migrates: it refuses a database whose schema is not this rung's (exit 2).
    """
    # With a worker on each app server, workers started together after an upgrade would
    # otherwise race to migrate one database.
    setup_django(migrate=False)
    if show_status:
        from rung.web.tracking.outbox import status_lines

        lines = status_lines()
        click.echo("\n".join(lines) if lines else "every reminder queued has been sent")
        return
    done = 0
    while True:
        failures: list[str] = []
        sent = send_once(failures)
        click.echo(f"{len(sent)} reminder(s) sent"
                   + (f", {len(failures)} failed (tried again later; see --status)"
                      if failures else ""))
        done += 1
        if not loop and failures:
            raise SystemExit(EXIT_FAILED)
        if not loop or (passes and done >= passes):
            return
        from django.db import connections

        connections.close_all()
        time.sleep(interval)
