"""Hostile dates and files on the command line: exit 2 with one clear message, never a hang,
a MemoryError or a traceback."""

from __future__ import annotations

import json
import os
import zipfile
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from rung.cli.main import cli

from hostile import sparse_xlsx

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = str(ROOT / "examples" / "apm-b2b-saas.yaml")
RANGE = "(1970-01-01 to 2200-12-31)"


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout + result.stderr


@pytest.mark.parametrize("start", ["0001-01-01", "0001-03-31", "9999-12-31", "1969-12-31"])
def test_plan_with_a_start_outside_the_supported_dates_exits_2_naming_the_range(start: str):
    code, out = run("plan", EXAMPLE, "--start", start)
    assert code == 2
    assert f"--start: value: {start} is outside the dates rung supports {RANGE}" in out
    assert "Traceback" not in out


def test_lint_with_a_far_today_exits_2(tmp_path: Path):
    code, out = run("lint", EXAMPLE, "--today", "9999-12-31")
    assert code == 2
    assert f"--today: value: 9999-12-31 is outside the dates rung supports {RANGE}" in out


def test_an_assessment_dated_outside_the_range_is_a_problem_at_its_field(tmp_path: Path):
    path = tmp_path / "old.yaml"
    path.write_text(Path(EXAMPLE).read_text(encoding="utf-8").replace(
        "assessed_on: 2026-", "assessed_on: 1066-"), encoding="utf-8")
    code, out = run("plan", str(path), "--start", "2027-01-04")
    assert code == 2
    assert f"1066-11-09 is outside the dates rung supports {RANGE}" in out


@pytest.mark.parametrize("command", [("plan",), ("lint",), ("frameworks", "validate")])
def test_dev_zero_and_a_fifo_are_refused_at_once(tmp_path: Path, command: tuple[str, ...]):
    zero = tmp_path / "zero.yaml"
    zero.symlink_to("/dev/zero")
    fifo = tmp_path / "fifo.yaml"
    os.mkfifo(fifo)
    for path in (zero, fifo):
        code, out = run(*command, str(path))
        assert code == 2
        assert "not a regular file (a device, pipe or socket)" in out


def test_plan_of_a_sparse_workbook_is_refused_naming_the_column_limit(tmp_path: Path):
    code, out = run("plan", str(sparse_xlsx(tmp_path / "sparse.xlsx")))
    assert code == 2
    assert "sparse.xlsx: row 1048576: a value in column 16,384 is past the limit" in out


def test_deeply_nested_json_is_one_problem_not_a_recursion_error(tmp_path: Path):
    path = tmp_path / "deep.json"
    path.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    for command in (("plan",), ("frameworks", "validate"), ("lint",)):
        code, out = run(*command, str(path))
        assert code == 2, (command, out)
        assert "Traceback" not in out


def test_a_zip_that_is_not_a_workbook_is_refused(tmp_path: Path):
    path = tmp_path / "team.xlsx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("hello.txt", "hi")
    code, out = run("plan", str(path))
    assert code == 2
    assert "not a readable .xlsx workbook" in out


def test_a_line_break_in_a_name_stays_inside_the_calendar_name(tmp_path: Path):
    text = Path(EXAMPLE).read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    data["person"]["name"] = "Riley\r\nBEGIN:VEVENT"
    path = tmp_path / "riley.json"
    path.write_text(json.dumps(data, default=str), encoding="utf-8")
    code, out = run("plan", str(path), "--start", "2027-01-04", "--format", "ics")
    assert code == 0, out[-2000:]
    assert "X-WR-CALNAME:Development plan: Riley\\nBEGIN:VEVENT" in out


# A path component longer than any file system allows: Path.exists() and is_dir() raise
# OSError (ENAMETOOLONG) rather than answer False.
TOO_LONG = "x" * 300


@pytest.mark.parametrize("args", [
    ("frameworks", "show", TOO_LONG),
    ("plan", EXAMPLE, "--framework", TOO_LONG),
])
def test_a_framework_name_no_file_could_have_is_an_unknown_framework(args: tuple[str, ...]):
    code, output = run(*args)
    assert code == 2
    assert "unknown framework" in output
    assert "Traceback" not in output


@pytest.mark.parametrize("args", [
    ("plan", EXAMPLE, "-o", "OUT/" + TOO_LONG + ".md"),
    ("plan", EXAMPLE, "-o", "/proc/not-writable.md"),
    ("frameworks", "import", str(ROOT / "tests/fixtures/external/monzo-progression-framework/"
                                 "frameworks/product.md"), "-o", "OUT/" + TOO_LONG + ".yaml"),
])
def test_an_output_path_that_cannot_be_written_is_one_message(tmp_path: Path,
                                                              args: tuple[str, ...]):
    code, output = run(*(a.replace("OUT", str(tmp_path)) for a in args))
    assert code == 2
    assert "-o: value: cannot write" in output
    assert "choose another path" in output
    assert "Traceback" not in output


def test_a_batch_folder_no_file_system_could_hold_is_one_message(tmp_path: Path):
    code, output = run("plan", "--batch", EXAMPLE, "-o", f"{tmp_path}/{TOO_LONG}/")
    assert code == 2
    assert "cannot use this path (File name too long)" in output
    assert "Traceback" not in output
