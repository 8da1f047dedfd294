"""Wording shared by the plan's Markdown and HTML: recurring dates as a rule, the weekly time
budget, the headline label, feedback groups. One wording, so every format says the same."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from datetime import date, timedelta

from rung.core.cadence import feedback_groups
from rung.core.compose import is_unnamed
from rung.core.plan import CadenceEvent, FocusArea, Plan, TimeBudget

# Seed 000, step 7: one to three pages, focus areas and next milestones found in 10 seconds.
MAX_PLAN_WORDS = 1100
_WORD = re.compile(r"[A-Za-z0-9]")


def word_count(text: str) -> int:
    """Words as the method's length rule counts them: tokens with a letter or a digit."""
    return sum(1 for token in text.split() if _WORD.search(token))


# Recurring events shown as a rule rather than one row per date.
FOLDED_KINDS = ("weekly-self-check", "biweekly-feedback")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MAX_SHIFT_DAYS = 3  # a session moved further than this is not "the same slot, moved"
CALIBRATION_INTRO = ("Not averaged: each side brings one recent example to a 15-minute talk; "
                     "record the agreed score")


def with_whom(event: CadenceEvent, plan: Plan) -> str:
    """Who else is there: the PM is at every event of their own plan."""
    others = [p for p in event.participants if p != plan.person_name]
    return ", ".join(others) if others else "—"


def recurrence(dates: Sequence[date], step_days: int) -> str:
    """'every Friday from 2026-12-04 to 2027-02-26', 'every other Thursday from … (2026-12-24
    moves to 2026-12-23)'; a list of dates when they follow no weekly rule."""
    if not dates:
        return "no dates"
    weekday, _ = Counter(d.weekday() for d in dates).most_common(1)[0]
    anchor_index = next(i for i, d in enumerate(dates) if d.weekday() == weekday)
    anchor = dates[anchor_index]
    nominal = [anchor + timedelta(days=step_days * (i - anchor_index))
               for i in range(len(dates))]
    moves = [(n, d) for n, d in zip(nominal, dates, strict=True) if n != d]
    if any(abs((n - d).days) > MAX_SHIFT_DAYS for n, d in moves):
        return ", ".join(d.isoformat() for d in dates)
    every = "every" if step_days == 7 else "every other"
    text = (f"{every} {WEEKDAYS[weekday]} from {nominal[0].isoformat()} to "
            f"{nominal[-1].isoformat()}")
    if moves:
        text += " (" + ", ".join(f"{n.isoformat()} moves to {d.isoformat()}"
                                 for n, d in moves) + ")"
    return text


def _minutes(total: int) -> str:
    hours, minutes = divmod(total, 60)
    if not hours:
        return f"{minutes} min"
    return f"{hours} h {minutes} min" if minutes else f"{hours} h"


def time_budget_text(budget: TimeBudget, *, compact: bool = False) -> str:
    total = 5 * round(budget.total / 5)
    text = f"about {_minutes(total)} a week on top of the stretch work"
    if compact:
        return text
    return (f"{text} (reps {budget.reps} min, reading {budget.reading}, meetings "
            f"{budget.feedback + budget.self_check + budget.check_ins})")


def one_off_events(plan: Plan) -> list[CadenceEvent]:
    """The calendar's dated rows: everything but the recurring sessions."""
    return [e for e in plan.cadence if e.kind not in FOLDED_KINDS]


def recurring_lines(plan: Plan, *, compact: bool = False) -> list[str]:
    """The weekly self-check and each feedback series, as rules (compact: whom and how long
    are in the focus areas already)."""
    lines = []
    weekly = [e for e in plan.cadence if e.kind == "weekly-self-check"]
    if weekly:
        lines.append(
            f"weekly self-check ({weekly[0].minutes} min): "
            + recurrence([e.date for e in weekly], 7)
        )
    by_competency: dict[str | None, list[CadenceEvent]] = {}
    for e in plan.cadence:
        if e.kind == "biweekly-feedback":
            by_competency.setdefault(e.competency, []).append(e)
    for group in feedback_groups(plan.focus_areas):
        events = by_competency.pop(group[0].competency, [])
        if events:
            provider = group[0].feedback.provider
            who = "the person to be named" if is_unnamed(provider) else provider
            names = " and ".join(fa.name for fa in group)
            lines.append(
                (f"feedback on {names}: " if compact
                 else f"biweekly feedback — {names} with {who} ({events[0].minutes} min): ")
                + recurrence([e.date for e in events], 14)
            )
    for competency, events in by_competency.items():  # an edited plan's leftovers
        lines.append(f"biweekly feedback — {competency or 'a focus area'} "
                     f"({events[0].minutes} min): " + recurrence([e.date for e in events], 14))
    return lines


def shared_note(fa: FocusArea, plan: Plan) -> str:
    """'(shared with focus area 1)' when this area's stretch rides on another's event."""
    if not fa.shared_with:
        return ""
    for i, other in enumerate(plan.focus_areas, start=1):
        if other.competency == fa.shared_with:
            return f"one project with focus area {i}"
    return ""


def event_note(fa: FocusArea) -> str:
    """', at the Q1 business review' or ', after the Payments GA on 2027-02-15'."""
    if not fa.event:
        return ""
    said = fa.event.lower() in fa.stretch_assignment.text.lower()
    due = fa.stretch_assignment.due
    if fa.event_date and fa.event_date != due:
        # Due after its event (a readout), or before it when the event falls on a day off.
        when = "after" if due > fa.event_date else "ready for"
        what = "the event" if said else f"the {fa.event}"
        return f", {when} {what} on {fa.event_date.isoformat()}"
    return "" if said else f", at the {fa.event}"


def feedback_line(fa: FocusArea, plan: Plan) -> str:
    """'Nadia Petrov (Director of Product), every 14 days, on the market brief (one session
    with focus area 2)'."""
    line = f"{fa.feedback.provider}, every {fa.feedback.interval_days} days"
    if fa.feedback.on:
        line += f", on the {fa.feedback.on}"
    together = feedback_note(fa, plan)
    return line + (f" ({together})" if together else "")


def feedback_note(fa: FocusArea, plan: Plan) -> str:
    for group in feedback_groups(plan.focus_areas):
        if fa in group and len(group) > 1:
            others = [plan.focus_areas.index(o) + 1 for o in group if o is not fa]
            return "one session with focus area " + " and ".join(str(n) for n in others)
    return ""
