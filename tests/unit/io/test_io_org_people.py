"""The organisation file of `rung import`: a people sheet beside the long-form ratings.

`read_org` never raises for bad input: it returns what it could read and every problem, so the
importer can add the problems only the database reveals and report them all at once.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook

from rung.core.framework import Framework
from rung.io.frameworks import load_framework
from rung.io.org_people import OrgRead, PersonRow, read_org

KNOWN = ("pm-quadrants",)
PEOPLE = "person_id,person_name,role,manager,level,target_level,specialization,email"
RATINGS = "person_id,person_name,level,competency,rater,rater_name,score,assessed_on,manager"


def lookup(key: str) -> Framework | None:
    return load_framework(key) if key in KNOWN else None


def write(path: Path, *lines: str) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def read(tmp_path: Path, people: list[str] | None = None, ratings: list[str] | None = None,
         stored: dict[str, str] | None = None) -> OrgRead:
    people_path = write(tmp_path / "people.csv", *people) if people is not None else None
    ratings_path = write(tmp_path / "ratings.csv", *ratings) if ratings is not None else None
    return read_org(
        (ratings_path, "ratings.csv") if ratings_path else None,
        (people_path, "people.csv") if people_path else None,
        frameworks=lookup, known_frameworks=KNOWN, stored_frameworks=stored)


def test_a_people_sheet_gives_one_checked_row_per_person(tmp_path: Path):
    found = read(tmp_path, people=[
        PEOPLE,
        "lee,Lee Park,Manager,,,,,lee@example.com",
        "ana,Ana Silva,,lee,pm,senior-pm,growth,",
    ])
    assert found.problems == []
    assert found.people == [
        PersonRow("people.csv", 2, "lee", "Lee Park", role="manager", email="lee@example.com"),
        PersonRow("people.csv", 3, "ana", "Ana Silva", manager="lee", level="pm",
                  target_level="senior-pm", specialization="growth"),
    ]


def test_every_bad_cell_of_the_people_sheet_is_reported_with_row_and_column(tmp_path: Path):
    found = read(tmp_path, people=[
        PEOPLE,
        "lee,Lee Park,boss,,,,,",
        "ana,Ana Silva,pm,lee,vp,,,ana-at-example",
        "bo,,pm,,pm,apm,,",
        "lee,Lee Again,manager,,,,,",
    ])
    where = [(p.where, p.message.split(";")[0]) for p in found.problems]
    assert where == [
        ("row 2, column role", "'boss' is not a role"),
        ("row 3, column level", "unknown level 'vp' in framework pm-quadrants"),
        ("row 3, column email", "'ana-at-example' is not an email address, e.g. pat@example.com"),
        ("row 4, column person_name", "empty"),
        ("row 4, column target_level", "target level 'apm' is below the current level 'pm'"),
        ("row 5, column person_id", "'lee' is listed twice (also row 2)"),
    ]


def test_a_people_header_with_an_unknown_column_names_the_allowed_ones(tmp_path: Path):
    found = read(tmp_path, people=["person_id,person_name,mgr", "lee,Lee Park,x"])
    [problem] = found.problems
    assert problem.where == "row 1"
    assert "unexpected columns: 'mgr' (did you mean 'manager'?)" in problem.message
    assert "optional: role, manager" in problem.message


def test_ratings_are_read_by_the_long_form_loader_with_its_problems(tmp_path: Path):
    found = read(tmp_path, ratings=[
        RATINGS,
        "ana,Ana Silva,pm,execution,self,,3,2026-11-02,lee",
        "ana,Ana Silva,pm,execution,manager,Lee Park,2.5,2026-11-02,lee",
    ])
    assert found.problems == []
    [(assessment, framework)] = found.assessments
    assert (assessment.person.id, assessment.person.manager, framework.id) == (
        "ana", "lee", "pm-quadrants")
    assert found.rated["ana"].row == 2
    assert found.rated["ana"].manager == "lee"
    bad = read(tmp_path, ratings=[RATINGS, "ana,Ana Silva,pm,execution,self,,8,2026-11-02,"])
    assert [p.where for p in bad.problems] == ["row 2, column score"]
    assert bad.assessments == []
    assert "ana" in bad.rated


def test_one_workbook_holds_both_sheets(tmp_path: Path):
    wb = Workbook()
    people = wb.active
    assert people is not None
    people.title = "People"
    people.append(["person_id", "person_name", "role"])
    people.append(["lee", "Lee Park", "manager"])
    ratings = wb.create_sheet("ratings")
    ratings.append(RATINGS.split(","))
    ratings.append(["ana", "Ana Silva", "pm", "execution", "self", None, 3, "2026-11-02", "lee"])
    path = tmp_path / "org.xlsx"
    wb.save(path)
    found = read_org((path, "org.xlsx"), frameworks=lookup, known_frameworks=KNOWN)
    assert found.problems == []
    assert [p.person_id for p in found.people] == ["lee"]
    assert found.people[0].source == "org.xlsx [people]"
    assert [a.person.id for a, _ in found.assessments] == ["ana"]


def test_people_given_twice_is_a_problem(tmp_path: Path):
    wb = Workbook()
    sheet = wb.active
    assert sheet is not None
    sheet.title = "people"
    sheet.append(["person_id", "person_name"])
    path = tmp_path / "org.xlsx"
    wb.save(path)
    people = write(tmp_path / "people.csv", "person_id,person_name", "lee,Lee Park")
    found = read_org((path, "org.xlsx"), (people, "people.csv"), frameworks=lookup,
                     known_frameworks=KNOWN)
    assert [p.source for p in found.problems] == ["people.csv"]
    assert "has a 'people' sheet already" in found.problems[0].message


def test_a_framework_must_be_one_rung_knows_never_a_path(tmp_path: Path):
    fw = tmp_path / "fw.yaml"
    fw.write_text("id: x\n")
    found = read(tmp_path, ratings=[
        RATINGS + ",framework",
        f"ana,Ana Silva,pm,execution,self,,3,2026-11-02,,{fw}",
    ])
    [problem] = found.problems
    assert problem.where == "row 2, column framework"
    assert "unknown framework" in problem.message
    assert "frameworks in rung: pm-quadrants" in (
        problem.message)


def test_rows_without_a_framework_use_the_stored_persons(tmp_path: Path):
    # A stored person on another framework is checked against it, not the default.
    found = read(tmp_path, ratings=[RATINGS, "ana,Ana Silva,pm,execution,self,,3,2026-11-02,"],
                 stored={"ana": "pm-ladder"})
    assert [p.where for p in found.problems] == ["row 2, column framework"]
    assert "'pm-ladder'" in found.problems[0].message  # not known to this lookup


def test_an_unsupported_file_type_is_one_problem(tmp_path: Path):
    path = write(tmp_path / "org.xls", "x")
    found = read_org((path, "org.xls"), frameworks=lookup, known_frameworks=KNOWN)
    [problem] = found.problems
    assert "save it as .xlsx" in problem.message
