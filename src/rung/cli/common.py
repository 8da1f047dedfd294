"""What every `rung` command shares: exit codes, error reporting, atomic output."""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TypeVar

import click

from rung.core.dates import parse_supported
from rung.core.errors import InputError, Problem

T = TypeVar("T")
EXIT_LINT = 1
EXIT_INPUT = 2


def fail(problems: list[Problem], *, writes: bool = True) -> None:
    for p in problems:
        click.echo(f"error: {p}", err=True)
    n = len(problems)
    tail = "; nothing was written." if writes else "."
    click.echo(f"{n} problem{'s' if n != 1 else ''} found{tail}", err=True)
    sys.exit(EXIT_INPUT)


def guard(fn: Callable[[], T]) -> T:
    try:
        return fn()
    except InputError as e:
        fail(e.problems)
        raise AssertionError("unreachable") from e


def write_output(content: str | bytes, output: Path | None) -> None:
    """Write atomically: a reader never sees half a file, and a failure leaves the old one."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    if output is None:
        if isinstance(content, bytes) and sys.stdout.isatty():
            fail([Problem("-o", "value", "binary output: give a file with -o PATH")])
        click.echo(data, nl=False)  # bytes go to the binary stream unchanged
        return
    try:
        _write_atomically(data, output)
    except OSError as exc:  # a read-only folder, a name too long, a full disk
        from rung.io.wording import describe  # only on this path: start-up stays light

        fail([Problem("-o", "value", f"cannot write {describe(str(output))} ({exc.strerror}); "
                      "choose another path")])


def _write_atomically(data: bytes, output: Path) -> None:
    output.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=output.parent, prefix=f".{output.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        # mkstemp creates 0600; a plan is an ordinary document, so use the usual umask mode.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, output)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def parse_start(value: str | None, source: str = "--start") -> date | None:
    if value is None:
        return None
    try:
        return parse_supported(value)
    except ValueError as exc:
        fail([Problem(source, "value", str(exc))])
        raise
