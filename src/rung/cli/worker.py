"""`rung worker`: run the background tasks the web app queues (organisation imports).

A thin shell over django-tasks-db's `db_worker`: it takes each queued task from the database,
runs it and records its result. Several workers (one per app server) may run at once: each
task is claimed in a locked row, so it runs once. Like `rung reminders`, it never migrates.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager

import click

from rung.cli.web import setup_django


@click.command("worker")
@click.option("--interval", default=1.0, show_default=True, type=click.FloatRange(0.1, 60),
              help="Seconds between looks at the queue while it is empty.")
@click.option("--batch", is_flag=True, help="Run the queued tasks, then exit.")
@click.option("--max-tasks", type=click.IntRange(1), default=None,
              help="Exit after this many tasks (a supervisor starts a fresh process).")
def worker_cmd(interval: float, batch: bool, max_tasks: int | None) -> None:
    """Run the task worker: organisation imports uploaded on the web run here.

    SIGTERM (systemctl stop) lets the running task finish first; a worker killed half-way
    writes nothing of that import (it is one transaction), and the import's page says it
    stopped. The worker refuses a database whose schema is not this rung's (exit 2).
    """
    setup_django(migrate=False)
    from django.conf import settings
    from django.core.management import call_command

    from rung.cli.common import EXIT_INPUT

    if settings.RUNG_TASKS != "database":
        click.echo(f"error: RUNG_TASKS={settings.RUNG_TASKS}: tasks run inside the web "
                   "request, so there is nothing for a worker to do; unset RUNG_TASKS to "
                   "queue them in the database", err=True)
        raise SystemExit(EXIT_INPUT)
    click.echo("rung worker: running queued imports  (Ctrl+C stops it after the current one)")
    with signal_handlers_restored():
        call_command("db_worker", interval=interval, batch=batch, max_tasks=max_tasks,
                     reload=False, startup_delay=not batch)


@contextmanager
def signal_handlers_restored() -> Iterator[None]:
    """db_worker installs its graceful-stop handlers for SIGINT, SIGTERM and SIGQUIT and leaves
    them behind when it returns. Where the worker ran inside a longer-lived process (`--batch`
    from a script or a test), a later SIGTERM would then reach a finished worker's handler, and
    processes forked afterwards would inherit it: put back what was there."""
    names = ("SIGINT", "SIGTERM", "SIGQUIT")  # SIGQUIT is not on Windows
    saved = {s: signal.getsignal(s) for n in names if (s := getattr(signal, n, None))}
    try:
        yield
    finally:
        for signum, handler in saved.items():
            if handler is not None:  # None: set outside Python, nothing of ours to put back
                signal.signal(signum, handler)


@contextmanager
def worker_beside() -> Iterator[None]:
    """`rung worker` as a child process while a server runs in this one (`rung demo --serve`):
    the demo's imports take the same path as production's. Stopped with the server."""
    from django.conf import settings

    if settings.RUNG_TASKS != "database":  # tasks run in the request: no worker needed
        yield
        return
    child = subprocess.Popen([sys.executable, "-m", "rung.cli.main", "worker"], env=os.environ)
    try:
        yield
    finally:
        child.terminate()  # SIGTERM: the worker finishes the running import first
        try:
            child.wait(timeout=60)
        except subprocess.TimeoutExpired:  # pragma: no cover - an import of a huge file
            child.kill()
