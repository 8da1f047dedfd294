"""Plan → Markdown a PM can scan in ten seconds: focus table first, details, then the calendar.

Recurring events (weekly self-checks, biweekly feedback) are folded into one line each so the
whole plan stays within three pages.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from rung.core.plan import CadenceEvent, FocusArea, Plan
from rung.render._md import cell as _cell
from rung.render._md import score as _score
from rung.render._md import sentence as _sentence

# Recurring events shown as one line each rather than one row per date.
FOLDED_KINDS = ("weekly-self-check", "biweekly-feedback")


def _d(x: date) -> str:
    return x.isoformat()




def render_markdown(plan: Plan) -> str:
    out: list[str] = []
    add = out.append
    add(f"# Development plan: {plan.person_name}")
    spec = f" · {plan.specialization.capitalize()} PM" if plan.specialization else ""
    add(
        f"**{plan.current_level_title} → {plan.target_level_title}**{spec} · framework: "
        f"{plan.framework_name} ({plan.framework_id}) · cycle **{_d(plan.cycle_start)} → "
        f"{_d(plan.cycle_end)}** · assessed {_d(plan.assessed_on)}"
        + (" ⚠ stale" if plan.stale else "")
    )
    add("")
    add(f"**This week (by {_d(plan.first_action.due)}):** {_sentence(plan.first_action.text)}")
    add("")
    _focus(out, plan)
    calendar_section(out, plan)
    calibration_section(out, plan)
    _gaps(out, plan)
    if plan.backlog:
        add("## Backlog")
        gaps = {g.competency: g for g in plan.gaps}
        for cid in plan.backlog:
            g = gaps[cid]
            add(f"- {g.name} (gap {g.gap:.1f}, {g.tier})")
        add("")
    if plan.notes:
        add("## Notes")
        for n in plan.notes:
            add(f"- {n}")
        add("")
    if plan.lint:
        add("## Lint")
        for f in plan.lint:
            add(f"- {f.severity} {f.code} ({f.where}): {f.message}")
        add("")
    return "\n".join(out).rstrip("\n") + "\n"


def _focus(out: list[str], plan: Plan) -> None:
    add = out.append
    add("## Focus areas")
    if not plan.focus_areas:
        add("No gaps to the target profile: no focus areas this cycle.")
        add("")
        return
    add("| # | Focus area | Now → target | Stretch assignment | Due | First milestone | Due |")
    add("|---|---|---|---|---|---|---|")
    gaps = {g.competency: g for g in plan.gaps}
    for i, fa in enumerate(plan.focus_areas, start=1):
        g = gaps[fa.competency]
        m = fa.milestones[0]
        add(
            f"| {i} | {_cell(fa.name)} | {g.current:.1f} → {g.target:.1f} | "
            f"{_cell(fa.stretch_assignment.text)} | {_d(fa.stretch_assignment.due)} | "
            f"{_cell(m.text)} | {_d(m.due)} |"
        )
    add("")
    for i, fa in enumerate(plan.focus_areas, start=1):
        focus_area_section(out, i, fa)


def focus_area_section(out: list[str], i: int, fa: FocusArea) -> None:
    """One focus area in full; the ladder shows its current cycle with the same lines."""
    add = out.append
    add(f"### {i}. {fa.name}" + (" (the PM's choice)" if fa.chosen_by == "pm" else ""))
    add(f"_Why this one:_ {fa.rationale}")
    sa = fa.stretch_assignment
    add(f"- **Stretch assignment** (due {_d(sa.due)}): {_sentence(sa.text)} "
        f"Visible output: {_sentence(sa.output)}")
    add(f"- **Learning** (bounded): {fa.learning_resource.title} — "
        f"{_sentence(fa.learning_resource.scope)}")
    add(f"- **Feedback:** {fa.feedback.provider}, every {fa.feedback.interval_days} days.")
    add(f"- **Coaching** (every {fa.coaching_touchpoint.interval_days} days): "
        f"{_sentence(fa.coaching_touchpoint.text)}")
    if fa.weekly_rep:
        add(f"- **Weekly rep:** {_sentence(fa.weekly_rep)}")
    for n, m in enumerate(fa.milestones, start=1):
        label = "Milestone" if len(fa.milestones) == 1 else f"Milestone {n}"
        add(f"- **{label}** (due {_d(m.due)}): {m.text.rstrip('.')}; "
            f"threshold: {_sentence(m.threshold)}")
    add("")


def calendar_section(out: list[str], plan: Plan, heading: str = "Calendar") -> None:
    """Every dated event; the weekly and biweekly ones folded into one "Recurring" line."""
    add = out.append
    add(f"## {heading}")
    add("| Date | What | Minutes | Who |")
    add("|---|---|---|---|")
    folded: dict[str, list[CadenceEvent]] = defaultdict(list)
    for e in plan.cadence:
        if e.kind in FOLDED_KINDS:
            folded[e.kind if e.kind == "weekly-self-check" else e.competency or ""].append(e)
            continue
        add(f"| {_d(e.date)} | {_cell(e.title)} | {e.minutes} | "
            f"{_cell(', '.join(e.participants))} |")
    add("")
    parts = []
    weekly = folded.pop("weekly-self-check", [])
    if weekly:
        parts.append(
            f"weekly self-check ({weekly[0].minutes} min, what I practised and learned): "
            f"{len(weekly)} dates, {_d(weekly[0].date)} → {_d(weekly[-1].date)}"
        )
    names = {fa.competency: fa for fa in plan.focus_areas}
    for cid, evs in folded.items():
        fa = names[cid]
        parts.append(
            f"biweekly feedback — {fa.name} with {fa.feedback.provider} "
            f"({evs[0].minutes} min): " + ", ".join(_d(e.date) for e in evs)
        )
    if parts:
        add("**Recurring:** " + " · ".join(parts))
        add("")


def calibration_section(out: list[str], plan: Plan) -> None:
    if not plan.calibration:
        return
    add = out.append
    add("## Calibration first")
    add("Self and manager differ by 2+ points here: not averaged. Talk for 15 minutes each, "
        "then record the agreed score under `calibrated:` and regenerate.")
    add("")
    add("| Competency | Self | Manager | Talk by | Bring |")
    add("|---|---|---|---|---|")
    for c in plan.calibration:
        add(f"| {_cell(c.name)} | {c.self:.1f} | {c.manager:.1f} | {_d(c.date)} | "
            f"{_cell(c.prompt)} |")
    add("")


def _gaps(out: list[str], plan: Plan) -> None:
    add = out.append
    add("## Gaps and ratings")
    add("| Competency | Self | Mgr | Peers | Current | Target | Gap | Magnitude | Criticality "
        "| Leverage | Tier |")
    add("|---|---|---|---|---|---|---|---|---|---|---|")
    by_id = {c.id: c for c in plan.consensus}
    for g in plan.gaps:
        c = by_id[g.competency]
        must = " (must)" if g.must_have else ""
        cur = _score(c.consensus) if c.consensus is not None else f"{g.current:.1f}*"
        add(
            f"| {_cell(g.name)}{must} | {_score(c.self)} | {_score(c.manager)} | "
            f"{_score(c.peers)} | {cur} | {g.target:.1f} | {g.gap:.1f} | {g.magnitude} | "
            f"{g.criticality} | {g.leverage} | {g.tier} |"
        )
    met = [c for c in plan.consensus if c.id not in {g.competency for g in plan.gaps}]
    if met:
        add("")
        add("At or above target: " + ", ".join(f"{c.name} ({_score(c.consensus)})" for c in met)
            + ".")
    if any(c.needs_calibration for c in plan.consensus):
        add("")
        add("\\* pending calibration: the lower of self and manager is used until agreed.")
    add("")
