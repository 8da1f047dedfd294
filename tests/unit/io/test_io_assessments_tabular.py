"""Long-form assessments in CSV and XLSX: one score per row, many people per file."""

from __future__ import annotations

import csv
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook

from rung.core.assessment import Person, Rating
from rung.core.errors import InputError, Problem
from rung.io.assessments import load_assessments

FIXTURES = Path(__file__).parent / "fixtures"
TINY = str(FIXTURES / "tiny-framework.yaml")
HEADER = ",".join(
    [
        "person_id",
        "person_name",
        "level",
        "target_level",
        "competency",
        "rater",
        "rater_name",
        "score",
        "assessed_on",
        "evidence",
    ]
)


def csv_file(tmp_path: Path, *lines: str, header: str = HEADER, name: str = "team.csv") -> Path:
    path = tmp_path / name
    path.write_text("\n".join([header, *lines]) + "\n", encoding="utf-8")
    return path


def problems(path: Path) -> list[Problem]:
    with pytest.raises(InputError) as exc:
        load_assessments(path, framework_override=TINY)
    return exc.value.problems


def at(found: list[Problem], where: str) -> str:
    matching = [p.message for p in found if p.where == where]
    assert len(matching) == 1, [str(p) for p in found]
    return matching[0]


TEAM = (
    "alex,Alex Rivera,pm,senior-pm,user-research,self,,3,2026-11-02,",
    "alex,Alex Rivera,pm,senior-pm,user-research,manager,Jordan Lee,2.5,2026-11-02,"
    '"Ran 4 interviews, all scripted"',
    "alex,Alex Rivera,pm,senior-pm,delivery,manager,Jordan Lee,3,2026-11-02,",
    "alex,Alex Rivera,pm,senior-pm,delivery,peer,Sam,4,2026-11-02,",
    "alex,Alex Rivera,pm,senior-pm,delivery,peer,,3,2026-11-02,",
    "kim,Kim Park,,,delivery,self,,2,2026-11-03,",
    "kim,Kim Park,,,delivery,manager,,1,2026-11-03,Missed two release dates",
)


# --- happy paths -----------------------------------------------------------------------------


def test_a_csv_with_several_people_gives_one_assessment_each(tmp_path: Path) -> None:
    [(alex, fw), (kim, _)] = load_assessments(csv_file(tmp_path, *TEAM), framework_override=TINY)

    assert fw.id == "tiny"
    assert alex.person == Person("alex", "Alex Rivera", "pm", "senior-pm")
    assert alex.assessed_on == date(2026, 11, 2)
    assert alex.ratings == (
        Rating("self", {"user-research": 3.0}),
        Rating("manager", {"user-research": 2.5, "delivery": 3.0}, "Jordan Lee"),
        Rating("peer", {"delivery": 4.0}, "Sam"),
        Rating("peer", {"delivery": 3.0}),
    )
    assert alex.evidence == {"user-research": ("Ran 4 interviews, all scripted",)}
    assert kim.person == Person("kim", "Kim Park", None, None)  # career changer
    assert kim.evidence == {"delivery": ("Missed two release dates",)}


def test_the_framework_column_and_optional_person_columns(tmp_path: Path) -> None:
    path = csv_file(
        tmp_path,
        f"alex,Alex,pm,,delivery,self,,3,2026-11-02,growth,{TINY},Jordan Lee",
        header="person_id,person_name,level,target_level,competency,rater,rater_name,score,"
        "assessed_on,specialization,framework,manager",
    )

    [(alex, fw)] = load_assessments(path)

    assert fw.id == "tiny"
    assert alex.person == Person("alex", "Alex", "pm", None, "growth", "Jordan Lee")
    assert alex.manager_name() == "Jordan Lee"


def test_an_xlsx_workbook_reads_like_the_csv(tmp_path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER.split(","))
    for line in TEAM:
        row: list[Any] = next(csv.reader([line]))
        row[7] = float(row[7])  # numbers are numbers in a spreadsheet
        row[8] = datetime.fromisoformat(row[8])  # and dates are date cells
        sheet.append([cell if cell != "" else None for cell in row])
    path = tmp_path / "team.xlsx"
    workbook.save(path)

    from_xlsx = load_assessments(path, framework_override=TINY)
    from_csv = load_assessments(csv_file(tmp_path, *TEAM), framework_override=TINY)

    assert from_xlsx == from_csv


def test_xlsx_problems_use_the_sheet_row_numbers(tmp_path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(
        ["person_id", "person_name", "level", "competency", "rater", "score", "assessed_on"]
    )
    sheet.append(["alex", "Alex", "pm", "delivery", "self", 3, date(2026, 11, 2)])
    sheet.append([])
    sheet.append(["alex", "Alex", "pm", "user-research", "manager", True, date(2026, 11, 2)])
    path = tmp_path / "team.xlsx"
    workbook.save(path)

    message = at(problems(path), "row 4, column score")

    assert "not a number: 'TRUE'" in message


def test_a_damaged_xlsx_is_an_input_error(tmp_path: Path) -> None:
    path = tmp_path / "team.xlsx"
    path.write_bytes(b"PK\x03\x04 this is not really a workbook")

    (problem,) = problems(path)

    assert "not a readable .xlsx workbook" in problem.message


def test_headers_are_matched_loosely_and_semicolons_work(tmp_path: Path) -> None:
    path = tmp_path / "excel-de.csv"
    path.write_text(
        "\ufeffPerson ID;Person Name;Level;Competency;Rater;Score;Assessed On\n"
        "alex;Alex;pm;delivery;Self;3;2026-11-02\n",
        encoding="utf-8",
    )

    [(alex, _)] = load_assessments(path, framework_override=TINY)

    assert alex.ratings == (Rating("self", {"delivery": 3.0}),)


def test_a_blank_score_means_not_rated_and_may_carry_evidence(tmp_path: Path) -> None:
    path = csv_file(
        tmp_path,
        "alex,Alex,pm,,delivery,self,,3,2026-11-02,",
        "alex,Alex,pm,,user-research,self,,,2026-11-02,",
        "alex,Alex,pm,,market-insight,,,,2026-11-02,Read two analyst reports",
    )

    [(alex, _)] = load_assessments(path, framework_override=TINY)

    assert alex.ratings == (Rating("self", {"delivery": 3.0}),)
    assert alex.evidence == {"market-insight": ("Read two analyst reports",)}


# --- header problems -------------------------------------------------------------------------


def test_missing_and_unexpected_columns_are_listed(tmp_path: Path) -> None:
    path = csv_file(
        tmp_path,
        "alex,Alex,pm,delivery,self,3",
        header="person_id,name,lvl,competency,rater,scroe",
    )

    (problem,) = problems(path)

    assert problem.where == "row 1"
    assert "missing columns: person_name, level, score, assessed_on" in problem.message
    assert "unexpected columns: 'name', 'lvl' (did you mean 'level'?), 'scroe' (did you mean" in (
        problem.message
    )
    assert "Required columns: person_id, person_name, level, competency" in problem.message


def test_an_unexpected_column_alone_is_reported_with_the_rows(tmp_path: Path) -> None:
    path = csv_file(
        tmp_path,
        "alex,Alex,pm,,delivery,self,,3,2026-11-02,,hello",
        header=HEADER + ",notes",
    )

    (problem,) = problems(path)

    assert problem.where == "row 1"
    assert "unexpected columns: 'notes'" in problem.message


def test_a_column_named_twice(tmp_path: Path) -> None:
    path = csv_file(
        tmp_path, "alex,Alex,pm,,delivery,self,,3,2026-11-02,,4", header=HEADER + ",score"
    )

    message = at(problems(path), "row 1, column score")

    assert "column 'score' appears twice (columns H and K)" in message


def test_values_in_a_column_without_header(tmp_path: Path) -> None:
    path = csv_file(tmp_path, "alex,Alex,pm,,delivery,self,,3,2026-11-02,,stray")

    message = at(problems(path), "row 2, column K")

    assert "'stray' is in a column without a header" in message


# --- row problems ----------------------------------------------------------------------------


def test_row_errors_name_row_column_value_and_what_is_allowed(tmp_path: Path) -> None:
    path = csv_file(
        tmp_path,
        "alex,Alex,pm,,usr-research,self,,3,2026-11-02,",
        "alex,Alex,pm,,delivery,boss,,3,2026-11-02,",
        "alex,Alex,pm,,delivery,manager,,seven,2026-11-02,",
        "alex,Alex,pm,,market-insight,manager,,5.5,2026-11-02,",
    )

    found = problems(path)

    assert "unknown competency 'usr-research'" in at(found, "row 2, column competency")
    assert "(did you mean 'user-research'?)" in at(found, "row 2, column competency")
    assert "'boss' is not a rater role" in at(found, "row 3, column rater")
    assert "not a number: 'seven'; a score is a number from 0 to 5" in at(
        found, "row 4, column score"
    )
    assert "score 5.5 is outside the scale" in at(found, "row 5, column score")
    assert [p.where.split(",")[0] for p in found] == ["row 2", "row 3", "row 4", "row 5"]


def test_person_columns_are_checked_against_the_framework(tmp_path: Path) -> None:
    path = csv_file(tmp_path, "alex,Alex,sr-pm,principal,delivery,self,,3,02.11.2026,")

    found = problems(path)

    assert "did you mean 'senior-pm'?" in at(found, "row 2, column level")
    assert "levels: apm, pm, senior-pm" in at(found, "row 2, column target_level")
    assert "write dates as YYYY-MM-DD" in at(found, "row 2, column assessed_on")


def test_rows_of_one_person_must_agree_naming_both_rows(tmp_path: Path) -> None:
    path = csv_file(
        tmp_path,
        "alex,Alex Rivera,pm,,delivery,self,,3,2026-11-02,",
        "alex,Alex Rivera,senior-pm,,user-research,self,,3,2026-11-09,",
    )

    found = problems(path)

    assert at(found, "row 3, column level") == (
        "'senior-pm' differs from 'pm' in row 2 for person 'alex'; all rows of one person "
        "must agree on level"
    )
    assert "in row 2" in at(found, "row 3, column assessed_on")


def test_the_same_rater_scoring_a_competency_twice(tmp_path: Path) -> None:
    path = csv_file(
        tmp_path,
        "alex,Alex,pm,,delivery,self,,3,2026-11-02,",
        "alex,Alex,pm,,delivery,self,,4,2026-11-02,",
        "alex,Alex,pm,,delivery,peer,Sam,3,2026-11-02,",
        "alex,Alex,pm,,delivery,peer,sam,2,2026-11-02,",
    )

    found = problems(path)

    assert "the person (self) already scored 'delivery' in row 2" in at(
        found, "row 3, column competency"
    )
    assert "peer 'sam' already scored 'delivery' in row 4" in at(found, "row 5, column competency")


def test_two_unnamed_peers_count_as_one_rater_listed_twice(tmp_path: Path) -> None:
    path = csv_file(
        tmp_path,
        "alex,Alex,pm,,delivery,peer,,3,2026-11-02,",
        "alex,Alex,pm,,delivery,peer,,4,2026-11-02,",
    )

    message = at(problems(path), "row 3, column competency")

    assert "a peer without a name already scored 'delivery' in row 2" in message
    assert "fill in rater_name" in message


def test_a_second_manager_is_refused(tmp_path: Path) -> None:
    path = csv_file(
        tmp_path,
        "alex,Alex,pm,,delivery,manager,Jordan Lee,3,2026-11-02,",
        "alex,Alex,pm,,user-research,manager,Morgan,3,2026-11-02,",
    )

    message = at(problems(path), "row 3, column rater_name")

    assert "a second manager 'Morgan' (row 2 names 'Jordan Lee')" in message


def test_a_score_needs_a_rater_and_a_row_needs_a_person(tmp_path: Path) -> None:
    path = csv_file(
        tmp_path,
        "alex,Alex,pm,,delivery,,,3,2026-11-02,",
        ",Alex,pm,,delivery,self,,3,2026-11-02,",
        "alex,Alex,pm,,,self,,3,2026-11-02,",
    )

    found = problems(path)

    assert "say who gave this score" in at(found, "row 2, column rater")
    assert "needs the id of the person" in at(found, "row 3, column person_id")
    assert at(found, "row 4, column competency") == "empty; fill in competency"


def test_a_person_without_any_score(tmp_path: Path) -> None:
    path = csv_file(tmp_path, "alex,Alex,pm,,delivery,self,,,2026-11-02,")

    assert "no scores for person 'alex'" in at(problems(path), "row 2, column score")


def test_blank_lines_count_as_spreadsheet_rows(tmp_path: Path) -> None:
    path = csv_file(tmp_path, "", "alex,Alex,pm,,delivery,self,,9,2026-11-02,")

    assert "outside the scale" in at(problems(path), "row 3, column score")


def test_a_file_with_only_a_header_or_nothing(tmp_path: Path) -> None:
    header_only = csv_file(tmp_path, name="header.csv")
    empty = tmp_path / "empty.csv"
    empty.write_text(",,,\n\n", encoding="utf-8")

    assert "no data rows under the header" in at(problems(header_only), "row 2")
    assert "the file is empty" in at(problems(empty), "file")


def test_a_csv_that_is_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "team.csv"
    path.write_bytes((HEADER + "\nzoe,Zoë,pm,,delivery,self,,3,2026-11-02,\n").encode("cp1252"))

    (problem,) = problems(path)

    assert problem.where == "line 2"
    assert "save the file as UTF-8" in problem.message
    assert "CSV UTF-8" in problem.message


def test_an_unknown_framework_in_the_column_is_reported_once(tmp_path: Path) -> None:
    path = csv_file(
        tmp_path,
        "alex,Alex,pm,delivery,self,3,2026-11-02,pm-quadrantz",
        "kim,Kim,pm,delivery,self,3,2026-11-02,pm-quadrantz",
        header="person_id,person_name,level,competency,rater,score,assessed_on,framework",
    )

    with pytest.raises(InputError) as exc:
        load_assessments(path)

    message = at(exc.value.problems, "row 2, column framework")
    assert "unknown framework 'pm-quadrantz' (did you mean 'pm-quadrants'?)" in message
