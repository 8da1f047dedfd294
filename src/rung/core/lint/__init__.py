"""The plan linter: judges any development plan against the method's rules.

    doc = plan_doc_from_json(data, "plan.json")      # or rung.io.plan_documents.read_plan_document
    findings = lint(doc, today=date.today())         # today: judge the cycle's dates (R033, R034)
    if has_errors(findings): ...

`RULES` maps each stable code (R001...) to its severity and short title; `EXPLANATIONS` holds
each rule's rationale and a good and a bad example.
"""

from __future__ import annotations

from datetime import date

from rung.core.findings import LintFinding
from rung.core.lint.document import (
    DocActivity,
    DocAnchors,
    DocCalibrationNeed,
    DocEvent,
    DocFocusArea,
    DocMilestone,
    DocScore,
    PlanDoc,
    plan_doc_from_json,
    plan_doc_from_plan,
)
from rung.core.lint.explain import EXPLANATIONS, Explanation
from rung.core.lint.rules import RULES, has_errors, sort_findings
from rung.core.lint.rules_assessment import check_assessment
from rung.core.lint.rules_calendar import check_calendar
from rung.core.lint.rules_focus import check_focus_areas
from rung.core.lint.rules_milestones import (
    check_checkpoints,
    check_dates_in_cycle,
    check_milestones,
)

__all__ = [
    "EXPLANATIONS",
    "RULES",
    "DocActivity",
    "DocAnchors",
    "DocCalibrationNeed",
    "DocEvent",
    "DocFocusArea",
    "DocMilestone",
    "DocScore",
    "Explanation",
    "PlanDoc",
    "has_errors",
    "lint",
    "plan_doc_from_json",
    "plan_doc_from_plan",
]


def lint(doc: PlanDoc, *, today: date | None = None) -> list[LintFinding]:
    """Every finding for `doc`, sorted by severity, code and place.

    With `today`, the cycle is also judged against it (a start in the past, R033; a cycle
    already over, R034). rung's own plan builder leaves it out so a plan stays a pure function
    of its inputs; `rung lint` and the web editor pass today's date.
    """
    findings = [
        *check_focus_areas(doc),
        *check_milestones(doc),
        *check_checkpoints(doc),
        *check_dates_in_cycle(doc),
        *check_assessment(doc),
        *check_calendar(doc, today),
    ]
    return sort_findings(set(findings))  # a line shared by every focus area is reported once
