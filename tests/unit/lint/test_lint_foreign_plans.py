"""Generic generated plans from elsewhere (seed 004, agent-role-atlas) must fail the linter.

They are the plans rung must never produce: six focus areas, the same template for each,
training and mentorship instead of real work, vague milestones dated "Month 3".
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from rung.core.lint import has_errors, lint
from rung.io.plan_documents import read_plan_document

from factories import ATLAS, SEED_004


def test_seed_004_fails_with_the_errors_the_method_names() -> None:
    findings = lint(read_plan_document(SEED_004))
    count = Counter(f.code for f in findings)

    assert has_errors(findings)
    # Too many focus areas (it has 6), vague milestones, relative "Month 3" dates,
    # passive-only development, unbounded training, one template repeated for every competency.
    assert count["R001"] == 1
    assert {"R002", "R003", "R004", "R005", "R011"} <= set(count)
    assert count["R004"] == 6  # not one focus area has a stretch assignment in real work
    r001 = next(f for f in findings if f.code == "R001")
    assert r001.message.startswith("6 focus areas; keep 3")
    assert any("'Month 3'" in f.message for f in findings if f.code == "R003")
    assert any("Complete advanced training in" in f.message for f in findings if f.code == "R011")
    assert any("training and certification" in f.message for f in findings if f.code == "R005")


def test_seed_004_has_no_dated_review_or_check_in() -> None:
    findings = lint(read_plan_document(SEED_004))
    review = next(f for f in findings if f.code == "R007")
    assert "'Month 3'" in review.message
    assert "R008" in {f.code for f in findings}


def test_seed_004_findings_point_at_lines() -> None:
    findings = lint(read_plan_document(SEED_004))
    assert all(f.where.startswith("line ") for f in findings)
    r001 = next(f for f in findings if f.code == "R001")
    assert r001.where == "line 86"  # '### Project management', the fourth focus area


def test_seed_004_is_read_into_six_focus_areas_and_dated_milestones() -> None:
    doc = read_plan_document(SEED_004)
    assert [fa.name for fa in doc.focus_areas] == [
        "Product strategy",
        "User research",
        "Data analysis",
        "Project management",
        "Communication",
        "Technical understanding",
    ]
    first = doc.focus_areas[0]
    assert [m.due_text for m in first.milestones] == ["12-18 months"] * 3
    assert {a.kind for a in first.activities} == {"learning", "feedback", "other"}
    plan_level = doc.milestones[0]
    assert plan_level.text.startswith("Capability Development:")
    assert plan_level.threshold == "Measurable improvement in primary skills"
    assert plan_level.due is None
    assert plan_level.due_text == "Month 3"


@pytest.mark.parametrize("path", ATLAS, ids=lambda p: p.name)
def test_agent_role_atlas_career_plans_fail(path: Path) -> None:
    findings = lint(read_plan_document(path))
    assert has_errors(findings)
    assert {"R001", "R002", "R003", "R004", "R005", "R011"} <= {f.code for f in findings}
