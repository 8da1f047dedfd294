"""The few dates of a plan that its health depends on, small enough to keep beside the plan.

Launch health and missed reviews need only the first-action deadline, the launch check and the
review events; an organisation view judges thousands of plans at once and should not read every
plan's full document to get them. `timeline_of` takes them from a plan; `Timeline.to_dict` and
`from_dict` keep them as a small JSON value.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from rung.core.plan import Plan

REVIEW_KINDS = ("monthly-check-in", "launch-check", "cycle-review", "calibration")


@dataclass(frozen=True)
class Timeline:
    first_action_due: date
    launch_check: date
    reviews: tuple[tuple[str, date], ...]  # (kind, date) of every review event, in plan order
    focus: tuple[str, ...] = ()  # competency ids of the focus areas

    def to_dict(self) -> dict[str, Any]:
        return {
            "first_action_due": self.first_action_due.isoformat(),
            "launch_check": self.launch_check.isoformat(),
            "reviews": [[kind, d.isoformat()] for kind, d in self.reviews],
            "focus": list(self.focus),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Timeline:
        return cls(
            first_action_due=date.fromisoformat(data["first_action_due"]),
            launch_check=date.fromisoformat(data["launch_check"]),
            reviews=tuple((str(k), date.fromisoformat(d)) for k, d in data["reviews"]),
            focus=tuple(data.get("focus", ())),
        )


def timeline_of(plan: Plan) -> Timeline:
    launch = next((e.date for e in plan.cadence if e.kind == "launch-check"),
                  plan.first_action.due)
    return Timeline(
        first_action_due=plan.first_action.due,
        launch_check=launch,
        reviews=tuple((e.kind, e.date) for e in plan.cadence if e.kind in REVIEW_KINDS),
        focus=tuple(fa.competency for fa in plan.focus_areas),
    )


def judged_through(timeline: Timeline, today: date, grace_days: int) -> date:
    """The last day on which a health judgement made `today` still holds, facts unchanged.

    Launch steps are missed the day after their deadline, reviews the day after their date
    plus `grace_days`; until the next of those days comes, only a new fact changes anything.
    """
    edges = [timeline.first_action_due, timeline.launch_check]
    edges += [when + timedelta(days=grace_days) for _, when in timeline.reviews]
    return min((d for d in edges if d >= today), default=date.max)
