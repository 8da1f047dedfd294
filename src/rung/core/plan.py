"""The plan: what rung produces, and what its JSON (`rung.plan/1`) and Markdown render.

The rows a plan holds many of (consensus rows, gaps, cadence events) are NamedTuples: as
immutable as frozen dataclasses and several times cheaper to build, which matters when a
batch builds plans for a whole organisation.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal, NamedTuple

from rung.core.findings import LintFinding

SCHEMA_ID = "rung.plan/1"
MAX_FOCUS_MILESTONES = 2  # one or two per focus area: more turns the review into a checklist
Rating3 = Literal["High", "Medium", "Low"]
Tier = Literal["priority", "candidate", "backlog"]
CadenceKind = Literal[
    "weekly-self-check",
    "biweekly-feedback",
    "monthly-check-in",
    "cycle-review",
    "calibration",
    "launch-check",
    "first-action",
]
PlanStatus = Literal["draft", "agreed", "active", "closed"]


class CompetencyConsensus(NamedTuple):
    id: str
    name: str
    self: float | None
    manager: float | None
    peers: float | None  # mean of peer scores; None when no peer rated it
    peer_count: int
    # None while a self/manager divergence of 2+ points is unresolved: never silently averaged.
    consensus: float | None
    divergence: float | None  # |self - manager| when both exist
    needs_calibration: bool
    calibrated: bool  # consensus came from an agreed calibration score
    # Score used for the gap: consensus, or the lower of self/manager while calibration is pending.
    working: float


class Gap(NamedTuple):
    competency: str
    name: str
    current: float
    target: float
    gap: float
    magnitude: Rating3
    criticality: Rating3
    leverage: Rating3
    must_have: bool
    quadrant: str
    tier: Tier
    blind_spot: bool  # self/manager divergence: a priority signal
    reasons: tuple[str, ...]  # one short reason per rating, shown in the output


@dataclass(frozen=True)
class StretchAssignment:
    text: str
    due: date
    output: str


@dataclass(frozen=True)
class LearningResource:
    title: str
    scope: str


@dataclass(frozen=True)
class FeedbackMechanism:
    provider: str
    interval_days: int


@dataclass(frozen=True)
class CoachingTouchpoint:
    text: str
    interval_days: int


@dataclass(frozen=True)
class Milestone:
    text: str
    due: date
    threshold: str


@dataclass(frozen=True)
class FocusArea:
    competency: str
    name: str
    rationale: str
    chosen_by: Literal["rung", "pm"]
    stretch_assignment: StretchAssignment
    learning_resource: LearningResource
    feedback: FeedbackMechanism
    coaching_touchpoint: CoachingTouchpoint
    milestones: tuple[Milestone, ...]
    weekly_rep: str
    bloom_target: str


class CadenceEvent(NamedTuple):
    kind: CadenceKind
    date: date
    minutes: int
    participants: tuple[str, ...]
    title: str
    competency: str | None = None


@dataclass(frozen=True)
class Calibration:
    competency: str
    name: str
    self: float
    manager: float
    prompt: str
    date: date


@dataclass(frozen=True)
class FirstAction:
    text: str
    due: date  # business day 5 of the cycle


@dataclass(frozen=True)
class Plan:
    person_id: str
    person_name: str
    framework_id: str
    framework_name: str
    current_level: str | None
    current_level_title: str
    target_level: str
    target_level_title: str
    specialization: str | None
    cycle_start: date
    cycle_end: date
    assessed_on: date
    stale: bool
    consensus: tuple[CompetencyConsensus, ...]
    gaps: tuple[Gap, ...]
    focus_areas: tuple[FocusArea, ...]
    backlog: tuple[str, ...]
    cadence: tuple[CadenceEvent, ...]
    first_action: FirstAction
    calibration: tuple[Calibration, ...]
    notes: tuple[str, ...]
    manager_name: str | None = None
    lint: tuple[LintFinding, ...] = ()
    status: PlanStatus = "draft"
    # A cycle that already ran, written down afterwards (its start is in the past on purpose).
    recorded: bool = False
