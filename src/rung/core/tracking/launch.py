"""Launch health: the first two weeks decide whether a plan lives.

By business day 5 the PM has taken one visible action; by the day-14 launch check they have
started an activity, contacted their feedback provider and done at least one self-check.
Each miss becomes a flag with the next step the method prescribes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from rung.core.plan import Plan
from rung.core.tracking.timeline import Timeline, timeline_of


@dataclass(frozen=True)
class LaunchFacts:
    """What has happened since the plan went live (dates are when it first happened)."""

    first_visible_action_on: date | None = None
    activity_started_on: date | None = None
    providers_contacted_on: date | None = None
    self_check_dates: tuple[date, ...] = ()


@dataclass(frozen=True)
class LaunchFlag:
    code: str  # stable: no-first-action, activity-not-started, provider-not-contacted, ...
    due: date
    message: str
    next_step: str


def launch_misses(timeline: Timeline, facts: LaunchFacts, today: date
                  ) -> tuple[tuple[str, date], ...]:
    """(code, deadline) of every launch step whose deadline passed without it happening."""
    misses: list[tuple[str, date]] = []
    action_due = timeline.first_action_due
    if today > action_due and (facts.first_visible_action_on is None
                               or facts.first_visible_action_on > action_due):
        misses.append(("no-first-action", action_due))
    check = timeline.launch_check
    if today <= check:
        return tuple(misses)
    if facts.activity_started_on is None or facts.activity_started_on > check:
        misses.append(("activity-not-started", check))
    if facts.providers_contacted_on is None or facts.providers_contacted_on > check:
        misses.append(("provider-not-contacted", check))
    if not any(d <= check for d in facts.self_check_dates):
        misses.append(("no-self-check", check))
    return tuple(misses)


def launch_health(plan: Plan, facts: LaunchFacts, today: date) -> tuple[LaunchFlag, ...]:
    """Flags for every launch step whose deadline has passed without it happening."""
    first = plan.focus_areas[0] if plan.focus_areas else None
    first_name = first.name.lower() if first else "the first focus area"
    provider = first.feedback.provider if first else "the feedback provider"
    step = ("Hold a 15-minute conversation to find the blocker (timing, competing priorities or "
            "an unclear next action) and apply its remedy.")
    words = {
        "no-first-action": (
            "No visible action on any focus area by business day 5 ({due}).",
            f"Ask the PM for the one thing they will do this week toward {first_name}, write "
            "it down together and put 15 minutes for it on their calendar."),
        "activity-not-started": (
            "No development activity started by the day-14 launch check.", step),
        "provider-not-contacted": (
            f"{provider} has not been contacted about giving feedback.",
            f"Send {provider} the focus area and the first date you want them to observe, "
            "today."),
        "no-self-check": (
            "No weekly self-check done in the first two weeks.",
            "Do this week's 5-minute self-check together at the end of the launch "
            "conversation, then keep the weekly slot."),
    }
    return tuple(
        LaunchFlag(code, due, words[code][0].replace("{due}", due.isoformat()), words[code][1])
        for code, due in launch_misses(timeline_of(plan), facts, today)
    )
