"""Every input file is read within caps (bytes, rows, columns, cells, seconds) checked while it
is read: no file can hold a worker or exhaust memory, and each refusal names file and limit."""

from __future__ import annotations

import os
import tracemalloc
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import Workbook
from openpyxl.styles import Font

from rung.core.errors import InputError, Problem
from rung.io import tables
from rung.io.assessments import load_assessments
from rung.io.frameworks import load_framework
from rung.io.limits import PROGRESS_ROWS, READ_PROGRESS, Limits
from rung.io.org_people import read_org

from hostile import HEADER, sparse_xlsx


def refusal(read: Callable[..., object], *args: object, **kwargs: object) -> Problem:
    with pytest.raises(InputError) as exc:
        read(*args, **kwargs)
    assert len(exc.value.problems) == 1, exc.value.problems
    return exc.value.problems[0]


def test_a_sparse_xlsx_is_refused_with_the_column_cap_named_in_little_memory(tmp_path: Path):
    # No time bound here (benchmarks live in bench/): the memory is the deterministic
    # witness, since filling the claimed 17 billion empty cells is what took 3.7 GB.
    path = sparse_xlsx(tmp_path / "sparse.xlsx")
    assert path.stat().st_size < 2000
    tracemalloc.start()
    try:
        problem = refusal(load_assessments, path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert (problem.source, problem.where) == (str(path), "row 1048576")
    assert "column 16,384 is past the limit of 256 columns" in problem.message
    assert peak < 50 * 1024 * 1024


def test_a_far_cell_within_the_column_cap_reads_without_filling_empty_cells(tmp_path: Path):
    records = tables.read_xlsx(sparse_xlsx(tmp_path / "far.xlsx", "J1048576"), "far.xlsx", "x")
    assert records == [(1, list(HEADER)), (1048576, [""] * 9 + ["1"])]


def test_the_organisation_import_reader_applies_the_same_caps(tmp_path: Path):
    path = sparse_xlsx(tmp_path / "org.xlsx")
    read = read_org((path, "org.xlsx"), None, frameworks=lambda key: load_framework(key),
                    known_frameworks=("pm-quadrants",))
    assert [(p.source, p.where) for p in read.problems] == [("org.xlsx", "row 1048576")]
    assert "256 columns" in read.problems[0].message


def workbook(path: Path, rows: int, columns: int = 3) -> Path:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for r in range(rows):
        sheet.append([f"r{r}c{c}" for c in range(columns)])
    book.save(path)
    return path


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_a_table_past_the_row_cap_is_refused_at_the_first_row_too_many(
        tmp_path: Path, suffix: str):
    path = tmp_path / f"t{suffix}"
    if suffix == ".csv":
        path.write_text("a,b\n" * 6, encoding="utf-8")
    else:
        workbook(path, 6)
    read = tables.read_csv if suffix == ".csv" else tables.read_xlsx
    problem = refusal(read, path, "t", "x", Limits(rows=5))
    assert (problem.where, problem.message) == (
        "row 6", "the table has more than 5 rows, the limit; split the file")


def test_a_table_past_the_cell_cap_is_refused_naming_the_cap(tmp_path: Path):
    problem = refusal(tables.read_xlsx, workbook(tmp_path / "t.xlsx", 4, 3), "t", "x",
                      Limits(cells=10))
    assert (problem.where, problem.message) == (
        "row 4", "the table has more than 10 cells, the limit; split the file")


def test_a_table_that_reads_past_its_time_budget_is_refused(tmp_path: Path):
    path = tmp_path / "slow.csv"
    path.write_text("a,b\n" * 5000, encoding="utf-8")
    problem = refusal(tables.read_csv, path, "slow.csv", "x", Limits(seconds=-1))
    assert problem.where == "row 4096"
    assert "longer than -1 seconds" in problem.message


def test_a_file_past_the_byte_cap_is_refused_naming_the_limit(tmp_path: Path):
    path = tmp_path / "big.csv"
    path.write_bytes(b"a,b\n" * (1024 * 1024))
    problem = refusal(tables.read_csv, path, "big.csv", "x", Limits(table_bytes=1024 * 1024))
    assert (problem.source, problem.where) == ("big.csv", "file")
    assert problem.message == ("the file is too large to read; the limit is 1 MB: split it "
                               "into smaller files")


def test_an_xlsx_that_unzips_past_the_cap_is_refused_before_parsing(tmp_path: Path):
    path = workbook(tmp_path / "bomb.xlsx", 200, 20)
    problem = refusal(tables.read_xlsx, path, "bomb.xlsx", "x", Limits(unpacked_bytes=1000))
    assert "the file is too large to read; the limit is 0 MB" in problem.message


def test_a_damaged_row_inside_a_readable_workbook_is_one_problem_naming_the_row(
        tmp_path: Path):
    sheet = ('<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/'
             'spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="n"><v>abc</v></c>'
             "</row></sheetData></worksheet>")
    good = sparse_xlsx(tmp_path / "good.xlsx", "B2")
    path = tmp_path / "bad.xlsx"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(path, "w") as out:
        for info in src.infolist():
            damaged = info.filename == "xl/worksheets/sheet1.xml"
            out.writestr(info.filename, sheet if damaged else src.read(info))
    problem = refusal(tables.read_xlsx, path, "bad.xlsx", "x")
    assert (problem.where, problem.message) == ("row 1", (
        "this row of the workbook cannot be read; save it again from Excel or LibreOffice "
        "as 'Excel Workbook (.xlsx)'"))


@pytest.mark.parametrize("name", ["zero.csv", "zero.yaml", "zero.xlsx"])
def test_a_device_as_input_is_refused_at_once_never_read(tmp_path: Path, name: str):
    link = tmp_path / name
    link.symlink_to("/dev/zero")
    problem = refusal(load_assessments, link)
    assert problem.message.startswith("not a regular file (a device, pipe or socket)")


def test_a_fifo_as_input_is_refused_instead_of_waiting_for_a_writer(tmp_path: Path):
    fifo = tmp_path / "team.csv"
    os.mkfifo(fifo)
    problem = refusal(load_assessments, fifo)
    assert problem.source == str(fifo)
    assert "not a regular file" in problem.message


def test_formatted_empty_cells_right_of_the_table_neither_count_nor_pad_rows(tmp_path: Path):
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["person_id", "score"])
    sheet["XFD1"].font = Font(bold=True)  # styled, no value: stored as an empty cell
    book.save(tmp_path / "styled.xlsx")
    assert tables.read_xlsx(tmp_path / "styled.xlsx", "styled.xlsx", "x") == [
        (1, ["person_id", "score"])]


def test_a_table_being_read_tells_its_progress_every_few_thousand_rows(tmp_path: Path):
    path = tmp_path / "long.csv"
    path.write_text("a,b\n" + "1,2\n" * (2 * PROGRESS_ROWS + 10), encoding="utf-8")
    told: list[tuple[str, int]] = []
    token = READ_PROGRESS.set(lambda source, rows: told.append((source, rows)))
    try:
        tables.read_csv(path, "long.csv", "x")
    finally:
        READ_PROGRESS.reset(token)
    assert told == [("long.csv", PROGRESS_ROWS), ("long.csv", 2 * PROGRESS_ROWS)]


def test_nobody_listening_is_the_default() -> None:
    assert READ_PROGRESS.get() is None
