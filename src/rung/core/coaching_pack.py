"""The PM Coaching Pack (seed 003) built from a plan, its assessment and its framework.

Seven parts, always in this order:

1. what a good PM looks like here: competencies, observable behaviours, Bloom depth ladder;
2. the assessment, evidence first: each gap carries evidence notes or is marked an assumption,
   and constraints (data, scope, timing) are kept apart from skill gaps;
3. a shared vision: the next bigger challenge (seed 002) and one to three growth bets;
4. the development plan: weekly reps, stretch work, artifacts, support, measurement;
5. the coaching cadence and a session toolkit (agenda, questions, nudges, when to be directive);
6. the follow-up tracker: dated checkpoints, a monthly colour check, the quarterly refresh;
7. risks, open questions and next steps.

A team-workshop outline follows, and `rung.core.coaching_checks` runs the quality checklist.

The pack is a coaching document. A request to build a PIP or an HR case is recognised by
`hr_request_reason` and declined; `build_coaching_pack(..., non_hr=True)` then builds only the
development plan, with no assessment, evidence or tracker that could be reused as HR paperwork.

Pure standard library: no I/O, no rendering.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Literal

from rung.core.assessment import Assessment
from rung.core.framework import Framework
from rung.core.plan import CadenceEvent, Milestone, Plan
from rung.core.targets import target_profile

NON_HR_LABEL = "Not an HR or performance document"

# --- the HR boundary -----------------------------------------------------------------------

_HR_PATTERNS: tuple[tuple[str, str], ...] = (
    (r"\bpips?\b", "a PIP"),
    (r"\bperformance[- ]improvement[- ]plans?\b", "a performance improvement plan"),
    (r"\bperformance[- ]management (?:process|case|plan)\b", "a performance-management case"),
    (r"\bhr\b[- ]?(?:case|file|process|record|documentation|paperwork|investigation)"
     r"|\b(?:for|to|with) hr\b", "an HR case"),
    (r"\b(?:disciplinary|written warning|final warning)\b"
     r"|\b(?:misconduct|workplace) investigation\b", "a disciplinary step"),
    (r"\bdocument\w* (?:\w+ ){0,3}?(?:under-?perform\w*|poor perform\w*|"
     r"performance (?:issues|problems|concerns))|\bunder-?perform(?:er|ers|ance)\b"
     r"|\bpoor performers?\b", "documenting underperformance"),
    (r"\bpaper ?trail\b", "a paper trail"),
    (r"\bcase against\b|\bcase for (?:firing|dismiss\w*|terminat\w*|letting \w+ go)\b",
     "a case against the person"),
    (r"\btermination\b|\bterminat(?:e|ing) (?:him|her|them|their employment|the pm|my pm)\b"
     r"|\bdismissal\b|\bfir(?:e|ing) (?:him|her|them|the pm|my pm|someone)\b"
     r"|\bget(?:ting)? (?:him|her|them) fired\b|\blet(?:ting)? (?:him|her|them) go\b"
     r"|\bmanag(?:e|ed|ing) (?:him|her|them|\w+ pm) out\b|\bmanaging out\b"
     r"|\bexit(?:ing)? (?:him|her|them)\b|\bmak(?:e|ing) (?:him|her|them) redundant\b",
     "ending someone's employment"),
    (r"\bdemot\w*", "a demotion"),
)
_HR_RES = tuple((re.compile(p, re.IGNORECASE), what) for p, what in _HR_PATTERNS)


def hr_request_reason(purpose: str | None) -> str | None:
    """What in `purpose` makes it an HR or performance-management request, or None."""
    if not purpose:
        return None
    for pattern, what in _HR_RES:
        if pattern.search(purpose):
            return what
    return None


def decline_message(reason: str) -> str:
    return (
        f"rung builds coaching packs, not HR or performance documents, and this request is for "
        f"{reason}. Use your company's HR process for a PIP, an HR case or documenting "
        "underperformance; HR and the manager own that, with the PM's rights in view. To get "
        "only the coaching plan, clearly labelled as not an HR document, run again with "
        "--non-hr-plan."
    )


# --- Bloom's depth ladder (seed 003) -------------------------------------------------------

BloomId = Literal["know", "understand", "apply", "analyze", "synthesize", "evaluate"]


@dataclass(frozen=True)
class BloomLevel:
    id: BloomId
    title: str
    looks_like: str  # what the PM does at this depth, in observable terms
    rep: str  # a practice that exercises this depth


BLOOM_LADDER: tuple[BloomLevel, ...] = (
    BloomLevel("know", "Know", "Names the terms, steps and parts of a good piece of work.",
               "List from memory what a strong version of the artifact contains."),
    BloomLevel("understand", "Understand",
               "Explains in their own words why a practice works and when it fails.",
               "Walk a teammate through a good example and say what makes it good."),
    BloomLevel("apply", "Apply",
               "Does it on their own real work, with a checklist, and it holds up in review.",
               "Produce the artifact for live work and have it reviewed."),
    BloomLevel("analyze", "Analyze",
               "Takes a situation apart: causes, assumptions, and the evidence that is missing.",
               "Write down the assumptions behind a decision and test the weakest one."),
    BloomLevel("synthesize", "Synthesize",
               "Combines evidence from several sources into a new strategy, story or method.",
               "Merge research, data and stakeholder input into one proposal others adopt."),
    BloomLevel("evaluate", "Evaluate",
               "Judges competing options and other people's work against stated criteria.",
               "Review a peer's artifact against a rubric and defend the verdict."),
)
BLOOM_IDS: tuple[str, ...] = tuple(b.id for b in BLOOM_LADDER)
# Share of the scale at which each depth starts. On rung's 0-5 scale: know above 0,
# understand from 1 ("aware"), apply from 2 ("with guidance") through 3 ("independently"),
# analyze from 3.5, synthesize from 4.25 ("leads it across teams"), evaluate from 4.75.
_BLOOM_BANDS = (0.0, 0.2, 0.4, 0.7, 0.85, 0.95)


def bloom_from_score(score: float, scale_min: float, scale_max: float) -> str | None:
    """An estimate of depth from a score: None means no experience yet. Confirm with evidence."""
    if score <= scale_min or scale_max <= scale_min:
        return None
    share = (score - scale_min) / (scale_max - scale_min)
    depth = 0
    for i, band in enumerate(_BLOOM_BANDS):
        if share >= band:
            depth = i
    return BLOOM_IDS[depth]


def bloom_path(start: str | None, end: str) -> tuple[str, ...]:
    """The depths from `start` (today's estimate; None = nothing yet) up to `end`, inclusive.

    A target at or below today's depth gives just the target: consolidate there.
    """
    if end not in BLOOM_IDS:
        return (end,)
    hi = BLOOM_IDS.index(end)
    lo = BLOOM_IDS.index(start) if start in BLOOM_IDS else 0
    return BLOOM_IDS[lo : hi + 1] if lo < hi else (end,)


# --- the pack's parts ----------------------------------------------------------------------


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
    bloom: tuple[BloomLevel, ...] = BLOOM_LADDER


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

# --- building -------------------------------------------------------------------------------


def _quadrant_label(altitude: str, facing: str) -> str:
    return f"{altitude.capitalize()} · {facing}"


_NAME_START = re.compile(r"^[A-Z][a-z]+ [A-Z][a-z]+")  # a person's name starts the sentence


def _lower_first(text: str) -> str:
    """'A product area' -> 'a product area'; 'PM reviews' and 'Priya Shah' keep their case."""
    if len(text) > 1 and (text[1].isupper() or _NAME_START.match(text)):
        return text
    return text[:1].lower() + text[1:]


def _good_pm(plan: Plan, framework: Framework) -> GoodPm:
    focus = {fa.competency for fa in plan.focus_areas}
    target = framework.level(plan.target_level)
    rows = tuple(
        CompetencyExpectation(
            id=c.id,
            name=c.name,
            quadrant=_quadrant_label(c.quadrant.altitude, c.quadrant.facing),
            group=c.group,
            description=c.description,
            at_current=c.anchors.get(plan.current_level) if plan.current_level else None,
            at_target=c.anchors.get(plan.target_level),
            in_focus=c.id in focus,
        )
        for c in framework.competencies
    )
    return GoodPm(target.title, target.scope, target.behaviours, rows)


def _targets(plan: Plan, framework: Framework) -> dict[str, tuple[float, bool]]:
    spec = (
        framework.specialization(plan.specialization)
        if plan.specialization and framework.has_specialization(plan.specialization)
        else None
    )
    profile = target_profile(framework, plan.target_level, spec)
    out = {cid: (e.score, e.must_have) for cid, e in profile.items()}
    for g in plan.gaps:  # the plan is the record: its numbers win
        out[g.competency] = (g.target, g.must_have)
    return out


def _assessment(
    plan: Plan, assessment: Assessment, framework: Framework
) -> CurrentAssessment:
    gaps = {g.competency: g for g in plan.gaps}
    targets = _targets(plan, framework)
    lo, hi = framework.scale.min, framework.scale.max
    rows = []
    for c in plan.consensus:
        g = gaps.get(c.id)
        target, must = targets.get(c.id, (c.working, False))
        evidence = tuple(e.strip() for e in assessment.evidence.get(c.id, ()) if e.strip())
        gap = g.gap if g else 0.0
        assumption = None
        if gap > 0 and not evidence:
            raters = ", ".join(
                f"{who} {v:.1f}"
                for who, v in (("self", c.self), ("manager", c.manager), ("peers", c.peers))
                if v is not None
            )
            assumption = (
                f"Assumption: no written example yet; this gap rests on the ratings alone "
                f"({raters or 'no ratings: counted as 0'}). Bring one recent example to the "
                "first session."
            )
        rows.append(
            AssessedCompetency(
                id=c.id,
                name=c.name,
                self=c.self,
                manager=c.manager,
                peers=c.peers,
                peer_count=c.peer_count,
                current=c.working,
                target=target,
                gap=gap,
                must_have=must,
                needs_calibration=c.needs_calibration and not c.calibrated,
                bloom_now=bloom_from_score(c.working, lo, hi),
                evidence=evidence,
                assumption=assumption,
            )
        )
    order = {g.competency: i for i, g in enumerate(plan.gaps)}
    gap_rows = tuple(sorted((r for r in rows if r.is_gap), key=lambda r: order[r.id]))
    strengths = tuple(
        sorted((r for r in rows if not r.is_gap), key=lambda r: (r.target - r.current, r.name))
    )[:4]
    return CurrentAssessment(
        assessed_on=plan.assessed_on,
        rows=tuple(rows),
        strengths=strengths,
        gaps=gap_rows,
        constraints=_constraints(plan, assessment),
        constraints_note=(
            "The assessment file has no field for constraints, so these are derived from the "
            "plan's notes and inputs. They limit what the PM can show; they are not skill gaps. "
            "Add the real ones (scope, mandate, access to data, authority, workload) in the "
            "planning conversation."
        ),
        scale_min=lo,
        scale_max=hi,
    )


def _constraints(plan: Plan, assessment: Assessment) -> tuple[Constraint, ...]:
    out: list[Constraint] = []
    if plan.stale:
        months = (plan.cycle_start.year - plan.assessed_on.year) * 12 + (
            plan.cycle_start.month - plan.assessed_on.month
        )
        out.append(Constraint(
            f"The assessment is about {months} months old at the cycle start "
            f"({plan.assessed_on.isoformat()}): projects or role changes since then may have "
            "shifted the picture.",
            "assessment date",
        ))
    for c in plan.calibration:
        other, score = (("manager", c.manager) if c.manager is not None
                        and abs(c.self - c.manager) >= 2 else ("peers", c.peers or 0.0))
        out.append(Constraint(
            f"{c.name}: self ({c.self:.1f}) and {other} ({score:.1f}) disagree by "
            f"{abs(c.self - score):.1f} points. Until the calibration talk on "
            f"{c.date.isoformat()}, the lower score is used, so this gap may change.",
            "calibration",
        ))
    for note in plan.notes:
        out.append(Constraint(note, "plan note"))
    if not assessment.context.upcoming:
        out.append(Constraint(
            "No dated upcoming work was given, so stretch deadlines were set by rung, not by "
            "real events. Swap in real deadlines from the roadmap.",
            "inputs",
        ))
    named = {p.name.lower() for p in assessment.context.feedback_people}
    for fa in plan.focus_areas:
        provider = fa.feedback.provider
        if not any(n and n in provider.lower() for n in named):
            out.append(Constraint(
                f"{fa.name}: feedback is assigned to '{provider}', not a named person. "
                "Until someone agrees to observe, this bet has no outside view.",
                "inputs",
            ))
    return tuple(out)


def _next_bigger_challenge(plan: Plan, framework: Framework) -> str:
    target = framework.level(plan.target_level)
    scope = _lower_first(target.scope.rstrip(".")) if target.scope else ""
    line = f"Be trusted with the scope of a {target.title}"
    line += f": {scope}." if scope else "."
    if plan.focus_areas:
        first = plan.focus_areas[0].stretch_assignment
        line += (
            f" The first taste this cycle: {_lower_first(first.text.rstrip('.'))} "
            f"(by {first.due.isoformat()})."
        )
    return line


def _vision(plan: Plan, framework: Framework, bloom_now: dict[str, str | None]) -> SharedVision:
    gaps = {g.competency: g for g in plan.gaps}
    bets = []
    for fa in plan.focus_areas:
        g = gaps[fa.competency]
        bets.append(GrowthBet(
            competency=fa.competency,
            name=fa.name,
            current=g.current,
            target=g.target,
            gap=g.gap,
            bloom_now=bloom_now.get(fa.competency),
            bloom_target=fa.bloom_target,
            why=fa.rationale,
            challenge=f"{fa.stretch_assignment.text.rstrip('.')} "
            f"(due {fa.stretch_assignment.due.isoformat()})",
            success_signals=fa.milestones,
        ))
    return SharedVision(
        next_bigger_challenge=_next_bigger_challenge(plan, framework),
        horizon_question=(
            f"Beyond {framework.level(plan.target_level).title}: where does "
            f"{plan.person_name.split()[0]} want to be in two or three years, and does this "
            "cycle move in that direction?"
        ),
        bets=tuple(bets),
        cycle_start=plan.cycle_start,
        cycle_end=plan.cycle_end,
    )


def _development(
    plan: Plan, bloom_now: dict[str, str | None], manager: str
) -> tuple[DevelopmentItem, ...]:
    items = []
    for fa in plan.focus_areas:
        sa = fa.stretch_assignment
        reps = (
            (fa.weekly_rep.rstrip("."),)
            if fa.weekly_rep
            else ("In the weekly 5-minute self-check, note one thing practised on this bet",)
        )
        artifacts = (
            sa.output.rstrip("."),
            "one short written record per milestone: what happened, who saw it, the number",
        )
        items.append(DevelopmentItem(
            competency=fa.competency,
            name=fa.name,
            weekly_reps=reps,
            depth_path=bloom_path(bloom_now.get(fa.competency), fa.bloom_target),
            stretch=sa.text.rstrip("."),
            stretch_due=sa.due,
            artifacts=artifacts,
            learning=f"{fa.learning_resource.title} — {fa.learning_resource.scope.rstrip('.')}",
            feedback=f"{fa.feedback.provider}, every {fa.feedback.interval_days} days",
            coach_commitment=(
                f"{manager} spends part of each session every "
                f"{fa.coaching_touchpoint.interval_days} days on this: "
                f"{_lower_first(fa.coaching_touchpoint.text.rstrip('.'))}"
            ),
            measurement=fa.milestones,
        ))
    return tuple(items)


_CADENCE_NAMES = {
    "calibration": ("Calibration talk", "once per disputed score"),
    "first-action": ("First visible action", "once"),
    "weekly-self-check": ("Self-check by the PM", "weekly"),
    "biweekly-feedback": ("Feedback from the observer", "every 2 weeks per bet"),
    "launch-check": ("Launch check", "once, day 14"),
    "monthly-check-in": ("Coaching session (not a status 1:1)", "monthly"),
    "cycle-review": ("90-day review and refresh", "end of cycle"),
}

QUESTIONS: tuple[str, ...] = (
    "What would help you do the job you have now noticeably better?",
    "Pick one bet: where would you put yourself from 1 to 10 right now, and what would you "
    "be doing differently one point higher?",
    "What could I take off your plate or unblock this week?",
    "If you had to name one feeling about the stretch work right now, what would it be, and "
    "where does it come from?",
    "What did you try since we last spoke, and what would you change next time?",
    "If I were unreachable for a week, what would you decide here, and why?",
    "What would convince both of us that this bet is paying off?",
    "What is the next step only you can take, and when will you take it?",
)

DIRECTIVE_WHEN: tuple[str, ...] = (
    "A customer, legal, security or safety risk is about to land and there is no time for "
    "the PM to work out the answer.",
    "A deadline is hours away and a wrong call would be costly or hard to undo.",
    "The PM asks for a straight answer after trying their own first.",
    "The same avoidable mistake comes back after two coaching conversations: name plainly "
    "what has to change.",
    "Afterwards, explain the reasoning and hand the next call of that kind back to the PM.",
)

RAG_LEGEND: tuple[tuple[str, str], ...] = (
    ("green", "On track: reps happened most weeks and the next milestone is reachable by its "
              "date."),
    ("amber", "Slipping: reps missed or the stretch work is at risk; agree one change in this "
              "session."),
    ("red", "Stalled: no practice for two weeks or more, or the stretch work is gone; "
            "re-plan in this session."),
)

ADJUST_RULES: tuple[str, ...] = (
    "Red twice in a row: find out whether the blocker is time, the setting or the plan itself "
    "before changing the bet.",
    "The stretch project disappears: swap in another piece of real work with a date in the "
    "same session, never a course.",
    "A constraint is the blocker (scope, mandate, data access): that is a manager task, not "
    "the PM's skill gap.",
    "A bet goes green early: raise it one Bloom level instead of adding a fourth bet.",
)


def _toolkit(plan: Plan, manager: str, framework: Framework) -> Toolkit:
    by_kind: dict[str, list[CadenceEvent]] = {}
    for e in plan.cadence:
        by_kind.setdefault(e.kind, []).append(e)
    rows = []
    for kind, (what, how) in _CADENCE_NAMES.items():
        events = by_kind.get(kind)
        if not events:
            continue
        who = sorted({p for e in events for p in e.participants})
        rows.append(CadenceRow(what, how, events[0].minutes, events[0].date, len(events),
                               ", ".join(who)))
    months = max(1, round((plan.cycle_end - plan.cycle_start).days / 30))
    manager_minutes = sum(
        e.minutes for e in plan.cadence if manager in e.participants
    ) + sum(  # the manager also observes a bet when they are its named feedback provider
        e.minutes
        for e in by_kind.get("biweekly-feedback", [])
        if any(
            fa.competency == e.competency and manager in fa.feedback.provider
            for fa in plan.focus_areas
        )
        and manager not in e.participants
    )
    agenda = (
        AgendaItem(5, "The PM opens: one thing practised since last time, and the artifact "
                      "to look at."),
        AgendaItem(10, "Look at the artifact against the milestone's threshold: would two "
                       "observers agree it was met?"),
        AgendaItem(10, "Coaching questions on one bet; the PM chooses the next rep."),
        AgendaItem(5, "Colour each bet green, amber or red and write the next step with a date."),
    )
    targets = {c.id: c.anchors.get(plan.target_level) for c in framework.competencies}
    nudges = []
    prompts = []
    for fa in plan.focus_areas:
        prompts.append((fa.name, fa.coaching_touchpoint.text.rstrip(".") + "."))
        if fa.weekly_rep:
            nudges.append((fa.name, f"Mid-week, one line in chat: how did this week's rep go? "
                                    f"({_lower_first(fa.weekly_rep.rstrip('.'))})"))
        anchor = targets.get(fa.competency)
        if anchor:
            nudges.append((fa.name, f"When you see it in real work, say so within a day: "
                                    f"\u201c{anchor.rstrip('.')}\u201d is what "
                                    f"{plan.target_level_title} looks like."))
    review_points = sorted(
        [(fa.stretch_assignment.due, f"{fa.name}: {fa.stretch_assignment.output.rstrip('.')}")
         for fa in plan.focus_areas]
        + [(m.due, f"{fa.name}: milestone {i} — {m.text.rstrip('.')}")
           for fa in plan.focus_areas for i, m in enumerate(fa.milestones, start=1)],
        key=lambda x: (x[0], x[1]),
    )
    sessions = by_kind.get("monthly-check-in", [])
    return Toolkit(
        cadence=tuple(rows),
        manager_minutes_per_month=round(manager_minutes / months),
        agenda=agenda,
        questions=QUESTIONS,
        bet_prompts=tuple(prompts),
        nudges=tuple(nudges),
        directive_when=DIRECTIVE_WHEN,
        review_points=tuple(review_points),
        first_session=sessions[0].date if sessions else None,
    )


def _tracker(plan: Plan) -> Tracker:
    points: list[Checkpoint] = []
    for e in plan.cadence:
        if e.kind == "calibration":
            points.append(Checkpoint(e.date, e.title, "one recent example from each side"))
        elif e.kind == "first-action":
            points.append(Checkpoint(e.date, "First visible action done",
                                     _lower_first(plan.first_action.text.rstrip("."))))
        elif e.kind == "launch-check":
            points.append(Checkpoint(e.date, e.title, "observers agreed, first reps logged"))
        elif e.kind == "monthly-check-in":
            points.append(Checkpoint(e.date, e.title + ": colour each bet",
                                     "the self-check log and the latest artifact"))
        elif e.kind == "cycle-review":
            points.append(Checkpoint(e.date, e.title + ": re-score and refresh",
                                     "all artifacts, milestone records, observer feedback"))
    for fa in plan.focus_areas:
        points.append(Checkpoint(fa.stretch_assignment.due, f"{fa.name}: stretch work due",
                                 fa.stretch_assignment.output.rstrip(".")))
        for i, m in enumerate(fa.milestones, start=1):
            points.append(Checkpoint(m.due, f"{fa.name}: milestone {i}",
                                     m.threshold.rstrip(".")))
    points.sort(key=lambda p: (p.date, p.what))
    check_ins = [e.date for e in plan.cadence if e.kind == "monthly-check-in"]
    reviews = [e.date for e in plan.cadence if e.kind == "cycle-review"]
    refresh = reviews[-1] if reviews else plan.cycle_end
    columns = [(f"Month {i}", d) for i, d in enumerate(check_ins, start=1)]
    columns.append(("90-day review", refresh))
    return Tracker(
        checkpoints=tuple(points),
        rag_columns=tuple(columns),
        rag_rows=tuple(fa.name for fa in plan.focus_areas),
        rag_legend=RAG_LEGEND,
        refresh_on=refresh,
        next_cycle_start=plan.cycle_end + timedelta(days=1),
        adjust_rules=ADJUST_RULES,
    )


def _outlook(
    plan: Plan,
    assessment: Assessment,
    current: CurrentAssessment | None,
    manager: str,
) -> Outlook:
    risks: list[str] = []
    questions: list[str] = []
    first_name = plan.person_name.split()[0]
    if plan.stale:
        risks.append("The assessment is stale: the bets may rest on an old picture. "
                     "Re-rate the bets' competencies before the first session.")
    for c in plan.calibration:
        risks.append(f"{c.name} is still disputed (self {c.self:.1f}, manager "
                     f"{c.manager:.1f}): the bet may change after the talk on "
                     f"{c.date.isoformat()}.")
        questions.append(f"What score do {first_name} and {manager} agree on for {c.name}, "
                         "and which example settled it?")
    if current is not None:
        assumed = [r for r in current.gaps if r.assumption]
        if assumed:
            risks.append(f"{len(assumed)} of {len(current.gaps)} gaps rest on ratings without "
                         "a written example, so they may be misjudged.")
            for r in assumed:
                if any(r.id == fa.competency for fa in plan.focus_areas):
                    questions.append(f"What recent piece of work shows {r.name} at its current "
                                     f"level ({r.current:.1f})?")
    upcoming = {u.date: u.name for u in assessment.context.upcoming}
    for fa in plan.focus_areas:
        event = upcoming.get(fa.stretch_assignment.due)
        if event:
            risks.append(f"{fa.name} hangs on the {event} ({fa.stretch_assignment.due.isoformat()})"
                         ": if it moves, agree a replacement within a week.")
    risks.append("Status updates crowd out the coaching time: keep the monthly session for "
                 "growth only and move project updates elsewhere.")
    risks.append(f"If {first_name} did not shape the bets, the plan becomes {manager}'s "
                 "document: let the PM rewrite the bets and milestones in their own words.")
    questions.append(f"Does {first_name} want the next bigger challenge described in part 3? "
                     "If not, what would they rather be trusted with?")
    questions.append("Which constraints (scope, mandate, data access, workload) limit the bets "
                     "beyond the ones listed in part 2?")
    steps = [NextStep(plan.first_action.text.rstrip(".") or "Agree the first visible action",
                      plan.first_action.due)]
    for c in plan.calibration:
        steps.append(NextStep(f"Hold the 15-minute calibration talk on {c.name}", c.date))
    steps.append(NextStep(f"Share this document with {first_name} and let them rewrite the "
                          "bets in their own words before the first session",
                          plan.first_action.due))
    sessions = [e.date for e in plan.cadence if e.kind == "monthly-check-in"]
    if sessions:
        steps.append(NextStep("Put every coaching session in both calendars now: "
                              + ", ".join(d.isoformat() for d in sessions), sessions[0]))
    reviews = [e.date for e in plan.cadence if e.kind == "cycle-review"]
    if reviews:
        steps.append(NextStep("Quarterly refresh at the 90-day review: re-score, pick the "
                              "next headline, start the next cycle", reviews[-1]))
    steps.sort(key=lambda s: s.due or date.max)
    return Outlook(tuple(risks), tuple(questions), tuple(steps))


def _workshop(framework: Framework) -> Workshop:
    compass = (
        "PMwheel's eight buckets" if framework.id == "pmwheel" else
        f"the {len(framework.competencies)} competencies of {framework.name}"
    )
    return Workshop(
        minutes=75,
        steps=(
            (15, "Agree the compass",
             f"Walk through {compass} and what good looks like at each level here. Rewrite "
             "anything the team finds vague; a definition the team owns comes first, lining "
             "it up with the company's HR ladder can wait."),
            (10, "Rate privately",
             "Each PM scores themselves on every competency before any discussion."),
            (20, "Next bigger challenge, in pairs",
             "Each PM names the project they want to be trusted with next; the partner asks "
             "what would make them ready and what evidence would show it."),
            (20, "Team patterns",
             "Where three or more people share a gap, choose one shared learning piece or "
             "practice session. Stretch work and milestones stay individual."),
            (10, "Rhythm",
             "Agree the monthly colour check and the quarterly refresh dates, and how the team "
             "nudges each other week to week (a channel, a stand-up minute)."),
        ),
        note=("Run this with the whole team. Individual scores and evidence in this pack stay "
              "between the PM and the manager."),
    )


def build_coaching_pack(
    plan: Plan,
    assessment: Assessment,
    framework: Framework,
    *,
    goal: str | None = None,
    non_hr: bool = False,
) -> CoachingPack:
    """The PM Coaching Pack for `plan`; with `non_hr`, only the coaching plan (no assessment,
    evidence, tracker or workshop) and no quality checklist."""
    from rung.core.coaching_checks import run_checklist

    manager = plan.manager_name or assessment.manager_name() or "the manager"
    current = _assessment(plan, assessment, framework)
    bloom_now = {r.id: r.bloom_now for r in current.rows}
    pack = CoachingPack(
        person_name=plan.person_name,
        manager_name=manager,
        current_title=plan.current_level_title,
        target_title=plan.target_level_title,
        framework_name=plan.framework_name,
        cycle_start=plan.cycle_start,
        cycle_end=plan.cycle_end,
        goal=goal.strip() if goal and goal.strip() else None,
        non_hr=non_hr,
        good_pm=_good_pm(plan, framework),
        assessment=None if non_hr else current,
        vision=_vision(plan, framework, bloom_now),
        development=_development(plan, bloom_now, manager),
        toolkit=_toolkit(plan, manager, framework),
        tracker=None if non_hr else _tracker(plan),
        outlook=_outlook(plan, assessment, None if non_hr else current, manager),
        workshop=None if non_hr else _workshop(framework),
    )
    if non_hr:
        return pack
    return replace(pack, checks=run_checklist(pack))
