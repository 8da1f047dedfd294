"""Reading plan files: JSON or Markdown by suffix; bad files are one clear InputError."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rung.core.errors import InputError
from rung.core.lint import plan_doc_from_json
from rung.io.plan_documents import read_plan_document

FIXTURES = Path(__file__).parent / "fixtures"


def good_json() -> dict[str, Any]:
    data: dict[str, Any] = json.loads((FIXTURES / "good_plan.json").read_text("utf-8"))
    return data


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, "utf-8")
    return path


def problems_of(path: Path) -> list[str]:
    with pytest.raises(InputError) as caught:
        read_plan_document(path)
    assert all(p.source == str(path) for p in caught.value.problems)
    return [f"{p.where}: {p.message}" for p in caught.value.problems]


def test_json_and_markdown_files_are_read_by_suffix(tmp_path: Path) -> None:
    md = read_plan_document(FIXTURES / "good_plan.md")
    js = read_plan_document(FIXTURES / "good_plan.json")
    assert md.source.endswith("good_plan.md")
    assert js.source.endswith("good_plan.json")
    assert [fa.name for fa in md.focus_areas] == [fa.name for fa in js.focus_areas]
    assert md.focus_areas[0].where == "line 13"
    assert js.focus_areas[0].where == "focus_areas[0]"


def test_a_file_with_another_suffix_is_sniffed(tmp_path: Path) -> None:
    as_json = shutil.copy(FIXTURES / "good_plan.json", tmp_path / "plan.data")
    as_md = shutil.copy(FIXTURES / "good_plan.md", tmp_path / "plan")
    assert read_plan_document(Path(as_json)).focus_areas[0].where == "focus_areas[0]"
    assert read_plan_document(Path(as_md)).focus_areas[0].where == "line 13"


def test_an_empty_file_is_an_input_error(tmp_path: Path) -> None:
    [problem] = problems_of(write(tmp_path, "plan.md", "  \n\n"))
    assert "empty" in problem


def test_a_file_that_is_not_utf8_is_an_input_error(tmp_path: Path) -> None:
    [problem] = problems_of(write(tmp_path, "plan.md", "# Plan\ncaf\xe9".encode("latin-1")))
    assert "not UTF-8" in problem
    assert problem.startswith("line 2")


def test_a_missing_file_is_an_input_error(tmp_path: Path) -> None:
    [problem] = problems_of(tmp_path / "nowhere.json")
    assert "not found" in problem


def test_broken_json_is_an_input_error_with_its_line(tmp_path: Path) -> None:
    [problem] = problems_of(write(tmp_path, "plan.json", '{"schema": "rung.plan/1",\n  oops}'))
    assert problem.startswith("line 2")
    assert "not valid JSON" in problem


def test_json_that_is_not_a_rung_plan_is_an_input_error(tmp_path: Path) -> None:
    [problem] = problems_of(write(tmp_path, "plan.json", '{"name": "something else"}'))
    assert problem.startswith("schema:")
    assert "rung.plan/1" in problem

    [problem] = problems_of(write(tmp_path, "list.json", "[1, 2]"))
    assert problem.startswith("(top level):")


def test_every_bad_key_is_named(tmp_path: Path) -> None:
    data = good_json()
    data["cycle"]["start"] = "23/11/2026"
    data["focus_areas"][0]["milestones"][0]["due"] = 5
    data["focus_areas"][1]["feedback"]["interval_days"] = "often"
    data["cadence"] = {"kind": "cycle-review"}
    del data["focus_areas"][2]["competency"]
    problems = problems_of(write(tmp_path, "plan.json", json.dumps(data)))
    assert [p.split(":")[0] for p in problems] == [
        "cycle.start",
        "focus_areas[0].milestones[0].due",
        "focus_areas[1].feedback.interval_days",
        "focus_areas[2].competency",
        "cadence",
    ]


def test_a_date_that_does_not_exist_is_an_input_error() -> None:
    data = good_json()
    data["focus_areas"][0]["stretch_assignment"]["due"] = "2027-02-30"
    with pytest.raises(InputError) as caught:
        plan_doc_from_json(data, "plan.json")
    assert "not a real calendar date" in str(caught.value)
    assert str(caught.value).startswith("plan.json: focus_areas[0].stretch_assignment.due")


def test_date_words_in_json_are_kept_for_the_linter() -> None:
    data = good_json()
    data["focus_areas"][0]["milestones"][0]["due"] = "end of Q1"
    milestone = plan_doc_from_json(data, "plan.json").focus_areas[0].milestones[0]
    assert milestone.due is None
    assert milestone.due_text == "end of Q1"


def test_first_action_may_be_plain_text() -> None:
    data = good_json()
    data["first_action"] = "Book the Q1 review slot"
    doc = plan_doc_from_json(data, "plan.json")
    assert doc.first_action == "Book the Q1 review slot"
    assert doc.first_action_due is None


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=12),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=12,
)
_KEYS = st.sampled_from(
    ["cycle", "assessment", "focus_areas", "cadence", "calibration", "first_action"]
)


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(_KEYS, _JSON, max_size=6))
def test_any_json_is_a_plan_or_an_input_error(data: dict[str, Any]) -> None:
    try:
        plan_doc_from_json({"schema": "rung.plan/1", **data}, "fuzz.json")
    except InputError as error:
        problems = error.problems
    else:
        return
    assert problems
    assert all(p.source == "fuzz.json" for p in problems)
