"""Rules about milestones and dates (seed 000, step 6 and "writing vague milestones")."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

from rung.core.findings import LintFinding
from rung.core.lint.document import DocMilestone, PlanDoc
from rung.core.lint.rules import finding, quote
from rung.core.lint.rules_vocabulary import has_number, is_subjective, is_vague_state

# Milestones all due this close to the cycle's end leave the monthly check-ins nothing to see.
LAST_WEEKS_DAYS = 14


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
        if is_subjective(f"{m.text} {m.threshold or ''}"):
            yield finding(
                "R025",
                f"Milestone {quote(text)} is met when someone feels or thinks so, which two "
                "people can read differently even with a number attached. Measure something "
                "they would both see, e.g. 'Present the roadmap at the March product review "
                "and get it approved with at most 1 round of changes'.",
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


def check_checkpoints(doc: PlanDoc) -> Iterator[LintFinding]:
    """At least one milestone a monthly check-in can look at before the final fortnight."""
    dues = [m.due for m in all_milestones(doc) if m.due]
    if not dues or len(dues) < len(all_milestones(doc)):
        return  # undated milestones are R003's business
    if doc.cycle_end is None and (len(dues) < 2 or len(set(dues)) > 1):
        return  # without a cycle, only several milestones on one date say "all at the end"
    cutoff = (doc.cycle_end or max(dues)) - timedelta(days=LAST_WEEKS_DAYS)
    if all(d > cutoff for d in dues):
        first = min(all_milestones(doc), key=lambda m: (m.due or date.max, m.where))
        yield finding(
            "R029",
            f"Every milestone is due in the last {LAST_WEEKS_DAYS} days of the cycle (from "
            f"{min(dues).isoformat()}), so the monthly check-ins have nothing to look at and a "
            "slip shows only at the end. Put one checkpoint mid-cycle, e.g. 'by 2027-01-15: "
            "share the first draft with the VP and collect 3 written comments'.",
            first.where,
        )
