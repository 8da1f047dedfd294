"""Monthly check-ins: a colour per focus area, typed blockers with the method's remedies,
and the drift signals that call for narrowing the plan to one focus area."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from rung.core.plan import Plan
from rung.core.tracking.timeline import timeline_of

Rag = Literal["green", "amber", "red"]
Blocker = Literal["timing", "competing-priorities", "unclear-next-action"]
BLOCKERS: tuple[Blocker, ...] = ("timing", "competing-priorities", "unclear-next-action")

REMEDIES: dict[Blocker, str] = {
    "timing": "Reschedule the stretch assignment to the next real occasion and put its new "
              "date in the plan.",
    "competing-priorities": "Protect a recurring block on the calendar for this focus area and "
                            "agree what gives way while the launch or incident lasts.",
    "unclear-next-action": "Break the first activity into a step small enough to finish this "
                           "week, and name the day it happens.",
}


@dataclass(frozen=True)
class FocusCheck:
    competency: str
    rag: Rag
    blocker: Blocker | None = None
    note: str = ""


@dataclass(frozen=True)
class CheckIn:
    held_on: date
    focus: tuple[FocusCheck, ...]
    milestones_met: Mapping[str, int] = field(default_factory=dict)  # competency → count met
    adjustments: tuple[str, ...] = ()


def remedy(blocker: Blocker) -> str:
    return REMEDIES[blocker]


def suggested_adjustments(check_in: CheckIn) -> tuple[str, ...]:
    """The remedy for each blocked focus area, phrased as a change to write into the plan."""
    return tuple(f"{f.competency}: {REMEDIES[f.blocker]}" for f in check_in.focus
                 if f.blocker is not None)


def is_drifting(history: Sequence[CheckIn]) -> bool:
    """Two check-ins in a row with most focus areas red or amber: the plan is not being worked.

    The method's answer is to narrow to one focus area until the habit forms.
    """
    if len(history) < 2:
        return False
    recent = sorted(history, key=lambda c: c.held_on)[-2:]
    return all(
        c.focus and sum(f.rag != "green" for f in c.focus) * 2 > len(c.focus)
        and sum(f.rag == "red" for f in c.focus) >= 1
        for c in recent
    )


GRACE_DAYS = 3  # a review held a few days late is not "missed"


def missed_reviews(plan: Plan, held: Sequence[tuple[str, date]], today: date,
                   grace_days: int = GRACE_DAYS) -> tuple[tuple[str, date], ...]:
    """Check-ins, the launch check and the review whose date passed without being held."""
    return missed_in(timeline_of(plan).reviews, held, today, grace_days)


def missed_in(reviews: Sequence[tuple[str, date]], held: Sequence[tuple[str, date]],
              today: date, grace_days: int = GRACE_DAYS) -> tuple[tuple[str, date], ...]:
    """The review events (kind, date) more than `grace_days` past with no record of being held.

    Held records are matched by kind and count: the second monthly check-in is missed while
    only one has been held, whatever the dates it was held on.
    """
    counts: dict[str, int] = {}
    for kind, _ in held:
        counts[kind] = counts.get(kind, 0) + 1
    missed = []
    seen: dict[str, int] = {}
    for kind, when in reviews:
        seen[kind] = seen.get(kind, 0) + 1
        if (today - when).days > grace_days and counts.get(kind, 0) < seen[kind]:
            missed.append((kind, when))
    return tuple(missed)
