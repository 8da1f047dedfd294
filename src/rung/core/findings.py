"""Lint findings: what the plan linter says, with stable codes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning", "info"]


@dataclass(frozen=True)
class LintFinding:
    code: str  # stable: R001, R002, ...
    severity: Severity
    message: str  # what is wrong and how to fix it
    where: str  # "focus_areas[1].milestones[0]" or "line 42"
