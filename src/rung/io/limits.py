"""How much rung reads from one input file before it refuses it: bytes, rows, columns, cells
and seconds, each checked while the file is read, so no file can hold a worker or exhaust
memory (a 1.6 KB workbook can claim a cell at XFD1048576).

The caps sit far above the largest real input: the 10,000-PM batch of bench/bench_batch.py is
about 360,000 rows of 13 columns (29 MB of CSV); a sheet holds at most 1,048,576 rows.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass

from rung.core.errors import InputError, Problem

from .wording import FILE


def _mib(n: int) -> str:
    return f"{n // (1024 * 1024)} MB"


@dataclass(frozen=True)
class Limits:
    table_bytes: int = 256 * 1024 * 1024  # a CSV or an XLSX as stored
    text_bytes: int = 16 * 1024 * 1024  # YAML, JSON, Markdown, text: rung's own are < 1 MB
    unpacked_bytes: int = 1024 * 1024 * 1024  # an XLSX's parts once unzipped
    rows: int = 1_048_576  # a spreadsheet's own maximum
    columns: int = 256  # a long-form table has 13 columns
    cells: int = 16_000_000  # a million rows of 16 columns
    seconds: float = 300.0  # reading one table (the 360,000-row batch reads in ~10 s)


LIMITS = Limits()

# Told (source, rows read so far) every PROGRESS_ROWS rows while a table is read: a background
# import shows it on its status page, since reading is most of a big import's time. A context
# variable rather than a parameter, so the readers' signatures stay about reading.
READ_PROGRESS: ContextVar[Callable[[str, int], None] | None] = ContextVar(
    "rung_read_progress", default=None)
PROGRESS_ROWS = 4096


def too_big(source: str, what: str, limit: str, fix: str) -> InputError:
    return InputError([Problem(source, FILE, f"{what}; the limit is {limit}: {fix}")])


def bytes_limit_error(source: str, limit: int) -> InputError:
    return too_big(source, "the file is too large to read", _mib(limit),
                   "split it into smaller files")


class TableBudget:
    """Counts the rows and cells of one table as it is read and refuses it at the first cap."""

    def __init__(self, source: str, limits: Limits = LIMITS) -> None:
        self.source = source
        self.limits = limits
        self.cells = 0
        self.deadline = time.monotonic() + limits.seconds

    def row(self, number: int, width: int) -> None:
        """Account for row `number` (as the spreadsheet shows it) with `width` cells."""
        limits = self.limits
        if number > limits.rows:
            raise InputError([Problem(self.source, f"row {number}", (
                f"the table has more than {limits.rows:,} rows, the limit; split the file"))])
        if width > limits.columns:
            raise InputError([Problem(self.source, f"row {number}", (
                f"a value in column {width:,} is past the limit of {limits.columns} columns; "
                "delete the cells right of the table (in Excel: select the columns, "
                "Delete), or split the table"))])
        self.cells += width
        if self.cells > limits.cells:
            raise InputError([Problem(self.source, f"row {number}", (
                f"the table has more than {limits.cells:,} cells, the limit; split the file"))])
        if number % PROGRESS_ROWS == 0:
            if time.monotonic() > self.deadline:
                raise InputError([Problem(self.source, f"row {number}", (
                    f"reading took longer than {limits.seconds:.0f} seconds, the limit; split "
                    "the file"))])
            if (tell := READ_PROGRESS.get()) is not None:
                tell(self.source, number)
