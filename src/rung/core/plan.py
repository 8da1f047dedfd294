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
# A feedback provider nobody has named yet: an explicit prompt, never a role dressed as a name.
TO_BE_NAMED = "To be named: "
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


# A peers' mean counts (in consensus, gaps and what the PM sees) only from this many peers:
# one peer's score could otherwise be worked back out of the consensus.
MIN_PEERS_COUNTED = 2


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
    # Score used for the gap: consensus, or the lower of the disputed scores while calibration
    # is pending.
    working: float
    # |self - peer mean| when two or more peers rated it: 2+ points is a blind spot too.
    peer_divergence: float | None = None

    @property
    def counted_peers(self) -> float | None:
        """The peers' mean where it counts and the PM may see it: two peers or more."""
        return self.peers if self.peer_count >= MIN_PEERS_COUNTED else None

    @property
    def rated(self) -> bool:
        return (self.self is not None or self.manager is not None
                or self.counted_peers is not None)


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
    # An evidence note documents it: visible to decision-makers, so it ranks right after
    # criticality (seed 000: magnitude, criticality and visibility).
    visible: bool = False


@dataclass(frozen=True)
class StretchAssignment:
    text: str
    due: date
    output: str


@dataclass(frozen=True)
class LearningResource:
    title: str
    scope: str
    minutes: int = 0  # reading or viewing time, for the weekly time budget


@dataclass(frozen=True)
class FeedbackMechanism:
    provider: str
    interval_days: int
    on: str = ""  # what the feedback looks at: the stretch's output


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
    rep_minutes: int = 0
    event: str | None = None  # the upcoming event the stretch is built around
    event_date: date | None = None
    shared_with: str | None = None  # focus area (competency id) whose event this one shares
    lever: str | None = None  # a strength of the PM's this area can lean on


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
    manager: float | None  # None when only the peers disagree with the PM
    prompt: str
    date: date
    peers: float | None = None  # the peers' mean, when it is 2+ points from the PM's own


@dataclass(frozen=True)
class TimeBudget:
    """Minutes a week the plan asks for beyond the stretch work itself (part of the job)."""

    reps: int
    reading: int
    feedback: int
    self_check: int
    check_ins: int

    @property
    def total(self) -> int:
        return self.reps + self.reading + self.feedback + self.self_check + self.check_ins


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
    country: str | None = None  # whose public holidays the dates avoid; None: none avoided
    time_budget: TimeBudget | None = None
    # For the manager's attention: things the PM decided that the method would not have.
    flags: tuple[str, ...] = ()

    @property
    def calibrate_first(self) -> bool:
        """Built on scores still in dispute: a draft until the calibration is recorded."""
        return bool(self.calibration)

    @property
    def label(self) -> str | None:
        return DRAFT_CALIBRATE_FIRST if self.calibrate_first else None


DRAFT_CALIBRATE_FIRST = "draft — calibrate first"
