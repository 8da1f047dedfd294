"""Which nudges are due on a given day, each with a stable key so it is sent exactly once."""

from __future__ import annotations

from collections.abc import Container
from dataclasses import dataclass
from datetime import date, timedelta

from rung.core.plan import Plan

# Nudges go out the business day before a meeting, and on the day of a solo task.
LEAD_DAYS = {
    "monthly-check-in": 1,
    "cycle-review": 1,
    "launch-check": 1,
    "calibration": 1,
    "biweekly-feedback": 1,
    "weekly-self-check": 0,
    "first-action": 2,
}


@dataclass(frozen=True)
class Nudge:
    key: str  # unique per plan, event and recipient role: the exactly-once guard
    event_kind: str
    event_date: date
    send_on: date
    recipients: tuple[str, ...]
    subject: str


def send_day(event_day: date, lead: int) -> date:
    """The business day `lead` days before `event_day` (a weekend moves it earlier)."""
    d = event_day - timedelta(days=lead)
    while d.weekday() >= 5:
        d -= timedelta(days=1)
    return d


def due_nudges(plan: Plan, plan_key: str, today: date,
               already_sent: Container[str] = frozenset()) -> tuple[Nudge, ...]:
    """Nudges whose send day has come (today or missed earlier) and whose event is not past."""
    out = []
    counters: dict[tuple[str, str | None], int] = {}
    for e in plan.cadence:
        n = counters[(e.kind, e.competency)] = counters.get((e.kind, e.competency), 0) + 1
        send_on = send_day(e.date, LEAD_DAYS.get(e.kind, 1))
        key = f"{plan_key}:{e.kind}:{e.competency or '-'}:{n}"
        if send_on <= today <= e.date and key not in already_sent:
            when = "today" if e.date == today else f"on {e.date.isoformat()}"
            out.append(Nudge(key, e.kind, e.date, send_on, e.participants,
                             f"{e.title} {when}"))
    return tuple(out)
