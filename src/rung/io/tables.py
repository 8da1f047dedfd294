"""Spreadsheets as rows of text: CSV (any of , ; tab) and the first sheet of an XLSX.

Row numbers are the ones a spreadsheet shows (the header is row 1); every cell is stripped
text ('' when blank), so the readers above never see a number, a date or None.
"""

from __future__ import annotations

import csv
import gc
import io
import re
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from rung.core.errors import InputError, Problem

from .files import decode_utf8, read_bytes
from .limits import LIMITS, Limits, TableBudget, bytes_limit_error
from .wording import FILE, num

Record = tuple[int, list[str]]  # (row number as the spreadsheet shows it, cells)


def read_csv(path: Path, source: str, what: str, limits: Limits = LIMITS) -> list[Record]:
    """The rows of a CSV file; `what` names the expected content for an empty file."""
    text = decode_utf8(read_bytes(path, source, what, limits.table_bytes), source)
    first_line = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first_line.count)  # Excel in many locales uses ';'
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    budget = TableBudget(source, limits)
    records: list[Record] = []
    append, strip = records.append, str.strip
    try:
        for number, row in enumerate(reader, start=1):
            budget.row(number, len(row))
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


def read_xlsx(path: Path, source: str, what: str, limits: Limits = LIMITS) -> list[Record]:
    """The rows of the workbook's first sheet; `what` as for `read_csv`."""
    with open_workbook(path, source, what, limits) as workbook:
        return read_sheet(workbook.worksheets[0], source, limits)


@contextmanager
def open_workbook(path: Path, source: str, what: str, limits: Limits = LIMITS) -> Iterator[Any]:
    """The workbook in read-only mode (rows are parsed as they are asked for, nothing is
    filled in), closed afterwards; a damaged, non-xlsx or zip-bombed file is an InputError."""
    raw = read_bytes(path, source, what, limits.table_bytes)
    from openpyxl import load_workbook

    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
        if unpacked > limits.unpacked_bytes:
            raise bytes_limit_error(source, limits.unpacked_bytes)
        workbook = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except InputError:
        raise
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
        yield workbook
    finally:
        workbook.close()


def read_sheet(sheet: Any, source: str, limits: Limits = LIMITS) -> list[Record]:
    """The non-blank rows of a read-only worksheet, each as wide as its last non-blank cell.

    The sheet's stated dimensions are ignored: a file that claims A1:XFD1048576 would have
    every row padded to 16,384 cells. Caps are checked row by row as the XML is parsed.
    """
    sheet.reset_dimensions()
    budget = TableBudget(source, limits)
    records: list[Record] = []
    try:
        for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
            width = len(row)
            while width and row[width - 1] is None:
                width -= 1
            budget.row(number, width)
            if width:
                records.append((number, [cell_text(row[i]) for i in range(width)]))
    except InputError:
        raise
    except Exception:  # malformed XML inside a readable zip
        raise InputError([Problem(source, f"row {len(records) + 1}", (
            "this row of the workbook cannot be read; save it again from Excel or "
            "LibreOffice as 'Excel Workbook (.xlsx)'"))]) from None
    return records


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
