"""The activity library: templates for the four components and the milestones of a focus area.

Templates may use these placeholders, filled from the assessment's context:
{competency} (competency name), {product_area}, {event}, {provider}, {manager}.
A template listing `requires: [event]` is only used when the context names an upcoming event.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

PLACEHOLDERS = ("competency", "product_area", "event", "provider", "manager")


@dataclass(frozen=True)
class StretchTemplate:
    text: str  # the real work, e.g. "Lead the {event} presentation to the leadership team"
    output: str  # the visible output someone else can look at
    requires: tuple[str, ...] = ()  # context keys that must exist: "event", "product_area"


@dataclass(frozen=True)
class LearningTemplate:
    title: str  # a named book, course, talk or case
    scope: str  # the bounded part: "chapters 3-4", "lessons 1-4", "one 40-minute talk"


@dataclass(frozen=True)
class MilestoneTemplate:
    action: str  # what the PM does: "Present the opportunity sizing"
    context: str  # where / to whom: "to the product leadership meeting"
    threshold: str  # the bar, with a number: "approval for at least 1 initiative"


@dataclass(frozen=True)
class ActivitySet:
    competency: str  # competency id, or a quadrant key for fallbacks
    stretch: tuple[StretchTemplate, ...]
    learning: tuple[LearningTemplate, ...]
    feedback_role: str  # who observes best by default: "VP Product", "a design lead"
    coaching: str  # the coaching touchpoint's focus
    milestones: tuple[MilestoneTemplate, ...]
    weekly_rep: str = ""  # a small repeated practice
    bloom_target: str = "apply"  # depth to reach this cycle (seed 003's ladder)


@dataclass(frozen=True)
class ActivityLibrary:
    by_competency: Mapping[str, ActivitySet]
    # Fallbacks per quadrant key, several variants each so focus areas never read alike.
    by_quadrant: Mapping[str, tuple[ActivitySet, ...]] = field(default_factory=dict)

    def merged(self, other: ActivityLibrary) -> ActivityLibrary:
        """`other` wins where both define a competency: a company's library over the built-in."""
        quadrants = dict(self.by_quadrant)
        quadrants.update(other.by_quadrant)
        return ActivityLibrary({**self.by_competency, **other.by_competency}, quadrants)
