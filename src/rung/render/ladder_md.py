"""Ladder → Markdown that rung's own linter reads correctly and passes.

The current cycle is written in rung's plan layout (header with `cycle A → B` and `assessed`,
`**This week (by …):**`, `### N. Name` focus areas with labelled bullets, a `Date | What` calendar
table, the calibration table), so the linter judges it like any plan: at most three focus areas,
dated milestones with thresholds, stretch work, feedback, coaching, the review cadence.

The 3-, 6- and 12-month milestones sit in one table with calendar dates. The Markdown reader
does not take table rows for milestones, so the later-cycle ones (outside the current cycle by
design) are not judged by the 90-day rules; `rung.core.ladder` guarantees each has a date, a
number and an observable action instead, and the tests check that with the linter's own
vocabulary.
"""

from __future__ import annotations

from collections.abc import Iterable

from rung.core.ladder import POINTS_PER_CYCLE, Ladder, LadderGap
from rung.core.plan import Plan
from rung.render._md import cell as _cell
from rung.render._md import escaped
from rung.render._md import score as _score
from rung.render._md import sentence as _sentence
from rung.render.markdown_plan import calendar_section, calibration_section, focus_area_section


def _cycles(numbers: Iterable[int]) -> str:
    numbers = list(numbers)
    return ", ".join(str(n) for n in numbers) if numbers else "after month 12"


def projection_line(ladder: Ladder) -> str:
    if not ladder.gaps:
        return ("Projected: no gaps, the profile already meets the target; assemble the "
                "promotion case from the evidence checklist.")
    must = sum(1 for g in ladder.gaps if g.must_have)
    pace = (f"at about {POINTS_PER_CYCLE:.1f} points per focused 90-day cycle, a projection "
            "re-checked at every review")
    if ladder.projected_ready is not None:
        what = ("every gap closed" if not must else
                f"{must} must-have competenc{'y' if must == 1 else 'ies'} at target")
        line = f"Projected: {what} by {ladder.projected_ready.isoformat()} ({pace})."
    else:
        line = (f"Projected: must-have gaps still open after 12 months ({pace}): "
                + ", ".join(ladder.open_after_12_months) + ".")
    return line


def render_ladder_markdown(ladder: Ladder) -> str:
    ladder = escaped(ladder)  # people's text never becomes HTML
    plan = ladder.plan
    out: list[str] = []
    add = out.append
    add(f"# Promotion-readiness ladder: {plan.person_name}")
    add(
        f"**{plan.current_level_title} → {plan.target_level_title}** · framework: "
        f"{plan.framework_name} ({plan.framework_id}) · current cycle "
        f"**{plan.cycle_start.isoformat()} → {plan.cycle_end.isoformat()}** · assessed "
        f"{plan.assessed_on.isoformat()}" + (" ⚠ stale assessment" if plan.stale else "")
    )
    add("")
    add(projection_line(ladder))
    add("")
    add(f"**This week (by {plan.first_action.due.isoformat()}):** "
        f"{_sentence(plan.first_action.text)}")
    add("")
    _gaps(out, ladder)
    _focus(out, plan)
    _milestones(out, ladder)
    _cycles_ahead(out, ladder)
    calendar_section(out, plan, "Calendar for this cycle")
    calibration_section(out, plan)
    _checklist(out, ladder)
    return "\n".join(out).rstrip("\n") + "\n"


def _gaps(out: list[str], ladder: Ladder) -> None:
    add = out.append
    plan = ladder.plan
    add(f"## Gaps to {plan.target_level_title}")
    if not ladder.gaps:
        add(f"No gaps: every competency is at or above the {plan.target_level_title} target.")
        add("")
        return
    add("| Competency | Must-have | Self | Manager | Peers | Current | Target | Gap | "
        "Focus cycles |")
    add("|---|---|---|---|---|---|---|---|---|")
    for g in ladder.gaps:
        add(f"| {_cell(g.name)} | {'yes' if g.must_have else 'no'} | {_score(g.self)} | "
            f"{_score(g.manager)} | {_score(g.peers)} | {_current(g)} | {_score(g.target)} | "
            f"{_score(g.gap)} | {_cycles(g.cycles)} |")
    add("")
    if ladder.met:
        add("At or above target: " + ", ".join(f"{n} ({s:.1f})" for n, s in ladder.met) + ".")
    if any(g.pending_calibration for g in ladder.gaps):
        add("")
        add("\\* pending calibration: the lower of self and manager is used until agreed.")
    add("")


def _current(g: LadderGap) -> str:
    return f"{g.current:.1f}*" if g.pending_calibration else f"{g.current:.1f}"


def _focus(out: list[str], plan: Plan) -> None:
    add = out.append
    add(f"## Focus areas this cycle ({plan.cycle_start.isoformat()} → "
        f"{plan.cycle_end.isoformat()})")
    if not plan.focus_areas:
        add("No focus areas: nothing to close for this target.")
        add("")
        return
    add("The 3-month step of the ladder is this plan: at most three focus areas, each with "
        "real stretch work and dated milestones.")
    add("")
    for i, fa in enumerate(plan.focus_areas, start=1):
        focus_area_section(out, i, fa, plan)


def _milestones(out: list[str], ladder: Ladder) -> None:
    add = out.append
    add("## Milestones at 3, 6 and 12 months")
    add("Three months is this cycle's own milestones; 6 and 12 months are the reviews of "
        "cycles 2 and 4, where the next plans turn them into their own dated milestones.")
    add("")
    add("| By | Date | Competency | Milestone | Threshold |")
    add("|---|---|---|---|---|")
    for m in ladder.milestones:
        add(f"| {m.months} months | {m.due.isoformat()} | {_cell(m.competency or 'Promotion')} "
            f"| {_cell(m.text)} | {_cell(m.threshold)} |")
    add("")


def _cycles_ahead(out: list[str], ladder: Ladder) -> None:
    add = out.append
    add("## Cycles ahead (projected)")
    add("| Cycle | Starts | Ends with the review on | In focus |")
    add("|---|---|---|---|")
    for c in ladder.cycles:
        focus = ", ".join(c.focus) or "no gap left: hold the level, widen the scope"
        add(f"| {c.number} | {c.start.isoformat()} | {c.review.isoformat()} | {_cell(focus)} |")
    add("")
    add("A gap stays in focus for as many cycles as its size needs; a freed slot goes to the "
        "next gap in the ranking.")
    add("")


def _checklist(out: list[str], ladder: Ladder) -> None:
    add = out.append
    plan = ladder.plan
    add("## Evidence checklist per competency")
    add(f"Tick an item only with a link to the work. What a {plan.target_level_title} is "
        "seen doing:")
    add("")
    for b in ladder.level_behaviours:
        add(f"- [ ] {_sentence(b)} (1 example)")
    add("")
    for c in ladder.checklists:
        if c.met:
            continue
        must = ", must-have" if c.must_have else ""
        add(f"### {c.name} ({c.current:.1f} → {c.target:.1f}{must})")
        for item in c.items:
            add(f"- [ ] {_sentence(item.text)}")
        add("")
    met = [c for c in ladder.checklists if c.met]
    if met:
        add("### Already at target")
        for c in met:
            add(f"- [ ] {c.name} ({c.current:.1f}): {_sentence(c.items[0].text)}")
        add("")
