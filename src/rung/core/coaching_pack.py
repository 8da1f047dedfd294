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
`rung.core.hr_boundary` and declined; `build_coaching_pack(..., non_hr=True)` then builds only
the development plan, with no assessment, evidence or tracker that could be reused as HR
paperwork.

The sentences every pack shares (Bloom's ladder, the agenda, the questions, the colour check,
the workshop) are content, passed in as `CoachingProse`; the ones built from the plan are here.
Pure standard library: no I/O, no rendering.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, timedelta

from rung.core.assessment import Assessment
from rung.core.bloom import bloom_from_score, bloom_path
from rung.core.coaching_checks import run_checklist
from rung.core.coaching_pack_model import (
    AssessedCompetency,
    CadenceRow,
    Checkpoint,
    CoachingPack,
    CoachingProse,
    CompetencyExpectation,
    Constraint,
    CurrentAssessment,
    DevelopmentItem,
    GoodPm,
    GrowthBet,
    NextStep,
    Outlook,
    SharedVision,
    Toolkit,
    Tracker,
    Workshop,
)
from rung.core.framework import Framework
from rung.core.plan import CadenceEvent, Plan
from rung.core.targets import target_profile


def _quadrant_label(altitude: str, facing: str) -> str:
    return f"{altitude.capitalize()} · {facing}"


_NAME_START = re.compile(r"^[A-Z][a-z]+ [A-Z][a-z]+")  # a person's name starts the sentence


def _lower_first(text: str) -> str:
    """'A product area' -> 'a product area'; 'PM reviews' and 'Priya Shah' keep their case."""
    if len(text) > 1 and (text[1].isupper() or _NAME_START.match(text)):
        return text
    return text[:1].lower() + text[1:]


def _good_pm(plan: Plan, framework: Framework, prose: CoachingProse) -> GoodPm:
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
    return GoodPm(target.title, target.scope, target.behaviours, rows, prose.bloom)


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
    plan: Plan, assessment: Assessment, framework: Framework, prose: CoachingProse
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
        constraints_note=prose.constraints_note,
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
    plan: Plan, bloom_now: dict[str, str | None], manager: str, prose: CoachingProse
) -> tuple[DevelopmentItem, ...]:
    items = []
    for fa in plan.focus_areas:
        sa = fa.stretch_assignment
        reps = (fa.weekly_rep.rstrip("."),) if fa.weekly_rep else (prose.default_rep,)
        artifacts = (sa.output.rstrip("."), prose.milestone_record)
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


def _toolkit(plan: Plan, manager: str, framework: Framework, prose: CoachingProse) -> Toolkit:
    by_kind: dict[str, list[CadenceEvent]] = {}
    for e in plan.cadence:
        by_kind.setdefault(e.kind, []).append(e)
    rows = []
    for kind, what, how in prose.cadence:
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
        agenda=prose.agenda,
        questions=prose.questions,
        bet_prompts=tuple(prompts),
        nudges=tuple(nudges),
        directive_when=prose.directive_when,
        review_points=tuple(review_points),
        first_session=sessions[0].date if sessions else None,
    )


def _tracker(plan: Plan, prose: CoachingProse) -> Tracker:
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
        rag_legend=prose.colour_check,
        refresh_on=refresh,
        next_cycle_start=plan.cycle_end + timedelta(days=1),
        adjust_rules=prose.adjust_rules,
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
        risk, asks = _assumptions(plan, current)
        risks += risk
        questions += asks
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
    return Outlook(tuple(risks), tuple(questions), _next_steps(plan, first_name))


def _assumptions(plan: Plan, current: CurrentAssessment) -> tuple[list[str], list[str]]:
    """(the risk, the questions) of gaps that rest on ratings without a written example."""
    assumed = [r for r in current.gaps if r.assumption]
    if not assumed:
        return [], []
    risk = (f"{len(assumed)} of {len(current.gaps)} gaps rest on ratings without a written "
            "example, so they may be misjudged.")
    focus = {fa.competency for fa in plan.focus_areas}
    return [risk], [f"What recent piece of work shows {r.name} at its current level "
                    f"({r.current:.1f})?" for r in assumed if r.id in focus]


def _next_steps(plan: Plan, first_name: str) -> tuple[NextStep, ...]:
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
    return tuple(steps)


def _workshop(framework: Framework, prose: CoachingProse) -> Workshop:
    compass = (
        "PMwheel's eight buckets" if framework.id == "pmwheel" else
        f"the {len(framework.competencies)} competencies of {framework.name}"
    )
    outline = prose.workshop
    return replace(outline, steps=tuple((minutes, title, text.format(compass=compass))
                                        for minutes, title, text in outline.steps))


def build_coaching_pack(
    plan: Plan,
    assessment: Assessment,
    framework: Framework,
    *,
    prose: CoachingProse,
    goal: str | None = None,
    non_hr: bool = False,
) -> CoachingPack:
    """The PM Coaching Pack for `plan`; with `non_hr`, only the coaching plan (no assessment,
    evidence, tracker or workshop) and no quality checklist. The built-in `prose` is
    `rung.io.coaching_prose.load_coaching_prose()`."""
    manager = plan.manager_name or assessment.manager_name() or "the manager"
    current = _assessment(plan, assessment, framework, prose)
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
        good_pm=_good_pm(plan, framework, prose),
        assessment=None if non_hr else current,
        vision=_vision(plan, framework, bloom_now),
        development=_development(plan, bloom_now, manager, prose),
        toolkit=_toolkit(plan, manager, framework, prose),
        tracker=None if non_hr else _tracker(plan, prose),
        outlook=_outlook(plan, assessment, None if non_hr else current, manager),
        workshop=None if non_hr else _workshop(framework, prose),
    )
    if non_hr:
        return pack
    return replace(pack, checks=run_checklist(pack))
