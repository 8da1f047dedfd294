"""Rules about milestones and dates (seed 000, step 6 and "writing vague milestones")."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from rung.core.findings import LintFinding
from rung.core.lint.document import DocMilestone, PlanDoc
from rung.core.lint.rules import finding, quote
from rung.core.lint.rules_vocabulary import has_number, is_vague_state


def all_milestones(doc: PlanDoc) -> list[DocMilestone]:
    return [m for fa in doc.focus_areas for m in fa.milestones] + list(doc.milestones)


def check_milestones(doc: PlanDoc) -> Iterator[LintFinding]:
    for m in all_milestones(doc):
        text = m.text or "(empty milestone)"
        if not has_number(f"{m.text} {m.threshold or ''}"):
            yield finding(
                "R002",
                f"Milestone {quote(text)} has no number or threshold. Add a minimum bar both "
                "the PM and the manager can count, e.g. 'at least 2 presentations, each ending "
                "with a recorded decision'.",
                m.where,
            )
        if m.due is None:
            how = f"has a relative date ({quote(m.due_text)})" if m.due_text else "has no date"
            yield finding(
                "R003",
                f"Milestone {quote(text)} {how}. Give it a calendar date (YYYY-MM-DD) inside "
                "the 90-day cycle, usually the stretch assignment's due date.",
                m.where,
            )
        if is_vague_state(m.text):
            yield finding(
                "R013",
                f"Milestone {quote(text)} describes a state, not something two people could "
                "watch happen. Rewrite it as an action in a context with a threshold, e.g. "
                "'Present the market analysis to the leadership team and get approval to "
                "proceed'.",
                m.where,
            )


def check_dates_in_cycle(doc: PlanDoc) -> Iterator[LintFinding]:
    start, end = doc.cycle_start, doc.cycle_end
    if start is None or end is None:
        return
    dated: list[tuple[str, date, str]] = [
        (f"Milestone {quote(m.text)}", m.due, m.where) for m in all_milestones(doc) if m.due
    ]
    dated += [
        (f"{act.kind.capitalize()} {quote(act.text)}", act.due, act.where)
        for fa in doc.focus_areas
        for act in fa.activities
        if act.due
    ]
    if doc.first_action_due:
        dated.append(("The first visible action", doc.first_action_due, doc.anchors.first_action))
    for what, due, where in dated:
        if not start <= due <= end:
            yield finding(
                "R014",
                f"{what} is due {due.isoformat()}, outside the cycle "
                f"{start.isoformat()} → {end.isoformat()}. Move it into the cycle, or leave it "
                "for the next plan.",
                where,
            )
