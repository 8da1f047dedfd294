"""The target profile for the next role: level targets adjusted by specialization weights."""

from __future__ import annotations

from dataclasses import dataclass

from rung.core.framework import Framework, Specialization
from rung.core.scores import clamp, round_half

# A quadrant weight of 1.25 lifts that quadrant's targets by half a point; 0.75 lowers them.
WEIGHT_TO_POINTS = 2.0
LEANS_TOWARD = 1.2  # weights at or above this raise a nice-to-have's criticality one step
LEANS_AWAY = 0.85  # at or below this lower it one step


@dataclass(frozen=True)
class TargetEntry:
    competency: str
    score: float
    must_have: bool
    weight: float  # specialization weight of the competency's quadrant (1.0 = neutral)


def target_profile(
    framework: Framework, level_id: str, specialization: Specialization | None
) -> dict[str, TargetEntry]:
    level_targets = framework.targets.get(level_id, {})
    profile = {}
    for comp in framework.competencies:
        base = level_targets.get(comp.id)
        score = base.score if base else framework.scale.min
        must = base.must_have if base else False
        weight = specialization.weight(comp.quadrant) if specialization else 1.0
        if weight != 1.0:
            score = clamp(
                score + round_half((weight - 1.0) * WEIGHT_TO_POINTS),
                framework.scale.min,
                framework.scale.max,
            )
        profile[comp.id] = TargetEntry(comp.id, score, must, weight)
    return profile
