"""The dated review cadence that keeps a plan alive, all on business days inside the cycle."""

from __future__ import annotations

from collections.abc import Container, Sequence
from datetime import date

from rung.core.dates import CYCLE_DAYS, cycle_day, nth_business_day, on_or_after, on_or_before
from rung.core.plan import CadenceEvent, Calibration, FocusArea

SELF_CHECK_MINUTES = 5
FEEDBACK_MINUTES = 20
CHECK_IN_MINUTES = 30
REVIEW_MINUTES = 60
LAUNCH_CHECK_MINUTES = 15
CALIBRATION_MINUTES = 15
FIRST_ACTION_BUSINESS_DAY = 5
CALIBRATION_BUSINESS_DAY = 2
LAUNCH_CHECK_DAY = 14
CHECK_IN_DAYS = (30, 60)
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


def build_cadence(
    *,
    start: date,
    pm: str,
    manager: str,
    focus_areas: Sequence[FocusArea],
    calibrations: Sequence[Calibration],
    holidays: Container[date],
) -> tuple[CadenceEvent, ...]:
    review = review_date(start, holidays)
    pair = (pm, manager)
    events: list[CadenceEvent] = [
        CadenceEvent("calibration", c.date, CALIBRATION_MINUTES, pair,
                     f"Calibration: {c.name}", c.competency)
        for c in calibrations
    ]
    events.append(CadenceEvent("first-action", first_action_due(start, holidays), 0, (pm,),
                               "First visible action due"))
    # Weekly self-check at the end of each cycle week, never before the start.
    week = 1
    while True:
        d = on_or_before(cycle_day(start, 7 * week - 2), holidays)
        if d > review:
            break
        if d >= start:
            events.append(CadenceEvent("weekly-self-check", d, SELF_CHECK_MINUTES, (pm,),
                                       f"Weekly self-check {week}"))
        week += 1
    for slot, fa in enumerate(focus_areas):
        # Staggered by a day per focus area so feedback sessions do not pile up.
        for n in range(1, CYCLE_DAYS // 14 + 1):
            d = on_or_after(cycle_day(start, 14 * n - 3 + slot), holidays)
            if d >= review:
                break
            events.append(CadenceEvent("biweekly-feedback", d, FEEDBACK_MINUTES,
                                       (pm, fa.feedback.provider),
                                       f"Feedback on {fa.name} ({n})", fa.competency))
    events.append(CadenceEvent("launch-check", on_or_after(cycle_day(start, LAUNCH_CHECK_DAY),
                                                           holidays),
                               LAUNCH_CHECK_MINUTES, pair, "Launch check (day 14)"))
    for i, day in enumerate(CHECK_IN_DAYS, start=1):
        title = f"Monthly check-in {i}" + (" (book it now)" if i == 1 else "")
        events.append(CadenceEvent("monthly-check-in",
                                   on_or_after(cycle_day(start, day), holidays),
                                   CHECK_IN_MINUTES, pair, title))
    events.append(CadenceEvent("cycle-review", review, REVIEW_MINUTES, pair, "90-day review"))
    events.sort(key=lambda e: (e.date, KIND_ORDER[e.kind], e.competency or "", e.title))
    return tuple(events)

