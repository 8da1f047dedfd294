"""`rung plan --batch ORG.csv -o DIR`: one plan per PM of an organisation (a thin shell over
`rung.batch`). Exits 2 on bad input, listing every problem, with nothing written.

The batch machinery (worker processes, loaders, renderers) is imported when a batch runs.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from rung.cli.common import EXIT_LINT, fail, guard, parse_start
from rung.core.errors import Problem

if TYPE_CHECKING:
    from rung.batch import BatchResult

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
    from rung import batch
    from rung.planning import default_start

    if out_dir is None:
        fail([Problem("-o", "value", "a batch writes one file per person: give the output "
                       "directory with -o DIR")])
        raise AssertionError("unreachable")
    if isinstance(start, str):
        start = parse_start(start)
    start_day = start or default_start(date.today())
    with progress_bar(enabled=is_tty()) as progress:
        result = guard(
            lambda: batch.build_batch(
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


# --- progress --------------------------------------------------------------------------------


def is_tty() -> bool:
    return sys.stderr.isatty()


@contextmanager
def progress_bar(*, enabled: bool) -> Iterator[Callable[[int, int], None] | None]:
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


__all__ = ["BATCH_HELP", "batch_option", "run_batch", "summary_line"]
