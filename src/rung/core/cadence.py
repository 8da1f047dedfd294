"""The dated review cadence that keeps a plan alive, all on business days inside the cycle."""

from __future__ import annotations

from collections.abc import Container, Sequence
from datetime import date, timedelta
from functools import lru_cache

from rung.core.dates import CYCLE_DAYS, cycle_day, nth_business_day, on_or_after, on_or_before
from rung.core.plan import TO_BE_NAMED, CadenceEvent, Calibration, FocusArea

SELF_CHECK_MINUTES = 5
FEEDBACK_MINUTES = 20
SHARED_FEEDBACK_MINUTES = 30  # one session with the same person covering two focus areas
FIRST_FEEDBACK_DAY = 11
CHECK_IN_MINUTES = 30
REVIEW_MINUTES = 60
LAUNCH_CHECK_MINUTES = 15
CALIBRATION_MINUTES = 15
FIRST_ACTION_BUSINESS_DAY = 5
CALIBRATION_BUSINESS_DAY = 2
LAUNCH_CHECK_DAY = 14
CHECK_IN_DAYS = (30, 60)
MAX_FEEDBACK_SLOTS = 3
KIND_ORDER = {
    "calibration": 0,
    "first-action": 1,
    "weekly-self-check": 2,
    "biweekly-feedback": 3,
    "launch-check": 4,
    "monthly-check-in": 5,
    "cycle-review": 6,
}


def review_date(start: date, holidays: Container[date]) -> date:
    return on_or_before(cycle_day(start, CYCLE_DAYS), holidays)


def first_action_due(start: date, holidays: Container[date]) -> date:
    return nth_business_day(start, FIRST_ACTION_BUSINESS_DAY, holidays)


def calibration_date(start: date, holidays: Container[date]) -> date:
    return nth_business_day(start, CALIBRATION_BUSINESS_DAY, holidays)


@lru_cache(maxsize=256)
def _schedule(start: date, holidays: frozenset[date]) -> tuple[
    tuple[date, ...], tuple[tuple[date, ...], ...], date, tuple[date, ...], date
]:
    """The dates every plan starting on `start` shares; a batch of plans reuses them."""
    review = review_date(start, holidays)
    weekly = []
    week = 1
    while True:
        # The end of each cycle week, never before the start.
        d = on_or_before(cycle_day(start, 7 * week - 2), holidays)
        if d > review:
            break
        if d >= start:
            weekly.append(d)
        week += 1
    feedback = []
    for slot in range(MAX_FEEDBACK_SLOTS):
        # One weekday per series, every 14 days, staggered a day per session so they do not
        # pile up; a holiday moves that one session to the business day before.
        anchor = on_or_after(cycle_day(start, FIRST_FEEDBACK_DAY + slot), holidays)
        dates: list[date] = []
        nominal = anchor
        while nominal < review:
            d = on_or_before(nominal, holidays)
            if d >= start and (not dates or d > dates[-1]):
                dates.append(d)
            nominal += timedelta(days=14)
        feedback.append(tuple(dates))
    launch = on_or_after(cycle_day(start, LAUNCH_CHECK_DAY), holidays)
    check_ins = tuple(on_or_after(cycle_day(start, day), holidays) for day in CHECK_IN_DAYS)
    return tuple(weekly), tuple(feedback), launch, check_ins, review


def build_cadence(
    *,
    start: date,
    pm: str,
    manager: str,
    focus_areas: Sequence[FocusArea],
    calibrations: Sequence[Calibration],
    holidays: frozenset[date],
) -> tuple[CadenceEvent, ...]:
    weekly, feedback, launch, check_ins, review = _schedule(start, holidays)
    pair = (pm, manager)
    solo = (pm,)
    events: list[CadenceEvent] = [
        CadenceEvent("calibration", c.date, CALIBRATION_MINUTES, pair,
                     f"Calibration: {c.name}", c.competency)
        for c in calibrations
    ]
    events.append(CadenceEvent("first-action", first_action_due(start, holidays), 0, solo,
                               "First visible action due"))
    events.extend(
        CadenceEvent("weekly-self-check", d, SELF_CHECK_MINUTES, solo, f"Weekly self-check {n}")
        for n, d in enumerate(weekly, start=1)
    )
    for slot, group in enumerate(feedback_groups(focus_areas)):
        people = (pm, group[0].feedback.provider)
        names = " and ".join(fa.name for fa in group)
        minutes = FEEDBACK_MINUTES if len(group) == 1 else SHARED_FEEDBACK_MINUTES
        events.extend(
            CadenceEvent("biweekly-feedback", d, minutes, people,
                         f"Feedback on {names} ({n})", group[0].competency)
            for n, d in enumerate(feedback[slot % MAX_FEEDBACK_SLOTS], start=1)
        )
    events.append(CadenceEvent("launch-check", launch, LAUNCH_CHECK_MINUTES, pair,
                               "Launch check (day 14)"))
    for i, d in enumerate(check_ins, start=1):
        title = f"Monthly check-in {i}" + (" (book it now)" if i == 1 else "")
        events.append(CadenceEvent("monthly-check-in", d, CHECK_IN_MINUTES, pair, title))
    events.append(CadenceEvent("cycle-review", review, REVIEW_MINUTES, pair, "90-day review"))
    events.sort(key=_event_order)
    return tuple(events)


def feedback_groups(focus_areas: Sequence[FocusArea]) -> list[list[FocusArea]]:
    """Focus areas with the same named feedback person share one session; a person still to
    be named is a different person for each area."""
    groups: dict[str, list[FocusArea]] = {}
    for i, fa in enumerate(focus_areas):
        provider = fa.feedback.provider
        key = f"#{i}" if provider.startswith(TO_BE_NAMED) else provider
        groups.setdefault(key, []).append(fa)
    return list(groups.values())


def _event_order(e: CadenceEvent) -> tuple[date, int, str, str]:
    return (e.date, KIND_ORDER[e.kind], e.competency or "", e.title)
