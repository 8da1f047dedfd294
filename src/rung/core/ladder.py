"""The promotion-readiness ladder: current → target level over 12 months, built on the plan.

What seed 004 attempts, done with the plan's real numbers:

- gaps from the plan (self, manager, peers, current, target, gap, must-have);
- cycles of 90 days, at most three focus areas each. Cycle 1 is the plan itself; a gap stays in
  focus for `cycles_needed` cycles (about `POINTS_PER_CYCLE` points a cycle, a stated
  assumption), and freed slots go to the next gaps in the plan's ranking;
- milestones on calendar dates at 3 months (the plan's own milestones), 6 months (the cycle-2
  review) and 12 months (the cycle-4 review);
- an evidence checklist per competency, from the framework's anchor for the target level.

Later cycles are projections: each is re-planned, with its own dated milestones, at the review
that opens it. Pure standard library.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta

from rung.core.cadence import review_date
from rung.core.dates import NO_HOLIDAYS, cycle_end, on_or_after
from rung.core.framework import Framework
from rung.core.plan import FocusArea, Gap, Plan

POINTS_PER_CYCLE = 1.5  # score points one focused 90-day cycle can plausibly close
MAX_FOCUS = 3
CYCLES = 4  # 12 months
HORIZON_CYCLE = {3: 1, 6: 2, 12: 4}  # months → the cycle whose review marks them


@dataclass(frozen=True)
class LadderGap:
    competency: str
    name: str
    self: float | None
    manager: float | None
    peers: float | None
    current: float
    target: float
    gap: float
    must_have: bool
    tier: str
    pending_calibration: bool
    cycles_needed: int
    cycles: tuple[int, ...]  # the cycles (1-4) it is in focus; () = beyond 12 months


@dataclass(frozen=True)
class LadderCycle:
    number: int
    start: date
    end: date
    review: date
    focus: tuple[str, ...]  # competency names


@dataclass(frozen=True)
class LadderMilestone:
    months: int  # 3, 6 or 12
    due: date
    competency: str  # name, or "" for a milestone about the whole promotion case
    text: str
    threshold: str
    from_plan: bool  # True for the 3-month milestones: the plan's own


@dataclass(frozen=True)
class ChecklistItem:
    text: str


@dataclass(frozen=True)
class CompetencyChecklist:
    competency: str
    name: str
    current: float
    target: float
    must_have: bool
    met: bool
    anchor: str | None
    items: tuple[ChecklistItem, ...]


@dataclass(frozen=True)
class Ladder:
    plan: Plan
    cycles: tuple[LadderCycle, ...]
    gaps: tuple[LadderGap, ...]
    met: tuple[tuple[str, float], ...]  # competencies already at target: (name, score)
    milestones: tuple[LadderMilestone, ...]
    checklists: tuple[CompetencyChecklist, ...]
    level_behaviours: tuple[str, ...]
    projected_ready: date | None  # review at which every must-have gap is projected closed
    open_after_12_months: tuple[str, ...]


def cycles_needed(gap: float) -> int:
    return max(1, math.ceil(round(gap / POINTS_PER_CYCLE, 6)))


def cycle_dates(plan: Plan, count: int = CYCLES) -> list[tuple[date, date, date]]:
    """(start, end, review) per cycle; cycle 1 is the plan's own."""
    reviews = [e.date for e in plan.cadence if e.kind == "cycle-review"]
    out = [(plan.cycle_start, plan.cycle_end, reviews[-1] if reviews else plan.cycle_end)]
    while len(out) < count:
        start = on_or_after(out[-1][1] + timedelta(days=1), NO_HOLIDAYS)
        out.append((start, cycle_end(start), review_date(start, NO_HOLIDAYS)))
    return out


def _schedule(plan: Plan) -> dict[str, tuple[int, ...]]:
    """Which cycles each gap is in focus: cycle 1 from the plan, then the ranking."""
    remaining = {g.competency: cycles_needed(g.gap) for g in plan.gaps}
    order = [g.competency for g in plan.gaps]
    active = [fa.competency for fa in plan.focus_areas]
    schedule: dict[str, list[int]] = {cid: [] for cid in order}
    for n in range(1, CYCLES + 1):
        if n > 1:
            active = [cid for cid in active if remaining[cid] > 0]
            for cid in order:
                if len(active) >= MAX_FOCUS:
                    break
                if remaining[cid] > 0 and cid not in active and not schedule[cid]:
                    active.append(cid)
        for cid in active:
            schedule[cid].append(n)
            remaining[cid] -= 1
    return {cid: tuple(cycles) for cid, cycles in schedule.items()}


def _projected(g: Gap, cycles_done: int) -> float:
    return min(g.target, g.current + POINTS_PER_CYCLE * cycles_done)


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if len(text) > 1 and not text[1].isupper() else text


def build_ladder(plan: Plan, framework: Framework) -> Ladder:
    consensus = {c.id: c for c in plan.consensus}
    gap_ids = {g.competency for g in plan.gaps}
    schedule = _schedule(plan)
    dates = cycle_dates(plan)
    cycles = tuple(
        LadderCycle(
            n,
            start,
            end,
            review,
            tuple(g.name for g in plan.gaps if n in schedule[g.competency]),
        )
        for n, (start, end, review) in enumerate(dates, start=1)
    )
    gaps = tuple(
        LadderGap(
            competency=g.competency,
            name=g.name,
            self=consensus[g.competency].self,
            manager=consensus[g.competency].manager,
            peers=consensus[g.competency].peers,
            current=g.current,
            target=g.target,
            gap=g.gap,
            must_have=g.must_have,
            tier=g.tier,
            pending_calibration=consensus[g.competency].needs_calibration
            and not consensus[g.competency].calibrated,
            cycles_needed=cycles_needed(g.gap),
            cycles=schedule[g.competency],
        )
        for g in plan.gaps
    )
    open_after = tuple(
        lg.name for lg in gaps if len(lg.cycles) < lg.cycles_needed
    )
    must_close = [
        max(lg.cycles) for lg in gaps if lg.must_have and len(lg.cycles) >= lg.cycles_needed
    ]
    must_open = [lg for lg in gaps if lg.must_have and len(lg.cycles) < lg.cycles_needed]
    ready = None if must_open else (cycles[max(must_close) - 1].review if must_close
                                    else cycles[0].review)
    return Ladder(
        plan=plan,
        cycles=cycles,
        gaps=gaps,
        met=tuple((c.name, c.working) for c in plan.consensus if c.id not in gap_ids),
        milestones=_milestones(plan, framework, cycles, schedule, ready, open_after),
        checklists=_checklists(plan, framework),
        level_behaviours=framework.level(plan.target_level).behaviours,
        projected_ready=ready,
        open_after_12_months=open_after,
    )


def _milestones(
    plan: Plan,
    framework: Framework,
    cycles: tuple[LadderCycle, ...],
    schedule: dict[str, tuple[int, ...]],
    ready: date | None,
    open_after: tuple[str, ...],
) -> tuple[LadderMilestone, ...]:
    out: list[LadderMilestone] = []
    for fa in plan.focus_areas:
        for m in fa.milestones:
            out.append(LadderMilestone(3, m.due, fa.name, m.text.rstrip("."),
                                       m.threshold.rstrip("."), True))
    manager = plan.manager_name or "the manager"
    for g in plan.gaps:
        anchor = framework.competency(g.competency).anchors.get(plan.target_level)
        shows = f"'{_lower_first(anchor.rstrip('.'))}'" if anchor else "the target behaviour"
        done_by_6 = sum(1 for n in schedule[g.competency] if n <= HORIZON_CYCLE[6])
        if done_by_6:
            score = _projected(g, done_by_6)
            closes = score >= g.target
            out.append(LadderMilestone(
                6, cycles[HORIZON_CYCLE[6] - 1].review, g.name,
                f"Present 2 pieces of recent work at the cycle-2 review that show {shows}, and "
                f"get {g.name.lower()} re-scored",
                (f"self and {manager} both score {g.target:.1f} (the target) or higher; now "
                 f"{g.current:.1f}" if closes else
                 f"self and {manager} both score {score:.1f} or higher on the way to "
                 f"{g.target:.1f}; now {g.current:.1f}"),
                False,
            ))
        done_by_12 = sum(1 for n in schedule[g.competency] if n <= HORIZON_CYCLE[12])
        if done_by_12 and max(schedule[g.competency]) > HORIZON_CYCLE[6]:
            score = _projected(g, done_by_12)
            out.append(LadderMilestone(
                12, cycles[HORIZON_CYCLE[12] - 1].review, g.name,
                f"Present {g.name.lower()} evidence at the cycle-4 review, a peer confirming in "
                f"writing that they saw {shows}",
                f"{score:.1f} or higher from self, {manager} and at least 1 peer"
                + (" (the target)" if score >= g.target else f" on the way to {g.target:.1f}")
                + f"; now {g.current:.1f}",
                False,
            ))
    must = [g for g in plan.gaps if g.must_have]
    which = (
        "every gap closed" if not must else
        "the must-have competency at target" if len(must) == 1 else
        "both must-have competencies at target" if len(must) == 2 else
        f"all {len(must)} must-have competencies at target"
    )
    six, twelve = cycles[HORIZON_CYCLE[6] - 1].review, cycles[HORIZON_CYCLE[12] - 1].review
    if ready is not None:
        months = 6 if ready <= six else 12
        out.append(LadderMilestone(
            months, six if months == 6 else twelve, "",
            f"Present the promotion case to {manager}, built from the evidence checklist",
            f"{which}, and every checklist item for them ticked with at least 1 linked example",
            False,
        ))
    else:
        out.append(LadderMilestone(
            12, twelve, "",
            f"Decide with {manager} at the cycle-4 review how to close what is still open: "
            + ", ".join(open_after),
            f"{len(open_after)} gap(s) projected open after 4 cycles at "
            f"{POINTS_PER_CYCLE:.1f} points a cycle; a dated plan for each",
            False,
        ))
    out.sort(key=lambda m: (m.months, m.due, m.competency == "", m.competency))
    return tuple(out)


def _checklists(plan: Plan, framework: Framework) -> tuple[CompetencyChecklist, ...]:
    gaps = {g.competency: g for g in plan.gaps}
    focus: dict[str, FocusArea] = {fa.competency: fa for fa in plan.focus_areas}
    out = []
    for c in plan.consensus:
        comp = framework.competency(c.id)
        anchor = comp.anchors.get(plan.target_level)
        g = gaps.get(c.id)
        items: list[str] = []
        if g is None:
            example = f"'{_lower_first(anchor.rstrip('.'))}'" if anchor else "the behaviour"
            items.append(f"1 recent example on file of {example}")
            out.append(CompetencyChecklist(c.id, c.name, c.working, c.working, False, True,
                                           anchor, tuple(ChecklistItem(i) for i in items)))
            continue
        if anchor:
            items.append(f"{anchor.rstrip('.')}: at least 2 examples from real work in the "
                         "last 6 months, each linked to its artifact")
        else:
            items.append(f"2 examples from real work showing {c.name.lower()} at the target "
                         "level, each linked to its artifact")
        fa = focus.get(c.id)
        if fa is not None:
            items.append(f"This cycle's artifact, due {fa.stretch_assignment.due.isoformat()}: "
                         f"{fa.stretch_assignment.output.rstrip('.')}")
            observer = fa.feedback.provider
        else:
            observer = "a peer at the target level"
        items.append(f"Written confirmation from {observer} that they saw it, not only "
                     f"{plan.manager_name or 'the manager'}")
        items.append(f"Self and manager scores of {g.target:.1f} or higher at a cycle "
                     f"re-score (now {g.current:.1f})")
        out.append(CompetencyChecklist(c.id, c.name, g.current, g.target, g.must_have, False,
                                       anchor, tuple(ChecklistItem(i) for i in items)))
    out.sort(key=lambda x: (x.met, not x.must_have, -(x.target - x.current), x.name))
    return tuple(out)

