"""Plan → Markdown a PM can scan in ten seconds: focus table first, details, then the calendar.

Recurring events (weekly self-checks, biweekly feedback) are written as rules ("every other
Thursday from …") so the whole plan stays within three pages.
"""

from __future__ import annotations

from datetime import date

from rung.core.plan import FocusArea, Plan
from rung.render._md import cell as _cell
from rung.render._md import escaped
from rung.render._md import score as _score
from rung.render._md import sentence as _sentence
from rung.render.plan_text import (
    CALIBRATION_INTRO,
    MAX_PLAN_WORDS,
    event_note,
    feedback_line,
    one_off_events,
    recurring_lines,
    shared_note,
    time_budget_text,
    with_whom,
    word_count,
)


def _d(x: date) -> str:
    return x.isoformat()


# Ever shorter forms of one plan, tried in order until one fits MAX_PLAN_WORDS: the gaps table
# keeps only the focus areas and the met competencies are dropped; then the extras beyond the
# method's four components (weekly reps, the lever); then the calibration table, whose talks
# stay dated in the calendar.
_FORMS: tuple[dict[str, bool], ...] = (
    {"compact": False},
    {"compact": True},
    {"compact": True, "extras": False},
    {"compact": True, "extras": False, "calibration_table": False},
)


def render_markdown(plan: Plan, *, escape_html: bool = True) -> str:
    """The plan in at most MAX_PLAN_WORDS words, in the fullest form that fits. Text from
    people is escaped (`_md.escaped`) unless the caller shows the result as text itself
    (`escape_html=False`: the web's version diffs)."""
    if escape_html:
        plan = escaped(plan)
    text = ""
    for form in _FORMS:
        text = _render(plan, **form)
        if word_count(text) <= MAX_PLAN_WORDS:
            break
    return text


def _render(plan: Plan, *, compact: bool, extras: bool = True,
            calibration_table: bool = True) -> str:
    out: list[str] = []
    add = out.append
    label = f" ({plan.label})" if plan.label else ""
    add(f"# Development plan: {plan.person_name}{label}")
    spec = f" · {plan.specialization.capitalize()} PM" if plan.specialization else ""
    holidays = f" · holidays: {plan.country}" if plan.country else ""
    add(
        f"**{plan.current_level_title} → {plan.target_level_title}**{spec} · "
        f"{plan.framework_name} ({plan.framework_id}) · cycle **{_d(plan.cycle_start)} → "
        f"{_d(plan.cycle_end)}** · assessed {_d(plan.assessed_on)}"
        + (" ⚠ stale" if plan.stale else "") + holidays
    )
    add("")
    add(f"**This week (by {_d(plan.first_action.due)}):** {_sentence(plan.first_action.text)}")
    if plan.time_budget is not None:
        add("")
        add(f"**Time:** {_sentence(time_budget_text(plan.time_budget, compact=compact))}")
    for flag in plan.flags:
        add("")
        add(f"**⚑ {flag}**")
    add("")
    calibration_section(out, plan, compact=compact, table=calibration_table)
    _focus(out, plan, extras=extras)
    calendar_section(out, plan, compact=compact)
    _gaps(out, plan, compact=compact)
    if plan.notes:
        add("## Notes")
        for n in plan.notes:
            add(f"- {n}")
        add("")
    return "\n".join(out).rstrip("\n") + "\n"


def _focus(out: list[str], plan: Plan, *, extras: bool = True) -> None:
    add = out.append
    add("## Focus areas")
    if not plan.focus_areas:
        add("No gaps to the target profile: no focus areas this cycle.")
        add("")
        return
    add("| # | Focus area | Now → target | Stretch due | Milestones due |")
    add("|---|---|---|---|---|")
    gaps = {g.competency: g for g in plan.gaps}
    for i, fa in enumerate(plan.focus_areas, start=1):
        g = gaps.get(fa.competency)
        now = f"{g.current:.1f} → {g.target:.1f}" if g else "–"
        add(
            f"| {i} | {_cell(fa.name)} | {now} | {_d(fa.stretch_assignment.due)} | "
            + ", ".join(_d(m.due) for m in fa.milestones) + " |"
        )
    add("")
    for i, fa in enumerate(plan.focus_areas, start=1):
        focus_area_section(out, i, fa, plan, extras=extras)


def focus_area_section(out: list[str], i: int, fa: FocusArea, plan: Plan, *,
                       extras: bool = True) -> None:
    """One focus area in full; the ladder shows its current cycle with the same lines."""
    add = out.append
    add(f"### {i}. {fa.name}" + (" (the PM's choice)" if fa.chosen_by == "pm" else ""))
    add(f"_Why:_ {fa.rationale}")
    sa = fa.stretch_assignment
    where = event_note(fa)
    shared = shared_note(fa, plan)
    where += f"; {shared}" if shared else ""
    add(f"- **Stretch assignment** (due {_d(sa.due)}{where}): {_sentence(sa.text)} "
        f"Visible output: {_sentence(sa.output)}")
    if fa.lever and extras:
        add(f"- **Lever:** {_sentence(fa.lever[:1].upper() + fa.lever[1:])}")
    for n, m in enumerate(fa.milestones, start=1):
        label = "Milestone" if len(fa.milestones) == 1 else f"Milestone {n}"
        add(f"- **{label}** (due {_d(m.due)}): {m.text.rstrip('.')}; "
            f"threshold: {_sentence(m.threshold)}")
    add(f"- **Learning:** {fa.learning_resource.title} — "
        f"{_sentence(fa.learning_resource.scope)}")
    add(f"- **Feedback:** {feedback_line(fa, plan)}.")
    add(f"- **Coaching** (every {fa.coaching_touchpoint.interval_days} days): "
        f"{_sentence(fa.coaching_touchpoint.text)}")
    if fa.weekly_rep and extras:
        minutes = f" ({fa.rep_minutes} min)" if fa.rep_minutes else ""
        add(f"- **Weekly rep**{minutes}: {_sentence(fa.weekly_rep)}")
    add("")


def calendar_section(out: list[str], plan: Plan, heading: str = "Calendar", *,
                     compact: bool = False) -> None:
    """Every dated event; the weekly and biweekly ones as one rule each."""
    add = out.append
    add(f"## {heading}")
    add("| Date | What | Minutes | With |")
    add("|---|---|---|---|")
    for e in one_off_events(plan):
        add(f"| {_d(e.date)} | {_cell(e.title)} | {e.minutes} | "
            f"{_cell(with_whom(e, plan))} |")
    add("")
    lines = recurring_lines(plan, compact=compact)
    if lines:
        add("**Recurring:** " + " · ".join(lines))
        add("")


def calibration_section(out: list[str], plan: Plan, *, compact: bool = False,
                        table: bool = True) -> None:
    if not plan.calibration:
        return
    add = out.append
    add("## Calibration first")
    add("Not averaged: agree a score in a 15-minute talk, record it and regenerate." if compact
        else CALIBRATION_INTRO + " (`calibrated:`) and regenerate; until then this plan is a "
        "draft.")
    add("")
    if not table:
        add(f"{len(plan.calibration)} talks, dated in the calendar.")
        add("")
        return
    add("| Competency | Self | Manager | Peers | Talk by |")
    add("|---|---|---|---|---|")
    for c in plan.calibration:
        add(f"| {_cell(c.name)} | {c.self:.1f} | {_score(c.manager)} | {_score(c.peers)} | "
            f"{_d(c.date)} |")
    add("")


def _gaps(out: list[str], plan: Plan, *, compact: bool = False) -> None:
    """Focus areas and candidates in full; the backlog on one line (the same ranking)."""
    add = out.append
    add("## Gaps and ratings")
    if compact:
        add("| Competency | Current | Target | Gap | Magnitude/criticality/leverage |")
        add("|---|---|---|---|---|")
    else:
        add("| Competency | Self | Mgr | Peers | Current | Target | Gap | Magnitude/criticality/"
            "leverage | Tier |")
        add("|---|---|---|---|---|---|---|---|---|")
    by_id = {c.id: c for c in plan.consensus}
    focus = {fa.competency for fa in plan.focus_areas}
    backlog = []
    for g in plan.gaps:
        c = by_id[g.competency]
        must = " (must)" if g.must_have else ""
        if g.competency not in focus and (g.tier == "backlog" or compact):
            backlog.append(f"{g.name}{must} ({g.gap:.1f})")
            continue
        if not c.rated:
            cur = "not rated"
        elif c.consensus is None:
            cur = f"{g.current:.1f}*"
        else:
            cur = _score(c.consensus)
        tier = "focus" if g.competency in focus else g.tier
        ratings = f"{g.magnitude}/{g.criticality}/{g.leverage}"
        if compact:
            add(f"| {_cell(g.name)}{must} | {cur} | {g.target:.1f} | {g.gap:.1f} | {ratings} |")
            continue
        add(
            f"| {_cell(g.name)}{must} | {_score(c.self)} | {_score(c.manager)} | "
            f"{_score(c.peers)} | {cur} | {g.target:.1f} | {g.gap:.1f} | {ratings} | {tier} |"
        )
    if backlog:
        add("")
        add(("Not in focus this cycle (gap): " if compact else "Backlog, for later cycles (gap): ")
            + ", ".join(backlog) + ".")
    met = [c for c in plan.consensus if c.id not in {g.competency for g in plan.gaps}]
    if met and not compact:
        add("")
        add("At or above target: " + ", ".join(c.name for c in met) + ".")
    if any(c.needs_calibration for c in plan.consensus) and not compact:
        add("")
        add("\\* until calibrated, the lower of the disputed scores counts.")
    add("")
