"""Calendar arithmetic for plans: cycle days, business days, staleness."""

from __future__ import annotations

from collections.abc import Container
from datetime import date, timedelta

CYCLE_DAYS = 90
STALE_AFTER_MONTHS = 3
NO_HOLIDAYS: frozenset[date] = frozenset()


def cycle_day(start: date, n: int) -> date:
    """Day n of a cycle (day 1 is the start)."""
    return start + timedelta(days=n - 1)


def cycle_end(start: date) -> date:
    return cycle_day(start, CYCLE_DAYS)


def is_business_day(d: date, holidays: Container[date] = NO_HOLIDAYS) -> bool:
    return d.weekday() < 5 and d not in holidays


def on_or_after(d: date, holidays: Container[date] = NO_HOLIDAYS) -> date:
    while not is_business_day(d, holidays):
        d += timedelta(days=1)
    return d


def on_or_before(d: date, holidays: Container[date] = NO_HOLIDAYS) -> date:
    while not is_business_day(d, holidays):
        d -= timedelta(days=1)
    return d


def nth_business_day(start: date, n: int, holidays: Container[date] = NO_HOLIDAYS) -> date:
    """The n-th business day counting from start (start itself is the first if it is one)."""
    d = on_or_after(start, holidays)
    for _ in range(n - 1):
        d = on_or_after(d + timedelta(days=1), holidays)
    return d


def months_before(d: date, months: int) -> date:
    """The same day-of-month `months` earlier, clamped to the month's last day."""
    total = d.year * 12 + (d.month - 1) - months
    year, month = divmod(total, 12)
    month += 1
    day = d.day
    while True:
        try:
            return date(year, month, day)
        except ValueError:
            day -= 1


def stale_before(start: date) -> date:
    """Assessments from before this day are stale for a cycle starting on `start`."""
    return months_before(start, STALE_AFTER_MONTHS)


def is_stale(assessed_on: date, start: date) -> bool:
    """True when the assessment is more than three calendar months older than the cycle start."""
    return assessed_on < stale_before(start)


def age_in_months(assessed_on: date, start: date) -> int:
    months = (start.year - assessed_on.year) * 12 + start.month - assessed_on.month
    if start.day < assessed_on.day:
        months -= 1
    return max(months, 0)
