"""`rung` command line. Exit codes: 0 ok, 1 lint errors, 2 bad input (nothing written).

Each command lives in a module of its own that imports only click when loaded; what a command
needs (the engine, loaders, renderers, Django) is imported when it runs, so `rung --help`
and `rung plan` do not pay for the web app, the PDF renderer or the batch machinery.
"""

from __future__ import annotations

import click

from rung import __version__
from rung.cli.admin import admin_cmd
from rung.cli.backup import backup_cmd, restore_cmd
from rung.cli.documents import ladder_cmd, pack_cmd
from rung.cli.frameworks import frameworks
from rung.cli.lint import lint_cmd
from rung.cli.migrate import migrate_cmd
from rung.cli.org_import import import_cmd
from rung.cli.plan import plan_cmd
from rung.cli.reminders import reminders_cmd
from rung.cli.tokens import token_cmd
from rung.cli.web import demo_cmd, serve_cmd
from rung.cli.worker import worker_cmd


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="rung")
def cli() -> None:
    """rung: from PM competency scores to a dated 90-day development plan."""


for command in (plan_cmd, lint_cmd, frameworks, pack_cmd, ladder_cmd, serve_cmd, demo_cmd,
                reminders_cmd, import_cmd, backup_cmd, restore_cmd, token_cmd, migrate_cmd,
                admin_cmd, worker_cmd):
    cli.add_command(command)

if __name__ == "__main__":  # pragma: no cover
    cli()
