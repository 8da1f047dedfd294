"""Spreadsheets as rows of text: CSV (any of , ; tab) and the first sheet of an XLSX.

Row numbers are the ones a spreadsheet shows (the header is row 1); every cell is stripped
text ('' when blank), so the readers above never see a number, a date or None.
"""

from __future__ import annotations

import csv
import gc
import io
import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from rung.core.errors import InputError, Problem

from .files import decode_utf8, read_bytes
from .wording import FILE, num

Record = tuple[int, list[str]]  # (row number as the spreadsheet shows it, cells)


def read_csv(path: Path, source: str, what: str) -> list[Record]:
    """The rows of a CSV file; `what` names the expected content for an empty file."""
    text = decode_utf8(read_bytes(path, source, what), source)
    first_line = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first_line.count)  # Excel in many locales uses ';'
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    records: list[Record] = []
    append, strip = records.append, str.strip
    try:
        for number, row in enumerate(reader, start=1):
            append((number, list(map(strip, row))))
    except csv.Error as exc:
        raise InputError(
            [
                Problem(
                    source,
                    f"row {len(records) + 1}",
                    f"cannot read this CSV row ({exc}); check for a stray quote character",
                )
            ]
        ) from None
    return records


def read_xlsx(path: Path, source: str, what: str) -> list[Record]:
    """The rows of the workbook's first sheet; `what` as for `read_csv`."""
    raw = read_bytes(path, source, what)
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(raw), data_only=True)
    except Exception:  # a damaged or non-xlsx file: zip, XML and key errors alike
        raise InputError(
            [
                Problem(
                    source,
                    FILE,
                    "not a readable .xlsx workbook; save it from Excel or LibreOffice as "
                    "'Excel Workbook (.xlsx)'",
                )
            ]
        ) from None
    try:
        sheet = workbook.worksheets[0]
        rows = sheet.iter_rows(min_row=1, min_col=1, values_only=True)
        return [(number, [cell_text(v) for v in row]) for number, row in enumerate(rows, start=1)]
    finally:
        workbook.close()


def cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, datetime):
        if value.time() == time(0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return num(value) if value.is_integer() else repr(value)
    return str(value).strip()


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(ord("A") + rem) + letters
    return letters


def header_name(name: str) -> str:
    """A header as a column name: 'Person ID', 'person-id' -> 'person_id'."""
    return re.sub(r"[\s-]+", "_", name.strip().lower())


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while a large table is read.

    Reading allocates millions of small lists and dicts and no reference cycles; the collector
    would walk them all again and again (about a third of the time for 360,000 rows).
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
