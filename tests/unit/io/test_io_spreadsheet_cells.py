"""Spreadsheet cells that cannot run: formula-like text is written as plain text (XLSX: a
quoted string cell; CSV: a leading apostrophe); numbers stay numbers."""

from __future__ import annotations

import io
import zipfile

import pytest
from openpyxl import Workbook, load_workbook

from rung.io.spreadsheet_cells import append_row, csv_cell, formula_like

HOSTILE = ['=HYPERLINK("http://evil.example","click")', "+cmd|' /C calc'!A0", "-2+3",
           "@SUM(A1:A2)", "\t=1+1", "\r=1+1"]


@pytest.mark.parametrize("text", HOSTILE)
def test_text_that_begins_like_a_formula_is_recognised(text: str):
    assert formula_like(text)


@pytest.mark.parametrize("value", ["Pat Quinn", " =1", "", -1, 2.5, None, "user-research"])
def test_ordinary_text_and_every_number_are_left_alone(value: object):
    assert not formula_like(value)
    assert csv_cell(value) == value


@pytest.mark.parametrize("text", HOSTILE)
def test_a_csv_cell_gets_a_leading_apostrophe(text: str):
    assert csv_cell(text) == "'" + text


def saved(values: list[object]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    append_row(sheet, values)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_an_xlsx_row_holds_no_formula_and_reads_back_unchanged():
    raw = saved([*HOSTILE, -1, 2.5])
    with zipfile.ZipFile(io.BytesIO(raw)) as z:
        assert "<f>" not in z.read("xl/worksheets/sheet1.xml").decode()
    sheet = load_workbook(io.BytesIO(raw)).active
    assert sheet is not None
    [cells] = sheet.iter_rows()
    # XML itself reads a bare carriage return as a line feed.
    assert [c.value for c in cells] == [*(t.replace("\r", "\n") for t in HOSTILE), -1, 2.5]
    assert [c.data_type for c in cells] == ["s"] * len(HOSTILE) + ["n", "n"]
    assert [bool(c.quotePrefix) for c in cells] == [True] * len(HOSTILE) + [False, False]
