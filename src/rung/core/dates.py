"""Calendar arithmetic for plans: cycle days, business days, staleness, and the one range of
dates rung supports."""

from __future__ import annotations

import calendar
from collections.abc import Container
from datetime import date, timedelta

from rung.core.errors import InputError, Problem

CYCLE_DAYS = 90
STALE_AFTER_MONTHS = 3
NO_HOLIDAYS: frozenset[date] = frozenset()

# Every date a user gives (cycle start, assessment day, due dates, a calendar window) must lie
# here: far enough from date.min/date.max that every derived date (a cycle, the three months
# before, a year of holidays) exists, and wide enough for any real career.
EARLIEST = date(1970, 1, 1)
LATEST = date(2200, 12, 31)
SUPPORTED = f"{EARLIEST.isoformat()} to {LATEST.isoformat()}"


class UnsupportedDate(ValueError):
    """A date outside EARLIEST..LATEST; the message says which and what is allowed."""

    def __init__(self, value: date) -> None:
        self.value = value
        super().__init__(f"{value.isoformat()} is outside the dates rung supports ({SUPPORTED}); "
                         "give a date in that range")


def supported(d: date) -> date:
    """`d` itself when rung supports it; else UnsupportedDate."""
    if not EARLIEST <= d <= LATEST:
        raise UnsupportedDate(d)
    return d


def require_supported(d: date, source: str, where: str) -> date:
    """`d` when supported; else an InputError naming `source` and `where` (e.g. "start")."""
    try:
        return supported(d)
    except UnsupportedDate as exc:
        raise InputError([Problem(source, where, str(exc))]) from None


def parse_supported(text: str) -> date:
    """A YYYY-MM-DD date within the supported range; ValueError (with a message a person can
    act on) for anything else."""
    try:
        d = date.fromisoformat(text.strip())
    except (ValueError, TypeError):
        raise ValueError(f"'{text[:40]}' is not a date; use YYYY-MM-DD") from None
    return supported(d)


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
    if not date.min.year <= year <= date.max.year:
        raise UnsupportedDate(d)
    return date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


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
