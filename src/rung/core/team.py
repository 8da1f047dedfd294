"""A manager's team at a glance: each PM's gaps to their own target, the focus competencies
several PMs share, and a two-week schedule for the planning conversations.

Nothing here compares people. A heatmap cell is one PM's distance to *their own* target
(their level, their specialization); columns are in name order and nothing is totalled per
person. Shared patterns suggest one shared learning resource or a workshop, while every PM
keeps an individual plan: the stretch work, milestones and reviews stay personal (seed 000).
"""

from __future__ import annotations

from collections.abc import Container, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, time, timedelta

from rung.core.activities import ActivityLibrary, LearningTemplate
from rung.core.assessment import Assessment
from rung.core.builder import resolve_target
from rung.core.consensus import build_consensus
from rung.core.dates import NO_HOLIDAYS, is_business_day, is_stale
from rung.core.focus import select_focus
from rung.core.framework import Framework
from rung.core.gaps import rank_gaps
from rung.core.scores import round1
from rung.core.targets import target_profile

# The method: 45-60 minutes per planning conversation, staggered over two weeks rather than
# crammed into one day, with 90 minutes to 3 hours of preparation for each.
CONVERSATION_MINUTES = 60
STAGGER_BUSINESS_DAYS = 10
# Morning first, then afternoon, with time to write up in between; at most six a day.
SLOT_TIMES = (time(10, 0), time(14, 0), time(11, 30), time(15, 30), time(9, 0), time(16, 30))
SHARED_FROM = 2  # PMs sharing a focus competency before a shared resource is suggested


@dataclass(frozen=True)
class MemberGaps:
    """One PM's distance to their own target, per competency of their framework."""

    person_id: str
    name: str
    framework_id: str
    target_title: str
    assessed_on: date
    stale: bool
    # competency id -> target minus current (0 when at or above target), the numbers the plan
    # ranks; None when nobody rated it (its gap is unknown).
    gaps: Mapping[str, float | None]
    # Self and manager are 2+ points apart: the gap uses the lower score until they calibrate.
    awaiting_calibration: frozenset[str]
    focus: tuple[str, ...]  # the plan's focus competencies, else the engine's proposal
    focus_from_plan: bool


def member_gaps(
    assessment: Assessment,
    framework: Framework,
    *,
    today: date,
    plan_focus: Sequence[str] | None = None,
) -> MemberGaps:
    """The gaps of one PM's latest assessment against the target their plan would use."""
    person = assessment.person
    target = resolve_target(framework, assessment, f"assessment of {person.id}")
    spec = (framework.specialization(person.specialization)
            if person.specialization and framework.has_specialization(person.specialization)
            else None)
    consensus = build_consensus(assessment, framework)
    profile = target_profile(framework, target.id, spec)
    career_changer = person.level is None
    gaps: dict[str, float | None] = {}
    for c in consensus:
        # As in the plan: an unrated competency is unknown, except for a career changer, who
        # starts from zero; a divergence awaiting calibration counts the lower of the two.
        gaps[c.id] = (max(0.0, round1(profile[c.id].score - c.working))
                      if c.rated or career_changer else None)
    if plan_focus is None:
        ranked = rank_gaps(framework, consensus, profile, target_title=target.title,
                           foundational_first=career_changer, unrated_as_zero=career_changer)
        focus = tuple(s.gap.competency
                      for s in select_focus(framework, ranked, foundational_first=career_changer))
    else:
        focus = tuple(plan_focus)
    return MemberGaps(
        person_id=person.id,
        name=person.name,
        framework_id=framework.id,
        target_title=target.title,
        assessed_on=assessment.assessed_on,
        stale=is_stale(assessment.assessed_on, today),
        gaps=gaps,
        awaiting_calibration=frozenset(c.id for c in consensus if c.needs_calibration),
        focus=focus,
        focus_from_plan=plan_focus is not None,
    )


@dataclass(frozen=True)
class Heatmap:
    framework_id: str
    competencies: tuple[tuple[str, str, str], ...]  # (id, name, quadrant key), framework order
    members: tuple[MemberGaps, ...]  # name order: a grid of people, never a ranking

    def cell(self, member: MemberGaps, competency: str) -> float | None:
        return member.gaps.get(competency)


def heatmaps(members: Sequence[MemberGaps], frameworks: Mapping[str, Framework]
             ) -> tuple[Heatmap, ...]:
    """One grid per framework in use (competencies differ between frameworks)."""
    by_framework: dict[str, list[MemberGaps]] = {}
    for m in members:
        by_framework.setdefault(m.framework_id, []).append(m)
    out = []
    for fid in sorted(by_framework):
        fw = frameworks[fid]
        rows = tuple((c.id, c.name, c.quadrant.key) for c in fw.competencies)
        people = tuple(sorted(by_framework[fid], key=lambda m: (m.name.casefold(), m.person_id)))
        out.append(Heatmap(fid, rows, people))
    return tuple(out)


@dataclass(frozen=True)
class SharedPattern:
    """A focus competency several PMs share, with one thing they could do together."""

    framework_id: str
    competency: str
    name: str
    people: tuple[str, ...]  # names, alphabetical
    resource: LearningTemplate | None
    workshop: str


TEAM_BAND = "senior"


def shared_patterns(
    members: Sequence[MemberGaps],
    frameworks: Mapping[str, Framework],
    libraries: Mapping[str, ActivityLibrary],
    *,
    min_people: int = SHARED_FROM,
) -> tuple[SharedPattern, ...]:
    """Focus competencies shared by `min_people` or more PMs (of one framework), most shared
    first; each with a shared learning resource and a workshop outline."""
    groups: dict[tuple[str, str], list[str]] = {}
    for m in members:
        for competency in m.focus:
            groups.setdefault((m.framework_id, competency), []).append(m.name)
    patterns = []
    for (fid, competency), names in groups.items():
        if len(names) < min_people:
            continue
        fw = frameworks[fid]
        comp = fw.competency(competency)
        # A team spans levels: the shared resource is pitched at the middle band.
        activity = (libraries[fid].activity_set(competency, TEAM_BAND) if fid in libraries
                    else None)
        resource = activity.learning[0] if activity and activity.learning else None
        practice = activity.coaching if activity else f"One real piece of {comp.name} work"
        practice = practice[:1].lower() + practice[1:]  # it continues a sentence
        workshop = (
            f"One {CONVERSATION_MINUTES}-minute workshop for the {len(names)} of them: each "
            f"brings the stretch assignment from their own plan, and together they work "
            f"through this: {practice.rstrip('.')}. Their plans, milestones and reviews stay "
            "individual."
        )
        patterns.append(SharedPattern(fid, competency, comp.name,
                                      tuple(sorted(names, key=str.casefold)), resource,
                                      workshop))
    order = {(fid, c.id): i for fid, fw in frameworks.items()
             for i, c in enumerate(fw.competencies)}
    patterns.sort(key=lambda p: (-len(p.people), p.framework_id,
                                 order[(p.framework_id, p.competency)]))
    return tuple(patterns)


@dataclass(frozen=True)
class Conversation:
    person_id: str
    name: str
    day: date
    start: time
    minutes: int
    reason: str


@dataclass(frozen=True)
class PlanningNeed:
    """Why a PM needs a planning conversation now; `urgency` orders the schedule."""

    person_id: str
    name: str
    urgency: int  # 0 first: no plan, 1 plan ends soon / stale data, 2 otherwise
    reason: str


def stagger(
    needs: Sequence[PlanningNeed],
    *,
    start: date,
    holidays: Container[date] = NO_HOLIDAYS,
    business_days: int = STAGGER_BUSINESS_DAYS,
) -> tuple[Conversation, ...]:
    """Spread the planning conversations over `business_days` business days from `start`.

    As few per day as the count allows (one a day up to ten people), so the manager has time
    to prepare each; the most urgent go first, ties in name order. Past six a day the window
    grows instead.
    """
    if not needs:
        return ()
    window = max(business_days, -(-len(needs) // len(SLOT_TIMES)))
    days: list[date] = []
    d = start
    while len(days) < window:
        if is_business_day(d, holidays):
            days.append(d)
        d += timedelta(days=1)
    per_day = -(-len(needs) // len(days))
    ordered = sorted(needs, key=lambda n: (n.urgency, n.name.casefold(), n.person_id))
    # Spread evenly: with 6 people over 10 days, every other day rather than days 1-6.
    out = []
    for i, need in enumerate(ordered):
        slot_day = days[(i * len(days)) // len(ordered)] if per_day == 1 else days[i // per_day]
        slot = 0 if per_day == 1 else i % per_day
        out.append(Conversation(need.person_id, need.name, slot_day, SLOT_TIMES[slot],
                                CONVERSATION_MINUTES, need.reason))
    return tuple(out)
