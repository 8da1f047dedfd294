"""The day-90 review: re-score, judge milestones, diagnose no progress, continue or rotate."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from rung.core.plan import Plan

Decision = Literal["continue", "rotate"]
# effort: the work was not attempted; plan-quality: it was, but the stretch assignment gave no
# real practice; environment: practice happened and the score still did not move, so the
# support around the PM has to change.
Cause = Literal["effort", "plan-quality", "environment"]

DIAGNOSES: dict[Cause, str] = {
    "effort": "The activities were not attempted: bandwidth or motivation, not capability. "
              "Agree protected time first, and shrink the plan before adding anything.",
    "plan-quality": "The stretch assignment never gave real practice. Redesign it around work "
                    "that is already scheduled, with a date and a visible output.",
    "environment": "Practice happened but the score did not move. Change the kind of support: "
                   "coaching from someone who is strong at this competency.",
}


@dataclass(frozen=True)
class FocusOutcome:
    competency: str
    before: float
    after: float
    target: float
    milestones_met: int
    milestones_total: int

    @property
    def progressed(self) -> bool:
        return self.after > self.before

    @property
    def reached_target(self) -> bool:
        return self.after >= self.target


def diagnose(*, attempted: bool, real_practice: bool) -> Cause:
    """No progress after a full cycle: never repeat the same plan, change what failed."""
    if not attempted:
        return "effort"
    if not real_practice:
        return "plan-quality"
    return "environment"


def decide(outcome: FocusOutcome) -> Decision:
    """Rotate once the target is reached; otherwise keep deepening the same competency."""
    return "rotate" if outcome.reached_target else "continue"


def outcomes(plan: Plan, rescored: Mapping[str, float],
             milestones_met: Mapping[str, int]) -> tuple[FocusOutcome, ...]:
    gaps = {g.competency: g for g in plan.gaps}
    return tuple(
        FocusOutcome(
            competency=fa.competency,
            before=gaps[fa.competency].current,
            after=float(rescored.get(fa.competency, gaps[fa.competency].current)),
            target=gaps[fa.competency].target,
            milestones_met=milestones_met.get(fa.competency, 0),
            milestones_total=len(fa.milestones),
        )
        for fa in plan.focus_areas
    )


def carried_forward(plan: Plan, decisions: Mapping[str, Decision]) -> tuple[str, ...]:
    """Competencies the next cycle starts from: those continued, then the backlog in order."""
    kept = [fa.competency for fa in plan.focus_areas if decisions.get(fa.competency) == "continue"]
    return tuple(kept + [c for c in plan.backlog if c not in kept])
