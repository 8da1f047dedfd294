"""A plan's stored health judgement: the same answer as the dashboard's rule on every day,
judged again only when a fact arrives or a deadline passes, and never overwriting a newer fact.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.core import serializers

from rung.web.plans.models import Plan
from rung.web.tracking import health
from rung.web.tracking.selectors import core_plan, plan_health
from rung.web.tracking.services import mark_create, self_check_create

from webtools import START, Org


def stored(plan: Plan) -> tuple[set[str], set[str]]:
    plan.refresh_from_db()
    return (set(filter(None, plan.launch_flags.split(","))),
            set(filter(None, plan.missed_reviews.split(","))))


def dashboard_rule(plan: Plan, day: date) -> tuple[set[str], set[str]]:
    flags = plan_health(Plan.objects.select_related("current").get(pk=plan.pk), day)
    launch = {f.code for f in flags if not f.code.startswith("missed-")}
    missed = {f.code.removeprefix("missed-") for f in flags if f.code.startswith("missed-")}
    return launch, missed


def test_the_stored_judgement_matches_the_dashboards_rule_every_day_of_the_cycle(
        org: Org, active: Plan) -> None:
    mark_create(plan=active, kind="first-visible-action", user=org.pat.user,
                today=START + timedelta(days=2))
    focus = core_plan(active).focus_areas[0].competency
    self_check_create(plan=active, entries={focus: ("Drafted the sizing", "")},
                      user=org.pat.user, today=START + timedelta(days=20))
    for offset in range(0, 100, 3):
        day = START + timedelta(days=offset)
        health.refresh(day)
        assert stored(active) == dashboard_rule(active, day), day


def test_a_new_fact_clears_the_judgement_and_only_that_plan_is_judged_again(
        org: Org, active: Plan) -> None:
    day = START + timedelta(days=20)
    assert health.refresh(day) == 1
    assert "activity-not-started" in stored(active)[0]
    assert health.refresh(day) == 0  # still valid: nothing to do
    mark_create(plan=active, kind="activity-started", user=org.pat.user,
                today=START + timedelta(days=3))
    active.refresh_from_db()
    assert active.health_through is None
    assert health.refresh(day) == 1
    assert "activity-not-started" not in stored(active)[0]


def test_the_judgement_lapses_when_the_next_deadline_passes(active: Plan) -> None:
    health.refresh(START)
    active.refresh_from_db()
    through = active.health_through
    assert through is not None
    assert through >= START
    assert health.refresh(through) == 0
    assert health.refresh(through + timedelta(days=1)) == 1


def test_a_judgement_made_before_a_new_fact_does_not_cover_it(org: Org, active: Plan) -> None:
    day = START + timedelta(days=20)
    rows = list(Plan.objects.filter(health.lapsed(day))
                .values_list("id", "timeline", "health_stamp"))
    mark_create(plan=active, kind="activity-started", user=org.pat.user, today=START)
    health._judge(rows, day)  # judged from the facts as they were before the mark
    active.refresh_from_db()
    assert active.health_through is None  # still lapsed: the next view judges it with the mark
    assert health.refresh(day) == 1
    assert "activity-not-started" not in stored(active)[0]


def test_judging_many_plans_takes_a_fixed_number_of_queries(
        org: Org, active: Plan, django_assert_max_num_queries: Any) -> None:
    # 1 read of lapsed plans, then per chunk of 500: 4 fact queries and 1 update
    with django_assert_max_num_queries(6):
        health.refresh(START + timedelta(days=20))


def test_loading_saved_rows_keeps_the_stored_judgement(org: Org, active: Plan) -> None:
    day = START + timedelta(days=20)
    health.refresh(day)
    mark = mark_create(plan=active, kind="activity-started", user=org.pat.user, today=START)
    health.refresh(day)
    active.refresh_from_db()
    stamp, through = active.health_stamp, active.health_through
    # a restore loads rows as they were saved (raw): the judgement came with them
    for obj in serializers.deserialize("json", serializers.serialize("json", [mark])):
        obj.save()
    active.refresh_from_db()
    assert (active.health_stamp, active.health_through) == (stamp, through)
