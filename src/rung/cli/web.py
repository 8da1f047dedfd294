"""`rung serve` and `rung demo`: the web app from the command line.

Both set DJANGO_SETTINGS_MODULE=rung.web.settings (unless set) and migrate the database
first: SQLite in RUNG_DATA_DIR (default ./.rung), or DATABASE_URL. `setup_django` and
`ensure_schema` are what every database command of `rung` starts with.
"""

from __future__ import annotations

import os
from typing import Any

import click

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000


def setup_django(host: str | None = None, *, migrate: bool = True) -> None:
    """Configure Django for rung.web and check the database schema (`ensure_schema`)."""
    if host and "ALLOWED_HOSTS" not in os.environ:
        extra = "" if host in ("0.0.0.0", "::") else f",{host}"
        os.environ["ALLOWED_HOSTS"] = "127.0.0.1,localhost" + extra
    configure_django()
    ensure_schema(migrate=migrate)


def configure_django() -> None:
    """Django set up for rung.web (once), the schema left as it is."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rung.web.settings")
    from django.apps import apps

    if not apps.ready:
        import django

        django.setup()


def ensure_schema(*, migrate: bool) -> None:
    """Make sure the database has exactly this rung's schema before a command uses it.

    Missing migrations are applied only with the development settings and when `migrate`
    allows it; in production (rung.web.settings_production) only `rung migrate` migrates, once,
    from one machine, so commands started together on several servers never race to. A
    database migrated by a newer rung is never used: its rows may need columns this code
    would leave empty. Either way the command stops with exit 2 and the command to run.
    """
    from django.conf import settings
    from django.core.management import call_command

    from rung import __version__
    from rung.web.schema import describe, schema_state

    state = schema_state()
    if state.unknown:
        _refuse(f"the database was migrated by a newer rung: it has {describe(state.unknown)}, "
                f"which rung {__version__} does not know. Use that newer rung, or roll the "
                "schema back first (docs/deploy.md, \"Rolling back\")")
    if not state.pending:
        return
    if migrate and not settings.RUNG_PRODUCTION:
        call_command("migrate", interactive=False, verbosity=0)
        return
    _refuse(f"the database lacks {len(state.pending)} migration(s) ({describe(state.pending)}): "
            "run `rung migrate` once, from one machine, then run this command again")


def _refuse(message: str) -> None:
    from rung.cli.common import EXIT_INPUT

    click.echo(f"error: {message}", err=True)
    raise SystemExit(EXIT_INPUT)


def address(host: str, port: int) -> str:
    shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    return f"http://{shown}:{port}/"


def run_server(host: str, port: int, workers: int) -> None:
    """Serve with gunicorn when it is installed, else with Django's development server."""
    from django.db import connections

    connections.close_all()  # never share a connection with forked workers
    try:
        from gunicorn.app.base import BaseApplication
    except ImportError:  # pragma: no cover - gunicorn is a dependency
        from django.core.management import call_command

        call_command("runserver", f"{host}:{port}", use_reloader=False)
        return

    from rung.web.wsgi import application

    class _Server(BaseApplication):  # type: ignore[misc]
        def load_config(self) -> None:
            self.cfg.set("bind", f"{host}:{port}")
            self.cfg.set("workers", workers)
            self.cfg.set("accesslog", "-")
            self.cfg.set("graceful_timeout", 5)
            if "control_socket_disable" in self.cfg.settings:  # gunicorn ≥ 24: no ~/.gunicorn
                self.cfg.set("control_socket_disable", True)

        def load(self) -> Any:
            return application

    _Server().run()


@click.command("serve")
@click.option("--host", default=DEFAULT_HOST, show_default=True, help="Address to listen on.")
@click.option("--port", default=DEFAULT_PORT, show_default=True, type=int)
@click.option("--workers", default=2, show_default=True, type=click.IntRange(1, 64),
              help="gunicorn worker processes.")
def serve_cmd(host: str, port: int, workers: int) -> None:
    """Run the web app (migrating the database first)."""
    setup_django(host)
    click.echo(f"rung is serving at {address(host, port)}  (Ctrl+C stops it)")
    run_server(host, port, workers)


@click.command("demo")
@click.option("--serve", "then_serve", is_flag=True, help="Start the web app afterwards.")
@click.option("--host", default=DEFAULT_HOST, show_default=True)
@click.option("--port", default=DEFAULT_PORT, show_default=True, type=int)
def demo_cmd(then_serve: bool, host: str, port: int) -> None:
    """Load the demo organisation (idempotent) and print the address and logins.

    The password is RUNG_DEMO_PASSWORD (12+ characters), or `rung-demo-ladder` when it
    is not set.
    """
    setup_django(host)
    from rung.cli.common import fail
    from rung.core.errors import InputError
    from rung.web.demo import DEFAULT_PASSWORD, load_demo

    try:
        result = load_demo(password=os.environ.get("RUNG_DEMO_PASSWORD") or DEFAULT_PASSWORD)
    except InputError as exc:
        fail(exc.problems)
        return
    click.echo(f"Demo organisation loaded ({result.created} new people).")
    click.echo(f"Address:  {address(host, port)}"
               + ("" if then_serve else "  (start it with `rung serve`)"))
    click.echo(f"Password: {result.password}  (for every login below)")
    for login, name, role in result.logins:
        click.echo(f"  {login:<8} {name:<16} {role}")
    if then_serve:
        from rung.cli.worker import worker_beside

        click.echo("Imports run in a task worker started beside the server (`rung worker`).")
        with worker_beside():
            run_server(host, port, 2)


@click.group()
def web() -> None:
    """rung's web commands (standalone: `python -m rung.cli.web demo --serve`)."""


web.add_command(serve_cmd)
web.add_command(demo_cmd)

if __name__ == "__main__":  # pragma: no cover
    web()
