"""The activity library: what a focus area is written from.

Content is kept per competency and per level band (pitched at the level the PM is aiming for),
with specialization overlays already merged in at load time, so the composer only asks
`library.activity_set(competency, band, specialization)`.

Templates may use these placeholders: {competency} (its name), {provider}, {manager}, and
{event} / {product_area} in a stretch template (and its milestones) that needs them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

PLACEHOLDERS = ("competency", "product_area", "event", "provider", "manager")
BANDS = ("entering", "senior", "leading")


@dataclass(frozen=True)
class MilestoneTemplate:
    action: str  # what the PM does: "Take the market brief to the {event}"
    context: str  # where / with whom: "and leave with a recorded decision"
    threshold: str  # the bar two observers can check: "1 decision recorded"


@dataclass(frozen=True)
class StretchTemplate:
    text: str  # the real work
    output: str  # the visible output someone else can look at
    requires: tuple[str, ...] = ()  # context that must exist: "product_area"
    # Event kinds this work fits, best first; non-empty means the template needs an event.
    events: tuple[str, ...] = ()
    artifact: str = ""  # the output in a few words; every milestone names it
    milestones: tuple[MilestoneTemplate, ...] = ()  # a checkpoint, then the delivery
    follow_up_days: int = 0  # due this long after its event (a readout after a launch)


@dataclass(frozen=True)
class LearningTemplate:
    title: str  # a named book, course, article or talk
    scope: str  # the bounded part: "chapters 3-4", "one 40-minute talk"
    minutes: int = 0  # reading or viewing time, for the weekly time budget


@dataclass(frozen=True)
class Observer:
    """Who can see the PM practise this: a prompt for naming someone, and role words that fit."""

    prompt: str  # completes "To be named: ...", e.g. "someone who reads your updates first-hand"
    roles: tuple[str, ...] = ()  # lower-case words a fitting person's role contains


@dataclass(frozen=True)
class ActivitySet:
    """Everything a focus area on one competency is written from, for one band."""

    competency: str  # competency id, or a quadrant key for fallbacks
    stretch: tuple[StretchTemplate, ...]
    learning: tuple[LearningTemplate, ...]
    observer: Observer
    coaching: str  # the coaching touchpoint's focus
    weekly_rep: str = ""  # a small repeated practice
    rep_minutes: int = 0
    # Other reps (text, minutes) that suit other stretch templates of the set, in order.
    more_reps: tuple[tuple[str, int], ...] = ()
    bloom_target: str = "apply"  # depth to reach this cycle (seed 003's ladder)
    lever: str = ""  # completes "use your strength in <competency> to ..."
    scaffold: StretchTemplate | None = None  # a career changer's first cycle


@dataclass(frozen=True)
class CompetencyContent:
    """One competency's sets per band, and per specialization where its wording differs."""

    competency: str
    bands: Mapping[str, ActivitySet]
    specializations: Mapping[str, Mapping[str, ActivitySet]] = field(default_factory=dict)

    def for_target(self, band: str, specialization: str | None = None) -> ActivitySet:
        if specialization and specialization in self.specializations:
            by_band = self.specializations[specialization]
            if band in by_band:
                return by_band[band]
        return self.bands[band]


@dataclass(frozen=True)
class ActivityLibrary:
    by_competency: Mapping[str, CompetencyContent]
    # Fallbacks per quadrant key, several variants each so focus areas never read alike.
    by_quadrant: Mapping[str, tuple[ActivitySet, ...]] = field(default_factory=dict)

    def merged(self, other: ActivityLibrary) -> ActivityLibrary:
        """`other` wins where both define a competency: a company's library over the built-in."""
        quadrants = dict(self.by_quadrant)
        quadrants.update(other.by_quadrant)
        return ActivityLibrary({**self.by_competency, **other.by_competency}, quadrants)

    def activity_set(
        self, competency: str, band: str, specialization: str | None = None
    ) -> ActivitySet | None:
        content = self.by_competency.get(competency)
        return content.for_target(band, specialization) if content else None
