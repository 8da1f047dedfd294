"""The rule table: stable codes, severities and short titles.

Codes never change meaning and are never reused; a retired rule keeps its number. Each rule
comes from the method (seed 000's best practices and common mistakes) and is checked in one of
`rules_focus.py`, `rules_milestones.py`, `rules_assessment.py` or `rules_calendar.py`;
`explain.py` holds each rule's rationale and a good and a bad example (`rung lint --explain`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from rung.core.findings import LintFinding, Severity

RULES: dict[str, tuple[Severity, str]] = {
    "R001": ("error", "More than 3 focus areas"),
    "R002": ("error", "Milestone without a number or threshold"),
    "R003": ("error", "Milestone without a calendar date"),
    "R004": ("error", "No stretch assignment in real work"),
    "R005": ("error", "Unbounded learning resource"),
    "R006": ("error", "Feedback without a named person or an interval"),
    "R007": ("error", "No dated 90-day cycle review"),
    "R008": ("error", "No first check-in on the calendar"),
    "R009": ("error", "Unresolved calibration"),
    "R010": ("warning", "Stale assessment"),
    "R011": ("error", "Same text repeated across focus areas"),
    "R012": ("warning", "No recurring coaching touchpoint"),
    "R013": ("warning", "Milestone phrased as a vague state"),
    "R014": ("error", "Date outside the cycle"),
    "R015": ("warning", "Focus area without a rationale"),
    "R016": ("warning", "No first visible action"),
    "R017": ("error", "No focus areas"),
    "R018": ("error", "Focus area without a milestone"),
    "R019": ("warning", "Milestones due before the stretch assignment"),
    "R020": ("warning", "Cycle review too early or too short"),
    "R021": ("warning", "Cycle is not about 90 days"),
    "R022": ("warning", "First check-in more than 5 weeks into the cycle"),
    "R023": ("warning", "More than 2 milestones in a focus area"),
    "R024": ("error", "Diverging scores averaged instead of calibrated"),
    "R025": ("error", "Milestone measured by opinion or feeling"),
    "R026": ("warning", "Feedback person still to be named"),
    "R027": ("error", "Stretch assignment is support work, not ownership"),
    "R028": ("warning", "Coaching touchpoint without a topic"),
    "R029": ("warning", "No milestone before the last weeks of the cycle"),
    "R030": ("error", "Focus area timeline longer than the cycle"),
    "R031": ("warning", "Every focus area at the same priority"),
    "R032": ("error", "No assessment behind the plan"),
    "R033": ("warning", "Cycle starts in the past"),
    "R034": ("error", "Cycle already over"),
}

_SEVERITY_RANK: dict[str, int] = {"error": 0, "warning": 1, "info": 2}


def finding(code: str, message: str, where: str) -> LintFinding:
    severity, _ = RULES[code]
    return LintFinding(code=code, severity=severity, message=message, where=where)


def has_errors(findings: Iterable[LintFinding]) -> bool:
    """True when any finding is an error: `rung lint` then exits 1."""
    return any(f.severity == "error" for f in findings)


def _natural(where: str) -> tuple[tuple[int, str], ...]:
    """`line 9` before `line 10`, `focus_areas[2]` before `focus_areas[10]`."""
    return tuple(
        (int(part), "") if part.isdigit() else (-1, part) for part in re.split(r"(\d+)", where)
    )


def sort_findings(findings: Iterable[LintFinding]) -> list[LintFinding]:
    """Deterministic order: severity, code, place, message."""
    return sorted(
        findings, key=lambda f: (_SEVERITY_RANK[f.severity], f.code, _natural(f.where), f.message)
    )


def quote(text: str, limit: int = 70) -> str:
    """A short quotation of plan text for a message."""
    text = " ".join(text.split())
    return f"'{text}'" if len(text) <= limit else f"'{text[: limit - 1].rstrip()}…'"
