"""The organisation commands through Click: `run_batch` (behind `rung plan --batch`) and
`rung frameworks import`."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import click
import pytest
import yaml
from click.testing import CliRunner

import rung.cli.org as org_cli
from rung import batch
from rung.cli.frameworks import frameworks_import_cmd
from rung.cli.main import cli
from rung.cli.org import batch_option, run_batch

from factories import MONZO

MONZO_PRODUCT = MONZO / "product.md"
COMPETENCIES = ["user-research", "execution", "roadmapping", "product-strategy"]
HEADER = ["person_id", "person_name", "level", "competency", "rater", "rater_name", "score",
          "assessed_on"]
SMALL = """\
---
title: "🧪 Small"
levels: 2
topics:
  - name: "focus"
    title: "🎯 Focus"
    content:
      - level: 1
        criteria: ["Says no to most things."]
---
"""


@click.command("plan")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False), required=False)
@batch_option
@click.option("-o", "--output", type=click.Path(path_type=Path))
@click.option("--start", "start_text")
@click.option("--format", "fmt", default="md")
@click.option("--holidays", "country")
@click.option("--framework", "framework_ref")
def plan_stub(file: Path | None, batch_file: Path | None, output: Path | None,
              start_text: str | None, fmt: str, country: str | None,
              framework_ref: str | None) -> None:
    """How main.py wires `rung plan --batch ORG -o DIR` (the single-plan path is not here)."""
    assert batch_file is not None
    run_batch(batch_file, output, start_text, fmt, country, framework_ref)


def invoke(command: click.Command, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(command, list(args))
    return result.exit_code, result.stdout, result.stderr


def write_org(path: Path, people: dict[str, float], *, bad: dict[int, tuple[int, str]] | None
              = None) -> Path:
    rows = []
    for pid, base in people.items():
        for i, comp in enumerate(COMPETENCIES):
            score = str(min(5.0, base + i * 0.5))
            rows.append([pid, pid.title(), "pm", comp, "self", "", score, "2026-11-02"])
            rows.append([pid, pid.title(), "pm", comp, "manager", "Morgan", score, "2026-11-02"])
    for index, (column, value) in (bad or {}).items():
        rows[index][column] = value
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(HEADER)
        writer.writerows(rows)
    return path


# --- batch ------------------------------------------------------------------------------------


def test_batch_writes_every_plan_and_prints_one_summary_line(tmp_path: Path):
    org = write_org(tmp_path / "org.csv", {"ana": 1.0, "ben": 2.0, "cy": 0.5})
    out = tmp_path / "plans"
    code, stdout, stderr = invoke(plan_stub, "--batch", str(org), "-o", str(out),
                                  "--start", "2026-11-30")
    assert code == 0, stderr
    assert sorted(p.name for p in out.iterdir()) == ["ana.md", "ben.md", "cy.md"]
    lines = stdout.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"3 plans in {out}/ (3 written, 0 unchanged) in ")
    # The org file names no feedback people, so each plan asks for one to be named (R026).
    assert lines[0].endswith("lint: 0 with errors, 3 with warnings")
    assert stderr == ""  # no progress bar when not on a terminal


def test_batch_reports_unchanged_files_on_a_second_run(tmp_path: Path):
    org = write_org(tmp_path / "org.csv", {"ana": 1.0, "ben": 2.0})
    args = ("--batch", str(org), "-o", str(tmp_path / "plans"), "--start", "2026-11-30")
    invoke(plan_stub, *args)
    code, stdout, _ = invoke(plan_stub, *args)
    assert code == 0
    assert "(0 written, 2 unchanged)" in stdout


def test_batch_with_bad_rows_exits_2_listing_every_row_and_writes_nothing(tmp_path: Path):
    org = write_org(tmp_path / "org.csv", {"ana": 1.0, "ben": 2.0},
                    bad={1: (6, "lots"), 9: (4, "friend"), 14: (6, "11")})
    out = tmp_path / "plans"
    out.mkdir()
    (out / "ana.md").write_text("the plan we agreed last quarter\n")
    code, stdout, stderr = invoke(plan_stub, "--batch", str(org), "-o", str(out),
                                  "--start", "2026-11-30")
    assert code == 2
    assert stdout == ""
    errors = [line for line in stderr.splitlines() if line.startswith("error: ")]
    assert [e.split(": ")[2].split(",")[0] for e in errors] == ["row 3", "row 11", "row 16"]
    assert stderr.splitlines()[-1] == "3 problems found; nothing was written."
    assert [p.name for p in out.iterdir()] == ["ana.md"]
    assert (out / "ana.md").read_text() == "the plan we agreed last quarter\n"


def test_batch_without_an_output_directory_exits_2(tmp_path: Path):
    org = write_org(tmp_path / "org.csv", {"ana": 1.0})
    code, _, stderr = invoke(plan_stub, "--batch", str(org))
    assert code == 2
    assert "give the output directory with -o DIR" in stderr


def test_batch_with_a_bad_start_date_exits_2(tmp_path: Path):
    org = write_org(tmp_path / "org.csv", {"ana": 1.0})
    code, _, stderr = invoke(plan_stub, "--batch", str(org), "-o", str(tmp_path / "p"),
                             "--start", "30/11/2026")
    assert code == 2
    assert "'30/11/2026' is not a date" in stderr
    assert not (tmp_path / "p").exists()


def test_batch_draws_a_progress_bar_on_a_terminal(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(org_cli, "is_tty", lambda: True)
    seen: list[tuple[int, int]] = []
    real = batch.build_batch

    def spy(*args: Any, progress: Any = None, **kwargs: Any) -> Any:
        assert progress is not None  # the bar's callback

        def record(done: int, total: int) -> None:
            seen.append((done, total))
            progress(done, total)

        return real(*args, progress=record, **kwargs)

    monkeypatch.setattr(batch, "build_batch", spy)
    org = write_org(tmp_path / "org.csv", {"ana": 1.0, "ben": 2.0, "cy": 3.0})
    code, stdout, _ = invoke(plan_stub, "--batch", str(org), "-o", str(tmp_path / "plans"),
                             "--start", "2026-11-30")
    assert code == 0
    assert seen == [(1, 3), (2, 3), (3, 3)]
    assert stdout.startswith("3 plans in ")


def test_the_progress_bar_callback_counts_to_the_total():
    with org_cli.progress_bar(enabled=True) as update:
        assert update is not None
        for done in range(1, 4):
            update(done, 3)
    with org_cli.progress_bar(enabled=False) as nothing:
        assert nothing is None


# --- frameworks import ------------------------------------------------------------------------


def test_import_prints_the_framework_yaml_without_an_output_file(tmp_path: Path):
    source = tmp_path / "small.md"
    source.write_text(SMALL, encoding="utf-8")
    code, stdout, stderr = invoke(frameworks_import_cmd, str(source))
    assert code == 0
    assert stdout.startswith("# Small: imported by `rung frameworks import` from small.md")
    assert yaml.safe_load(stdout)["competencies"][0]["id"] == "focus"
    assert "1 competencies, 2 levels imported; 6 TODOs to fill in" in stderr


def test_import_writes_the_output_file_and_validate_then_lists_every_todo(tmp_path: Path):
    source = tmp_path / "small.md"
    source.write_text(SMALL, encoding="utf-8")
    out = tmp_path / "small.yaml"
    code, stdout, _ = invoke(frameworks_import_cmd, str(source), "-o", str(out), "--id",
                             "acme")
    assert code == 0
    assert "6 TODOs to fill in" in stdout
    assert f"check {out} with" in stdout
    assert yaml.safe_load(out.read_text(encoding="utf-8"))["id"] == "acme"
    code, _, stderr = invoke(cli, "frameworks", "validate", str(out))
    assert code == 2
    todos = [line for line in stderr.splitlines() if "placeholder left to fill in" in line]
    assert [t.split(": ")[2] for t in todos] == [
        "competencies[0].quadrant.altitude",
        "competencies[0].quadrant.facing",
        "targets.l1.focus.score",
        "targets.l1.focus.must_have",
        "targets.l2.focus.score",
        "targets.l2.focus.must_have",
    ]


def test_import_will_not_overwrite_a_file_without_force(tmp_path: Path):
    source = tmp_path / "small.md"
    source.write_text(SMALL, encoding="utf-8")
    out = tmp_path / "small.yaml"
    out.write_text("# my filled-in framework\n")
    code, _, stderr = invoke(frameworks_import_cmd, str(source), "-o", str(out))
    assert code == 2
    assert "add --force to overwrite it" in stderr
    assert out.read_text() == "# my filled-in framework\n"
    code, _, _ = invoke(frameworks_import_cmd, str(source), "-o", str(out), "--force")
    assert code == 0
    assert out.read_text().startswith("# Small: imported")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("-o", "fw.json"), "a framework file ends in .yaml or .yml"),
        (("--id", "Bad Id"), "'Bad Id' is not a valid id"),
    ],
)
def test_import_rejects_bad_options_with_exit_2(tmp_path: Path, args: tuple[str, ...],
                                                message: str):
    source = tmp_path / "small.md"
    source.write_text(SMALL, encoding="utf-8")
    args = tuple(str(tmp_path / a) if a.endswith(".json") else a for a in args)
    code, stdout, stderr = invoke(frameworks_import_cmd, str(source), *args)
    assert code == 2
    assert message in stderr
    assert stdout == ""
    assert not (tmp_path / "fw.json").exists()


def test_import_of_a_file_that_is_not_a_progression_framework_exits_2(tmp_path: Path):
    source = tmp_path / "notes.md"
    source.write_text("# Notes\nnothing here\n", encoding="utf-8")
    code, _, stderr = invoke(frameworks_import_cmd, str(source), "-o", str(tmp_path / "x.yaml"))
    assert code == 2
    assert "no YAML front matter" in stderr
    assert not (tmp_path / "x.yaml").exists()


def test_import_of_a_missing_file_exits_2(tmp_path: Path):
    code, _, stderr = invoke(frameworks_import_cmd, str(tmp_path / "nope.md"))
    assert code == 2
    assert "nothing was written" in stderr


def test_import_of_the_monzo_product_framework_end_to_end(tmp_path: Path):
    out = tmp_path / "product.yaml"
    code, stdout, _ = invoke(frameworks_import_cmd, str(MONZO_PRODUCT), "-o", str(out))
    assert code == 0
    assert "7 competencies, 4 levels imported; 70 TODOs to fill in" in stdout
    assert "Monzo Bank Limited" in out.read_text(encoding="utf-8")


def test_every_command_has_help():
    for command in (frameworks_import_cmd,):
        assert command.help
        assert len(command.help) > 40
        assert all(p.help for p in command.params if isinstance(p, click.Option))
    assert batch_option is not None
    assert org_cli.BATCH_HELP
