"""Cells a spreadsheet will not run: text that begins like a formula (= + - @, a tab or a
carriage return) is written as plain text, so a person named '=HYPERLINK(...)' or a
competency called '+cmd' stays words in Excel, LibreOffice and Google Sheets.

- XLSX: such text is a string cell with Excel's own "quote prefix" flag: it shows and reads
  back unchanged (rung's own upload sees the same text), and stays text when someone edits it.
- CSV: the text gets a leading apostrophe (the OWASP advice), since a CSV has no cell types.
- Numbers, dates and booleans are written as they are: -1 is a number, never a formula; only
  text is neutralised (so '-1' typed as text stays the text '-1').
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r")


def formula_like(value: object) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_LEADS)


def csv_cell(value: Any) -> Any:
    """The value for a CSV writer: formula-like text behind an apostrophe."""
    return "'" + value if formula_like(value) else value


def append_row(sheet: Any, values: Iterable[Any]) -> None:
    """Append a row to an openpyxl worksheet, formula-like text as quoted plain text."""
    values = list(values)
    sheet.append(values)
    row = sheet.max_row
    for column, value in enumerate(values, start=1):
        if formula_like(value):
            cell = sheet.cell(row=row, column=column)
            cell.data_type = "s"  # openpyxl would store '=...' as a formula
            cell.quotePrefix = True
