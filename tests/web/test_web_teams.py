"""The manager's team view and the admin's organisation view.

The team view maps each report's gap to their own target, suggests something shared where
focus areas coincide, and staggers planning conversations over two weeks, without ranking
anybody. The organisation view is counts only, with small teams folded into the totals.
Both read a fixed number of queries however large the team or organisation.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from icalendar import Calendar

from rung.core.team import MemberGaps
from rung.web.assessments.services import assessment_create, rating_save
from rung.web.people.frameworks import get_framework
from rung.web.people.models import Person
from rung.web.people.services import person_create
from rung.web.plans.models import Plan
from rung.web.plans.services import plan_generate
from rung.web.tracking.services import mark_create

from webtools import PASSWORD, START, Org, activate, client_for, rate_all

TODAY = date(2026, 11, 25)  # a Wednesday, a few days before START


def add_pm(org: Org, slug: str, name: str, *, manager: Person | None = None,
           plan: bool = True, assessed_on: date = START) -> Person:
    pm = person_create(username=slug, password=PASSWORD, name=name, slug=slug, role="pm",
                       level="pm", manager=manager or org.morgan)
    a = assessment_create(person=pm, framework=get_framework("pm-quadrants"),
                          assessed_on=assessed_on, created_by=org.morgan.user)
    rate_all(a, Org(ada=org.ada, morgan=org.morgan, casey=org.casey, pat=pm, quinn=org.quinn),
             peers={})
    if plan:
        plan_generate(person=pm, start=START, user=org.morgan.user)
    return pm


def team_page(org: Org, who: Person | None = None, **params: str) -> Any:
    with time_machine.travel(TODAY):
        return client_for(who or org.morgan).get(reverse("teams:team"), params)


def members(response: Any) -> list[MemberGaps]:
    return [m for h in response.context["overview"].heatmaps for m in h.members]


# --- heatmap -------------------------------------------------------------------------------


def test_each_cell_is_the_gap_to_the_pms_own_target_as_in_their_plan(plan: Plan,
                                                                      org: Org) -> None:
    pat = next(m for m in members(team_page(org)) if m.person_id == "pat")
    doc = json.loads(plan.current.document)  # type: ignore[union-attr]
    for gap in doc["gaps"]:
        assert pat.gaps[gap["competency"]] == gap["gap"], gap["competency"]
    assert pat.focus == tuple(fa["competency"] for fa in doc["focus_areas"])
    assert pat.focus_from_plan


def test_a_divergence_awaiting_calibration_is_starred_never_averaged(org: Org) -> None:
    pm = add_pm(org, "lee", "Lee Park", plan=False)
    assessment = pm.assessments.get()
    rating_save(assessment=assessment, framework=get_framework("pm-quadrants"), role="manager",
                scores={"execution": Decimal("1.5")}, evidence={}, entered_by=org.morgan.user)
    lee = next(m for m in members(team_page(org)) if m.person_id == "lee")
    assert "execution" in lee.awaiting_calibration
    target = 4.0  # pm -> senior-pm in pm-quadrants; self 4.5, manager 1.5: the lower counts
    assert lee.gaps["execution"] == target - 1.5
    svg = str(team_page(org).context["charts"][0][1])
    assert ("Lee Park · Delivery &amp; execution: 2.5 to target; self and manager are 2+ "
            "points apart") in svg


def test_columns_are_in_name_order_and_nothing_is_totalled_per_person(org: Org) -> None:
    for slug, name in (("zed", "Zed Adams"), ("bo", "Bo Chen"), ("mia", "Mia Lopez")):
        add_pm(org, slug, name, plan=False)
    response = team_page(org)
    names = [m.name for m in members(response)]
    assert names == sorted(names, key=str.casefold)
    html = response.content.decode().lower()
    for word in ("rank", "leaderboard", "top performer", "total gap"):
        assert word not in html


def test_the_team_view_shows_only_the_managers_own_reports(plan: Plan, org: Org) -> None:
    add_pm(org, "ivy", "Ivy Stone", manager=org.casey, plan=False)
    casey = team_page(org, org.casey)
    assert {m.person_id for m in members(casey)} == {"ivy"} | (
        {"quinn"} if org.quinn.assessments.exists() else set())
    assert "Pat Quinn" not in casey.content.decode()
    assert "Ivy Stone" not in team_page(org).content.decode()


def test_a_report_without_an_assessment_is_listed_with_what_to_do(org: Org) -> None:
    person_create(username="new", password=PASSWORD, name="Noor Ali", slug="noor", role="pm",
                  level="pm", manager=org.morgan)
    response = team_page(org)
    unmapped = response.context["overview"].unmapped
    assert [(u.slug, u.reason) for u in unmapped] == [("noor", "no assessment yet"),
                                                      ("pat", "no assessment yet")]
    assert "Noor Ali" in response.content.decode()


def test_a_manager_without_reports_is_told_how_people_get_there(org: Org) -> None:
    lone = person_create(username="lone", password=PASSWORD, name="Lou Lone", slug="lone",
                         role="manager")
    html = team_page(org, lone).content.decode()
    assert "Nobody reports to you in rung yet" in html
    assert "Planning conversations" not in html


# --- shared patterns -----------------------------------------------------------------------


def test_a_focus_competency_shared_by_two_pms_gets_one_shared_resource(plan: Plan,
                                                                        org: Org) -> None:
    add_pm(org, "lee", "Lee Park")  # same scores as Pat: the same focus competencies
    patterns = team_page(org).context["overview"].patterns
    pat_focus = json.loads(plan.current.document)["focus_areas"]  # type: ignore[union-attr]
    assert {p.competency for p in patterns} == {fa["competency"] for fa in pat_focus}
    for p in patterns:
        assert p.people == ("Lee Park", "Pat Quinn")
        assert p.resource is not None
        assert p.resource.scope
        assert "stay individual" in p.workshop


def test_no_pattern_when_focus_areas_do_not_coincide(plan: Plan, org: Org) -> None:
    assert team_page(org).context["overview"].patterns == ()
    assert "every plan stands on its own" in team_page(org).content.decode()


# --- staggered planning conversations ------------------------------------------------------


def test_planning_conversations_are_spread_over_two_weeks_of_business_days(org: Org) -> None:
    for i in range(12):
        add_pm(org, f"pm{i}", f"PM {i:02d}", plan=i >= 6)  # six without a plan
    schedule = team_page(org).context["overview"].schedule
    # Pat (not assessed yet), six without a plan, six with a draft to agree
    assert len(schedule) == 13
    days = [c.day for c in schedule]
    assert all(d.weekday() < 5 for d in days)
    assert min(days) == date(2026, 11, 26)  # the next business day
    assert max(days) - min(days) < timedelta(days=14)
    assert max(days.count(d) for d in days) == 2  # 13 over ten days: never three a day
    assert all(len({c.start for c in schedule if c.day == d}) == days.count(d) for d in days)
    without_plan = [c for c in schedule if c.reason.startswith(("no plan", "no assessment"))]
    assert len(without_plan) == 7
    assert [c.name for c in schedule[:7]] == [c.name for c in without_plan]


def test_a_pm_mid_cycle_needs_no_planning_conversation(plan: Plan, org: Org) -> None:
    activate(plan, org)
    overview = team_page(org).context["overview"]
    assert "pat" not in {c.person_id for c in overview.schedule}
    assert [name for name, _ in overview.not_due] == ["Pat Quinn"]


def test_the_manager_can_move_the_window_and_download_it_for_the_calendar(org: Org) -> None:
    add_pm(org, "lee", "Lee Park", plan=False)
    add_pm(org, "bo", "Bo Chen", plan=False)
    overview = team_page(org, None, **{"from": "2026-12-07"}).context["overview"]
    assert overview.schedule_start == date(2026, 12, 7)
    with time_machine.travel(TODAY):
        response = client_for(org.morgan).get(reverse("teams:team_schedule"),
                                              {"from": "2026-12-07"})
    assert response["Content-Type"].startswith("text/calendar")
    events = Calendar.from_ical(response.content).walk("VEVENT")
    assert sorted(str(e["summary"]) for e in events) == [
        "Planning conversation: Bo Chen", "Planning conversation: Lee Park",
        "Planning conversation: Pat Quinn"]
    assert all(e.decoded("dtstart").date() >= date(2026, 12, 7) for e in events)
    assert all("first monthly check-in" in str(e["description"]) for e in events)


def test_the_team_view_reads_the_same_number_of_queries_for_3_or_15_reports(
        org: Org, django_assert_num_queries: Any) -> None:
    for i in range(3):
        add_pm(org, f"pm{i}", f"PM {i:02d}")
    client = client_for(org.morgan)
    client.get(reverse("teams:team"))  # warm the session and the framework caches
    with CaptureQueriesContext(connection) as small:
        client.get(reverse("teams:team"))
    for i in range(3, 15):
        add_pm(org, f"pm{i}", f"PM {i:02d}", plan=i % 2 == 0)
    with django_assert_num_queries(len(small.captured_queries)):
        response = client.get(reverse("teams:team"))
    assert len(members(response)) == 15


# --- organisation view ---------------------------------------------------------------------


def test_the_org_view_counts_plans_and_never_names_a_pm(plan: Plan, org: Org) -> None:
    for i in range(4):
        add_pm(org, f"pm{i}", f"PM {i:02d}", plan=i < 2)
    with time_machine.travel(TODAY):
        response = client_for(org.ada).get(reverse("teams:org"))
    total = response.context["total"]
    # Morgan: Pat + 4 (3 drafts, 2 without a plan); Casey: Quinn (no assessment, no plan)
    assert (total.pms, total.active, total.open_drafts, total.no_plan) == (6, 0, 3, 3)
    assert total.no_assessment == 1
    html = response.content.decode()
    for person in Person.objects.filter(role="pm"):
        assert person.name not in html
    teams = {t.manager: t for t in response.context["overview"].teams}
    assert teams["Morgan Blake"].counts is not None
    assert teams["Morgan Blake"].size == 5
    assert teams["Casey Nguyen"].counts is None  # one PM: in the totals only
    assert "fewer than 3 PMs" in html


def test_overdue_reviews_and_launch_flags_are_counted_from_the_same_rules(plan: Plan,
                                                                        org: Org) -> None:
    live = activate(plan, org)
    day_after_launch_check = START + timedelta(days=20)
    with time_machine.travel(day_after_launch_check):
        total = client_for(org.ada).get(reverse("teams:org")).context["total"]
    assert total.launching == 1
    assert total.launch_flagged == 1
    assert set(total.launch_flags) == {"no-first-action", "activity-not-started",
                                       "provider-not-contacted", "no-self-check"}
    assert total.overdue == 1
    assert set(total.missed) >= {"launch-check"}

    mark_create(plan=live, kind="first-visible-action", user=org.pat.user, today=START)
    with time_machine.travel(day_after_launch_check):
        total = client_for(org.ada).get(reverse("teams:org")).context["total"]
    assert "no-first-action" not in total.launch_flags


def test_the_org_view_reads_the_same_number_of_queries_for_any_size(
        plan: Plan, org: Org, django_assert_num_queries: Any) -> None:
    activate(plan, org)
    client = client_for(org.ada)
    client.get(reverse("teams:org"))
    with CaptureQueriesContext(connection) as small:
        client.get(reverse("teams:org"))
    for i in range(8):
        add_pm(org, f"pm{i}", f"PM {i:02d}", manager=org.casey if i % 2 else org.morgan)
    with django_assert_num_queries(len(small.captured_queries)):
        response = client.get(reverse("teams:org"))
    assert response.context["total"].pms == 10
