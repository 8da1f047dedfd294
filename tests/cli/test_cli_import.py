"""`rung import FILE [--people FILE] [--dry-run]`: exit codes, messages, nothing written."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from rung.cli.main import cli
from rung.web.assessments.models import Score
from rung.web.people.models import Person

pytestmark = pytest.mark.django_db

RATINGS = "person_id,person_name,level,competency,rater,rater_name,score,assessed_on,manager"


def write(path: Path, *lines: str) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    people = write(tmp_path / "people.csv", "person_id,person_name,role",
                   "lee,Lee Park,manager")
    ratings = write(tmp_path / "ratings.csv", RATINGS,
                    "ana,Ana Silva,pm,execution,self,,3,2026-11-02,lee",
                    "ana,Ana Silva,pm,execution,manager,Lee Park,2.5,2026-11-02,lee")
    return ratings, people


def run(*args: Any) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["import", *map(str, args)])
    return result.exit_code, result.stdout, result.stderr


def test_import_prints_a_summary_and_a_second_run_changes_nothing(files: tuple[Path, Path]):
    ratings, people = files
    code, out, _ = run(ratings, "--people", people)
    assert code == 0
    assert out.strip() == ("people: 2 created, 0 updated, 0 unchanged; assessments: 1 created, "
                           "0 updated, 0 unchanged; scores: 2 created, 0 updated, 0 unchanged; "
                           "0 evidence note(s) added")
    assert Person.objects.get(slug="ana").manager == Person.objects.get(slug="lee")
    code, out, _ = run(ratings, "--people", people)
    assert code == 0
    assert "people: 0 created, 0 updated, 2 unchanged" in out
    assert "scores: 0 created, 0 updated, 2 unchanged" in out


def test_bad_input_exits_2_lists_every_problem_and_writes_nothing(tmp_path: Path):
    ratings = write(tmp_path / "ratings.csv", RATINGS,
                    "ana,Ana Silva,pm,execution,self,,9,2026-11-02,nobody",
                    "bo,Bo Chen,pm,execution,chef,,3,2026-11-02,")
    code, out, err = run(ratings)
    assert code == 2
    assert out == ""
    lines = err.strip().splitlines()
    assert [line.split(": ")[2] for line in lines[:3]] == [
        "row 2, column score", "row 2, column manager", "row 3, column rater"]
    assert all(line.startswith(f"error: {ratings}: ") for line in lines[:3])
    assert "manager 'nobody' is neither in this file nor in rung" in lines[1]
    assert lines[-1] == "3 problems found; nothing was written."
    assert not Person.objects.exists()
    assert not Score.objects.exists()


def test_dry_run_checks_and_counts_without_writing(files: tuple[Path, Path]):
    ratings, people = files
    code, out, _ = run(ratings, "--people", people, "--dry-run")
    assert code == 0
    assert out.startswith("Dry run, nothing written. people: 2 created")
    assert not Person.objects.exists()


def test_a_missing_file_is_bad_input(tmp_path: Path):
    code, _, err = run(tmp_path / "nope.csv")
    assert code == 2
    assert "nope.csv" in err
    assert "nothing was written" in err


def test_without_any_file_it_is_a_usage_error():
    code, _, err = run()
    assert code == 2
    assert "give FILE" in err


def test_help_documents_the_format_and_options():
    result = CliRunner().invoke(cli, ["import", "--help"])
    assert result.exit_code == 0
    for words in ("--people", "--dry-run", "manager", "All or nothing", "no password"):
        assert words in result.output
