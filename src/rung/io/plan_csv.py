"""Read a plan kept in a spreadsheet and saved as CSV.

Spreadsheet plans mix two kinds of rows: a few 'label, value' rows ('Cycle, 2027-01-04 →
2027-04-02', 'Assessed on, 2026-12-14') and blocks of rows under a header row (the focus-area
table, a calendar, a score table). Each block becomes a table and each short row a line of an
`Outline`, so the Markdown plan reader reads it with the same heuristics. Places are rows:
`row 7` is the spreadsheet's row 7.
"""

from __future__ import annotations

import csv
import io

from rung.core.lint.document import PlanDoc
from rung.io.markdown_outline import Entry, Outline, Table
from rung.io.plan_markdown import read_plan_outline

# Rows with this many filled cells or more belong to a table; fewer are 'label, value' lines.
_TABLE_CELLS = 3


def parse_csv_plan(text: str, source: str, *, delimiter: str = ",") -> PlanDoc:
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=delimiter))
    outline = Outline(line_count=len(rows))
    block: list[tuple[int, tuple[str, ...]]] = []
    for n, row in enumerate([*rows, []]):
        cells = tuple(c.strip() for c in row)
        while cells and not cells[-1]:
            cells = cells[:-1]
        filled = [c for c in cells if c]
        if len(filled) >= _TABLE_CELLS:
            block.append((n, cells))
            continue
        if block:
            _add_table(outline, block)
            block = []
        if filled:
            outline.entries.append(Entry(((n, ": ".join(filled)),), item=False, depth=0))
    return read_plan_outline(outline, source, raw=text, unit="row")


def _add_table(outline: Outline, block: list[tuple[int, tuple[str, ...]]]) -> None:
    (line, header), rows = block[0], block[1:]
    width = len(header)
    padded = tuple((n, cells + ("",) * (width - len(cells))) for n, cells in rows)
    outline.tables.append(Table(header, padded, line, block[-1][0] + 1))
