"""A plan can say that it records a cycle that already ran (its start in the past on purpose):
the flag is additive in the JSON, written only when set, and survives a round trip."""

import dataclasses
import json
from datetime import date

from rung.core.builder import build_plan
from rung.core.serialize import plan_from_dict, plan_to_dict

from factories import all_scores, assessment, framework, library


def plan():
    return build_plan(assessment(all_scores(1), all_scores(1)), framework(), library(),
                      start=date(2026, 6, 1))


def test_a_plan_is_not_recorded_unless_said_and_its_json_has_no_such_key():
    p = plan()
    assert p.recorded is False
    assert "recorded" not in plan_to_dict(p)
    assert plan_from_dict(plan_to_dict(p)).recorded is False


def test_a_recorded_plan_keeps_the_flag_through_its_json():
    p = dataclasses.replace(plan(), recorded=True)
    d = json.loads(json.dumps(plan_to_dict(p)))
    assert d["recorded"] is True
    assert plan_from_dict(d) == p
