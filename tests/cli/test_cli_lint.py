"""`rung lint`: today's date, `--explain`, documents that are not a plan, spreadsheets."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from rung.cli.main import cli

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
DOCS = ROOT / "docs" / "examples"
CORPUS = ROOT / "tests" / "fixtures" / "plans"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_a_plan_started_in_2020_no_longer_lints_clean(tmp_path: Path) -> None:
    plan = tmp_path / "old.md"
    code, _, _ = run("plan", str(EXAMPLES / "engineer-to-apm.yaml"), "--start", "2020-01-06",
                     "-o", str(plan))
    assert code == 0
    code, out, _ = run("lint", str(plan))  # today's date, whatever it is: 2020 is long gone
    assert code == 1
    assert "error R034 Cycle already over" in out
    assert "2020-04-04" in out

    code, out, _ = run("lint", str(plan), "--today", "2020-01-20")
    assert code == 0
    assert "warning R033" in out
    code, out, _ = run("lint", str(plan), "--today", "2020-01-06")
    assert code == 0
    assert out.strip().endswith("0 error(s), 0 warning(s)")


def test_a_bad_today_is_a_clear_error() -> None:
    code, _, err = run("lint", str(CORPUS / "g01-bullets-labelled.md"), "--today", "05/01/2027")
    assert code == 2
    assert "--today" in err
    assert "YYYY-MM-DD" in err


def test_explain_prints_the_rationale_and_both_examples() -> None:
    code, out, _ = run("lint", "--explain", "R024")
    assert code == 0
    assert out.startswith("R024 (error): Diverging scores averaged instead of calibrated")
    assert "Why:" in out
    assert "Fails:" in out
    assert "Passes:" in out
    assert "3 (averaged)" in out
    for spelling in ("r6", "6", "R006", " r006 "):
        code, out, _ = run("lint", "--explain", spelling)
        assert code == 0
        assert out.startswith("R006 (error)")


def test_explaining_an_unknown_rule_lists_the_rules() -> None:
    code, _, err = run("lint", "--explain", "R999")
    assert code == 2
    assert "unknown rule 'R999'" in err
    assert "R001 to R034" in err


def test_lint_needs_a_file_or_a_rule_to_explain() -> None:
    code, _, err = run("lint")
    assert code == 2
    assert "give a plan FILE" in err
    assert "--explain" in err


def test_rungs_coaching_pack_is_recognised_and_its_plan_linted() -> None:
    code, out, err = run("lint", str(DOCS / "coaching-pack-pat-morgan.md"), "--today",
                         "2027-01-04")
    assert code == 0, out
    assert "coaching pack, not a single-cycle plan" in err
    # Pat's file names nobody who fits organizational influence: the pack asks for a person.
    assert out.strip().endswith("0 error(s), 1 warning(s)")
    assert "warning R026" in out

    code, out, err = run("lint", str(DOCS / "coaching-plan-non-hr-pat-morgan.md"), "--today",
                         "2027-01-04")
    assert code == 0, out
    assert "non-HR coaching plan" in err
    assert "assessment" in err


def test_a_document_that_is_not_a_plan_is_refused_with_a_clear_message() -> None:
    code, out, err = run("lint", str(DOCS / "README.md"))
    assert code == 2
    assert out == ""
    assert "does not look like a development plan" in err
    assert "README.md" in err
    assert "Traceback" not in err


def test_a_spreadsheet_saved_as_csv_is_linted_with_row_numbers() -> None:
    code, out, _ = run("lint", str(CORPUS / "b07-spreadsheet-bad.csv"), "--today", "2027-01-04")
    assert code == 1
    assert "b07-spreadsheet-bad.csv: row 6: error R027" in out
    code, out, _ = run("lint", str(CORPUS / "g06-spreadsheet.csv"), "--today", "2027-01-04")
    assert code == 0
    assert out.strip().endswith("0 error(s), 0 warning(s)")
