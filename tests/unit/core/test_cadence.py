"""Cadence: real dates from the cycle start, business days only, all inside the cycle."""

import itertools
from datetime import date, timedelta

from rung.core.builder import build_plan
from rung.core.dates import cycle_end, is_stale, nth_business_day

from factories import all_scores, assessment, framework, library

MONDAY = date(2027, 1, 4)


def plan(start=MONDAY, holidays=frozenset(), **kw):
    return build_plan(assessment(all_scores(1), all_scores(1), **kw), framework(), library(),
                      start=start, holidays=holidays)


def kinds(p, kind):
    return [e for e in p.cadence if e.kind == kind]


def test_every_event_falls_on_a_business_day_inside_the_cycle():
    p = plan()
    assert p.cycle_end == MONDAY + timedelta(days=89)
    for e in p.cadence:
        assert MONDAY <= e.date <= p.cycle_end
        assert e.date.weekday() < 5


def test_weekly_self_checks_are_five_minutes_once_a_week():
    checks = kinds(plan(), "weekly-self-check")
    assert len(checks) == 13
    assert all(e.minutes == 5 for e in checks)
    assert checks[0].date == date(2027, 1, 8)  # the first Friday
    gaps = {(b.date - a.date).days for a, b in itertools.pairwise(checks)}
    assert gaps <= {6, 7, 8}


def test_biweekly_feedback_for_each_focus_area_with_its_provider():
    p = plan()
    for fa in p.focus_areas:
        fb = [e for e in kinds(p, "biweekly-feedback") if e.competency == fa.competency]
        assert len(fb) == 6
        assert all(fa.feedback.provider in e.participants for e in fb)
        assert all(12 <= (b.date - a.date).days <= 16 for a, b in itertools.pairwise(fb))


def test_monthly_check_ins_are_thirty_minutes_and_the_first_is_booked_with_the_plan():
    ci = kinds(plan(), "monthly-check-in")
    assert [e.minutes for e in ci] == [30, 30]
    assert ci[0].date == date(2027, 2, 2)  # day 30
    assert "book it now" in ci[0].title


def test_launch_check_on_day_14_first_action_by_business_day_5_review_on_day_90():
    p = plan()
    assert kinds(p, "launch-check")[0].date == date(2027, 1, 18)  # day 15 is a Monday
    assert p.first_action.due == date(2027, 1, 8)
    review = kinds(p, "cycle-review")
    assert len(review) == 1
    assert review[0].minutes == 60
    assert review[0].date == date(2027, 4, 2)  # day 90 is Saturday 3 April: the Friday before


def test_holidays_are_skipped():
    # 2027-01-08 is made a holiday: the first action moves to the next business day.
    p = plan(holidays=frozenset({date(2027, 1, 8)}))
    assert p.first_action.due == date(2027, 1, 11)
    assert all(e.date != date(2027, 1, 8) for e in p.cadence)


def test_a_start_on_a_weekend_counts_business_days_from_monday():
    assert nth_business_day(date(2027, 1, 2), 5) == date(2027, 1, 8)


def test_calibration_is_booked_for_each_divergent_competency_on_business_day_two():
    a_self = all_scores(1, delivery=4)
    p = build_plan(assessment(a_self, all_scores(1)), framework(), library(), start=MONDAY)
    cal = kinds(p, "calibration")
    assert [(e.competency, e.date, e.minutes) for e in cal] == [("delivery", date(2027, 1, 5),
                                                                 15)]
    assert p.calibration[0].self == 4
    assert p.calibration[0].manager == 1
    assert "one recent example" in p.calibration[0].prompt


def test_an_assessment_older_than_three_months_is_stale():
    assert is_stale(date(2026, 10, 3), date(2027, 1, 4))
    assert not is_stale(date(2026, 10, 4), date(2027, 1, 4))
    assert plan(assessed_on=date(2026, 9, 1)).stale
    assert "months before the cycle" in plan(assessed_on=date(2026, 9, 1)).notes[0]


def test_cycle_end_is_day_90():
    assert cycle_end(MONDAY) == date(2027, 4, 3)
