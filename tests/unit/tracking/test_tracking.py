"""Keeping the plan alive: launch flags, remedies, drift, missed reviews, nudges, the review."""

from datetime import date, timedelta

from rung.core.builder import build_plan
from rung.core.tracking.checkins import (
    REMEDIES,
    CheckIn,
    FocusCheck,
    is_drifting,
    missed_reviews,
    suggested_adjustments,
)
from rung.core.tracking.launch import LaunchFacts, launch_health
from rung.core.tracking.reminders import due_nudges
from rung.core.tracking.review import carried_forward, decide, diagnose, outcomes

from factories import all_scores, assessment, framework, library

START = date(2027, 1, 4)
PLAN = build_plan(assessment(all_scores(1), all_scores(1)), framework(), library(), start=START)


def codes(flags):
    return [f.code for f in flags]


def test_nothing_is_flagged_before_its_deadline():
    assert launch_health(PLAN, LaunchFacts(), today=PLAN.first_action.due) == ()


def test_no_visible_action_by_business_day_five_is_flagged_with_the_next_step():
    flags = launch_health(PLAN, LaunchFacts(), today=PLAN.first_action.due + timedelta(days=1))
    assert codes(flags) == ["no-first-action"]
    assert "one thing they will do this week" in flags[0].next_step


def test_every_missed_launch_step_shows_after_the_day_14_check():
    after = date(2027, 1, 19)
    flags = launch_health(PLAN, LaunchFacts(first_visible_action_on=date(2027, 1, 6)), after)
    assert codes(flags) == ["activity-not-started", "provider-not-contacted", "no-self-check"]
    healthy = LaunchFacts(date(2027, 1, 6), date(2027, 1, 7), date(2027, 1, 7), (date(2027, 1, 8),))
    assert launch_health(PLAN, healthy, after) == ()


def test_each_blocker_type_gets_the_method_s_remedy():
    check = CheckIn(date(2027, 2, 3), (
        FocusCheck("delivery", "amber", "timing"),
        FocusCheck("research", "red", "competing-priorities"),
        FocusCheck("strategy", "green"),
    ))
    adjustments = suggested_adjustments(check)
    assert adjustments == (f"delivery: {REMEDIES['timing']}",
                           f"research: {REMEDIES['competing-priorities']}")
    assert "Reschedule the stretch assignment" in REMEDIES["timing"]
    assert "calendar" in REMEDIES["competing-priorities"]
    assert "small enough to finish this week" in REMEDIES["unclear-next-action"]


def test_two_mostly_red_or_amber_check_ins_in_a_row_mean_the_plan_is_drifting():
    bad = (FocusCheck("a", "red"), FocusCheck("b", "amber"), FocusCheck("c", "green"))
    ok = (FocusCheck("a", "green"), FocusCheck("b", "green"), FocusCheck("c", "amber"))
    assert is_drifting([CheckIn(date(2027, 2, 3), bad), CheckIn(date(2027, 3, 5), bad)])
    assert not is_drifting([CheckIn(date(2027, 2, 3), bad), CheckIn(date(2027, 3, 5), ok)])
    assert not is_drifting([CheckIn(date(2027, 2, 3), bad)])


def test_a_skipped_check_in_is_reported_as_missed():
    first_check_in = next(e for e in PLAN.cadence if e.kind == "monthly-check-in")
    later = first_check_in.date + timedelta(days=5)
    missed = missed_reviews(PLAN, held=[("launch-check", date(2027, 1, 18))], today=later)
    assert ("monthly-check-in", first_check_in.date) in missed
    assert all(kind != "launch-check" for kind, _ in missed)


def test_nudges_are_due_the_business_day_before_and_never_twice():
    review = next(e for e in PLAN.cadence if e.kind == "cycle-review")
    day_before = review.date - timedelta(days=1)
    due = [n for n in due_nudges(PLAN, "plan-1", day_before) if n.event_kind == "cycle-review"]
    assert len(due) == 1
    sent = {due[0].key}
    assert not [n for n in due_nudges(PLAN, "plan-1", day_before, sent)
                if n.event_kind == "cycle-review"]


def test_a_cycle_without_progress_is_diagnosed_not_repeated():
    assert diagnose(attempted=False, real_practice=False) == "effort"
    assert diagnose(attempted=True, real_practice=False) == "plan-quality"
    assert diagnose(attempted=True, real_practice=True) == "environment"


def test_reaching_the_target_rotates_and_the_backlog_carries_forward():
    ids = [fa.competency for fa in PLAN.focus_areas]
    targets = {g.competency: g.target for g in PLAN.gaps}
    rescored = {ids[0]: targets[ids[0]], ids[1]: 1.5}
    outs = outcomes(PLAN, rescored, {ids[0]: 2})
    decisions = {o.competency: decide(o) for o in outs}
    assert decisions[ids[0]] == "rotate"
    assert decisions[ids[1]] == "continue"
    nxt = carried_forward(PLAN, decisions)
    assert nxt[0] in ids[1:]
    assert ids[0] not in nxt
    assert set(PLAN.backlog) <= set(nxt)
