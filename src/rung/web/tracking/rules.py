"""What a tracking entry must agree with in its plan: dates inside the cycle (and not ahead of
today), milestone counts within the focus area's milestones. Pure functions returning the
problem's message (None when fine), used by the forms for field errors and by the services
as the guard every caller goes through."""

from __future__ import annotations

from datetime import date, timedelta

RAGS = ("green", "amber", "red")  # a focus area's status at a check-in

# A day-90 review may slip past the cycle's end (holidays, a sick day); later than this it is
# no longer this cycle's review.
LATE_REVIEW_DAYS = 30


def happened_on(what: str, day: date, *, start: date, end: date, today: date,
                late_days: int = 0, after_end: str = "") -> str | None:
    """`what` happened on `day`: not after today, not before the cycle starts, not after the
    cycle ends (give or take `late_days`)."""
    if day > today:
        return (f"{day.isoformat()} is in the future: record the {what} once it has happened "
                f"(today is {today.isoformat()})")
    if day < start:
        return (f"{day.isoformat()} is before the cycle starts ({start.isoformat()}): the "
                f"{what} belongs to this cycle")
    last = end + timedelta(days=late_days)
    if day > last:
        return (f"{day.isoformat()} is after the cycle ended ({end.isoformat()})"
                + (f"; {after_end}" if after_end else ""))
    return None


def milestones_met(met: int, total: int, focus: str) -> str | None:
    if 0 <= met <= total:
        return None
    return (f"{focus} has {total} milestone{'s' if total != 1 else ''}: the number met is "
            f"0 to {total}")
