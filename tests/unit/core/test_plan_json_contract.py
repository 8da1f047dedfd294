"""The typed `rung.plan/1` contract (rung.core.serialize) is the one mapping of a plan's shape:
what plan_to_dict writes is exactly what the TypedDicts declare, key by key and in order, and
the linter sees a plan as it sees the plan's JSON file."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from rung.core.lint import plan_doc_from_json, plan_doc_from_plan
from rung.core.serialize import (
    CadenceJSON,
    CalibrationJSON,
    CompetencyJSON,
    FindingJSON,
    FocusAreaJSON,
    GapJSON,
    MilestoneJSON,
    PlanJSON,
    TimeBudgetJSON,
    plan_from_dict,
    plan_to_dict,
)
from rung.io.assessments import load_assessment
from rung.planning import make_plan

ROOT = Path(__file__).resolve().parents[3]


def example_plan(name: str = "tactical-to-strategic"):
    assessment, framework = load_assessment(ROOT / "examples" / f"{name}.yaml")
    return make_plan(assessment, framework, start=date(2027, 1, 4))


def keys(typed: Any) -> list[str]:
    return list(typed.__annotations__)


def test_plan_to_dict_writes_the_declared_keys_in_their_order():
    data = plan_to_dict(example_plan())
    assert list(data) == [k for k in keys(PlanJSON) if k != "recorded"]  # recorded: when set
    rows: list[tuple[Any, list[Any]]] = [
        (CompetencyJSON, list(data["assessment"]["competencies"])),
        (GapJSON, list(data["gaps"])),
        (FocusAreaJSON, list(data["focus_areas"])),
        (MilestoneJSON, [m for fa in data["focus_areas"] for m in fa["milestones"]]),
        (CadenceJSON, list(data["cadence"])),
        (CalibrationJSON, list(data["calibration"])),
        (FindingJSON, list(data.get("lint", []))),
        (TimeBudgetJSON, [data.get("time_budget")]),
    ]
    for typed, found in rows:
        assert found, typed.__name__  # the example has every kind of row
        assert all(list(row) == keys(typed) for row in found), typed.__name__


def test_the_committed_json_is_read_back_into_the_same_plan():
    plan = example_plan()
    committed = json.loads((ROOT / "examples" / "plans" / "tactical-to-strategic.json")
                           .read_text(encoding="utf-8"))
    assert plan_from_dict(committed) == plan


def test_the_linter_sees_a_plan_as_it_sees_its_json_file():
    plan = example_plan()
    committed = json.loads((ROOT / "examples" / "plans" / "tactical-to-strategic.json")
                           .read_text(encoding="utf-8"))
    assert plan_doc_from_plan(plan, "p") == plan_doc_from_json(committed, "p")
