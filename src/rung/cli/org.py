"""Organisation-wide commands: batch plans and framework import (thin shells over the library).

`run_batch` backs `rung plan --batch ORG.csv -o DIR`; `frameworks_import_cmd` is
`rung frameworks import FILE [-o OUT.yaml] [--id ID]`. Both exit 2 on bad input, listing every
problem, with nothing written.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

import click

from rung.batch import BatchResult, build_batch
from rung.core.errors import Problem
from rung.io.progression_import import import_progression_file

EXIT_LINT = 1
FRAMEWORK_SUFFIXES = (".yaml", ".yml")
BATCH_HELP = (
    "Treat FILE as a whole organisation (CSV/XLSX long form) and write one plan per person "
    "to the directory given with -o, as <person_id>.<format>."
)

batch_option = click.option(
    "--batch",
    "batch_file",
    type=click.Path(path_type=Path, dir_okay=False),
    help=BATCH_HELP,
)


def run_batch(
    file: Path,
    out_dir: Path | None,
    start: date | str | None,
    fmt: str = "md",
    country: str | None = None,
    framework_ref: str | None = None,
    *,
    workers: int | None = None,
) -> BatchResult:
    """Build every plan in `file` into `out_dir`; a progress bar on a terminal, then a summary.

    `start` is a date, its YYYY-MM-DD text (from --start) or None for the next business day.
    Exits 2 on bad input (every problem listed, nothing written) and 1 when a plan has a lint
    error (the files are written: they are what the engine made).
    """
    from rung.cli.common import fail as _fail
    from rung.cli.common import guard as _guard
    from rung.cli.common import parse_start as _parse_start
    from rung.planning import default_start

    if out_dir is None:
        _fail([Problem("-o", "value", "a batch writes one file per person: give the output "
                       "directory with -o DIR")])
        raise AssertionError("unreachable")
    if isinstance(start, str):
        start = _parse_start(start)
    start_day = start or default_start(date.today())
    with _progress_bar(enabled=_is_tty()) as progress:
        result = _guard(
            lambda: build_batch(
                Path(file),
                Path(out_dir),
                start=start_day,
                fmt=fmt,
                holidays_country=country,
                framework_override=framework_ref,
                progress=progress,
                workers=workers,
            )
        )
    click.echo(summary_line(result))
    if result.lint_errors:
        shown = ", ".join(result.lint_error_people[:20])
        more = f" and {result.lint_errors - 20} more" if result.lint_errors > 20 else ""
        click.echo(f"error: lint errors in the plans of {shown}{more}; run `rung lint` on "
                   "those files", err=True)
        sys.exit(EXIT_LINT)
    return result


def summary_line(result: BatchResult) -> str:
    people = f"{result.people} plan{'s' if result.people != 1 else ''}"
    seconds = result.timings.get("total", 0.0)
    return (
        f"{people} in {result.out_dir}/ "
        f"({result.written} written, {result.unchanged} unchanged) in {seconds:.1f} s; "
        f"lint: {result.lint_errors} with errors, {result.lint_warning_plans} with warnings"
    )


@click.command("import")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False),
              help="Write the framework here (.yaml) instead of standard output.")
@click.option("--id", "framework_id", help="Framework id (default: from the file name).")
@click.option("--force", is_flag=True, help="Overwrite OUTPUT if it exists (it may hold "
              "quadrants and targets you filled in).")
def frameworks_import_cmd(file: Path, output: Path | None, framework_id: str | None,
                          force: bool) -> None:
    """Import FILE, a framework in the progression-framework format (Markdown with YAML
    front matter), into a rung framework file.

    Behaviour criteria are kept as level anchors; what the format lacks (quadrants, target
    scores, must-haves) is left as TODO for you to fill in. `rung frameworks validate` lists
    every TODO left.
    """
    from rung.cli.common import fail as _fail
    from rung.cli.common import guard as _guard
    from rung.cli.common import write_output

    if output is not None:
        problems = []
        if output.suffix.lower() not in FRAMEWORK_SUFFIXES:
            problems.append(Problem(str(output), "-o", "a framework file ends in .yaml or .yml"))
        if output.exists() and not force:
            problems.append(Problem(str(output), "-o", "exists and may hold what you filled in; "
                                    "choose another name or add --force to overwrite it"))
        if problems:
            _fail(problems)
    imported = _guard(lambda: import_progression_file(file, framework_id=framework_id))
    write_output(imported.text, output)
    target = str(output) if output is not None else "the framework"
    click.echo(
        f"{file}: {imported.competencies} competencies, {imported.levels} levels imported; "
        f"{imported.placeholders} TODOs to fill in (quadrants, target scores, must-haves). "
        f"Then check {target} with `rung frameworks validate`.",
        err=output is None,
    )


# --- progress --------------------------------------------------------------------------------


def _is_tty() -> bool:
    return sys.stderr.isatty()


@contextmanager
def _progress_bar(*, enabled: bool) -> Iterator[Callable[[int, int], None] | None]:
    """A progress callback drawing a rich bar on stderr, or None when not on a terminal.

    The bar is redrawn from the callback (no refresh thread), at most ten times a second, so
    nothing runs in the background while the batch forks its workers.
    """
    if not enabled:
        yield None
        return
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    bar = Progress(
        TextColumn("plans"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        auto_refresh=False,
        transient=True,
    )
    task: Any = None
    last = 0.0

    def update(done: int, total: int) -> None:
        nonlocal task, last
        if task is None:
            task = bar.add_task("plans", total=total)
        bar.update(task, completed=done)
        now = time.monotonic()
        if done == total or now - last >= 0.1:
            last = now
            bar.refresh()

    with bar:
        yield update


__all__ = ["BATCH_HELP", "batch_option", "frameworks_import_cmd", "run_batch", "summary_line"]
