"""The PM Coaching Pack as data (seed 003): its seven parts, the team workshop, the quality
checklist's results, and the coaching prose every pack shares (`CoachingProse`, read from
`content/coaching.yaml` by `rung.io.coaching_prose`). `rung.core.coaching_pack` builds it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from rung.core.bloom import BloomLevel
from rung.core.plan import Milestone


@dataclass(frozen=True)
class CompetencyExpectation:
    id: str
    name: str
    quadrant: str  # "Strategic · external"
    group: str | None
    description: str
    at_current: str | None  # the framework's anchor for the current level
    at_target: str | None  # ... and for the target level
    in_focus: bool


@dataclass(frozen=True)
class GoodPm:
    target_title: str
    target_scope: str
    target_behaviours: tuple[str, ...]
    competencies: tuple[CompetencyExpectation, ...]
    bloom: tuple[BloomLevel, ...]


@dataclass(frozen=True)
class AssessedCompetency:
    id: str
    name: str
    self: float | None
    manager: float | None
    peers: float | None
    peer_count: int
    current: float
    target: float
    gap: float
    must_have: bool
    needs_calibration: bool
    bloom_now: str | None
    evidence: tuple[str, ...]
    assumption: str | None  # set when a gap has no evidence note

    @property
    def is_gap(self) -> bool:
        return self.gap > 0


@dataclass(frozen=True)
class Constraint:
    text: str
    source: str  # where rung saw it: "plan note", "assessment date", "calibration", "inputs"


@dataclass(frozen=True)
class CurrentAssessment:
    assessed_on: date
    rows: tuple[AssessedCompetency, ...]
    strengths: tuple[AssessedCompetency, ...]
    gaps: tuple[AssessedCompetency, ...]
    constraints: tuple[Constraint, ...]
    constraints_note: str
    scale_min: float = 0.0
    scale_max: float = 5.0


@dataclass(frozen=True)
class GrowthBet:
    competency: str
    name: str
    current: float
    target: float
    gap: float
    bloom_now: str | None
    bloom_target: str
    why: str
    challenge: str  # the stretch work: this bet's taste of the next bigger challenge
    success_signals: tuple[Milestone, ...]


@dataclass(frozen=True)
class SharedVision:
    next_bigger_challenge: str
    horizon_question: str
    bets: tuple[GrowthBet, ...]
    cycle_start: date
    cycle_end: date


@dataclass(frozen=True)
class DevelopmentItem:
    competency: str
    name: str
    weekly_reps: tuple[str, ...]
    depth_path: tuple[str, ...]
    stretch: str
    stretch_due: date
    artifacts: tuple[str, ...]
    learning: str
    feedback: str
    coach_commitment: str
    measurement: tuple[Milestone, ...]


@dataclass(frozen=True)
class CadenceRow:
    what: str
    how_often: str
    minutes: int
    first: date
    count: int
    who: str


@dataclass(frozen=True)
class AgendaItem:
    minutes: int
    text: str


@dataclass(frozen=True)
class Toolkit:
    cadence: tuple[CadenceRow, ...]
    manager_minutes_per_month: int
    agenda: tuple[AgendaItem, ...]
    questions: tuple[str, ...]
    bet_prompts: tuple[tuple[str, str], ...]  # (bet name, session topic)
    nudges: tuple[tuple[str, str], ...]  # (bet name, micro-coaching nudge)
    directive_when: tuple[str, ...]
    review_points: tuple[tuple[date, str], ...]  # artifacts to look at, by date
    first_session: date | None


@dataclass(frozen=True)
class Checkpoint:
    date: date
    what: str
    evidence: str  # the artifact or behaviour to look at


@dataclass(frozen=True)
class Tracker:
    checkpoints: tuple[Checkpoint, ...]
    rag_columns: tuple[tuple[str, date], ...]  # ("Month 1", date of the colour check)
    rag_rows: tuple[str, ...]  # bet names
    rag_legend: tuple[tuple[str, str], ...]  # (colour, meaning)
    refresh_on: date
    next_cycle_start: date
    adjust_rules: tuple[str, ...]


@dataclass(frozen=True)
class NextStep:
    text: str
    due: date | None


@dataclass(frozen=True)
class Outlook:
    risks: tuple[str, ...]
    open_questions: tuple[str, ...]
    next_steps: tuple[NextStep, ...]


@dataclass(frozen=True)
class Workshop:
    minutes: int
    steps: tuple[tuple[int, str, str], ...]  # (minutes, title, what happens)
    note: str


@dataclass(frozen=True)
class CheckResult:
    id: str
    title: str
    passed: bool
    reason: str


@dataclass(frozen=True)
class CoachingPack:
    person_name: str
    manager_name: str
    current_title: str
    target_title: str
    framework_name: str
    cycle_start: date
    cycle_end: date
    goal: str | None
    non_hr: bool
    good_pm: GoodPm
    assessment: CurrentAssessment | None  # None in a non-HR plan
    vision: SharedVision
    development: tuple[DevelopmentItem, ...]
    toolkit: Toolkit
    tracker: Tracker | None  # None in a non-HR plan
    outlook: Outlook
    workshop: Workshop | None  # None in a non-HR plan
    checks: tuple[CheckResult, ...] = ()

    @property
    def passed(self) -> int:
        return sum(c.passed for c in self.checks)


PART_TITLES: tuple[str, ...] = (
    "Definition of a good PM here",
    "Current assessment (evidence first)",
    "Shared vision and growth bets",
    "Development plan",
    "Coaching cadence and session toolkit",
    "Follow-up tracker and review plan",
    "Risks, open questions and next steps",
)


@dataclass(frozen=True)
class CoachingProse:
    """What every pack says whatever the plan (content/coaching.yaml)."""

    bloom: tuple[BloomLevel, ...]  # one per depth, in the order of BLOOM_IDS
    constraints_note: str
    default_rep: str  # a bet's weekly rep when its focus area has none
    milestone_record: str  # the written record each milestone leaves
    cadence: tuple[tuple[str, str, str], ...]  # (cadence kind, what, how often)
    agenda: tuple[AgendaItem, ...]
    questions: tuple[str, ...]
    directive_when: tuple[str, ...]
    colour_check: tuple[tuple[str, str], ...]  # (colour, meaning)
    adjust_rules: tuple[str, ...]
    workshop: Workshop  # step texts may hold {compass}: the framework's competencies
