"""The plan linter: judges any development plan against the method's rules.

    doc = plan_doc_from_json(data, "plan.json")      # or rung.io.plan_documents.read_plan_document
    findings = lint(doc)
    if has_errors(findings): ...

`RULES` maps each stable code (R001...) to its severity and short title.
"""

from __future__ import annotations

from rung.core.findings import LintFinding
from rung.core.lint.document import (
    DocActivity,
    DocAnchors,
    DocCalibrationNeed,
    DocEvent,
    DocFocusArea,
    DocMilestone,
    PlanDoc,
    plan_doc_from_json,
    plan_doc_from_plan,
)
from rung.core.lint.rules import RULES, has_errors, sort_findings
from rung.core.lint.rules_calendar import check_calendar
from rung.core.lint.rules_focus import check_focus_areas
from rung.core.lint.rules_milestones import check_dates_in_cycle, check_milestones

__all__ = [
    "RULES",
    "DocActivity",
    "DocAnchors",
    "DocCalibrationNeed",
    "DocEvent",
    "DocFocusArea",
    "DocMilestone",
    "PlanDoc",
    "has_errors",
    "lint",
    "plan_doc_from_json",
    "plan_doc_from_plan",
]


def lint(doc: PlanDoc) -> list[LintFinding]:
    """Every finding for `doc`, sorted by severity, code and place."""
    findings = [
        *check_focus_areas(doc),
        *check_milestones(doc),
        *check_dates_in_cycle(doc),
        *check_calendar(doc),
    ]
    return sort_findings(findings)
