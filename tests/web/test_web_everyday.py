"""Everyday UX (issue 14): home pages that list what is due, each item opening where it is
done, in a fixed number of queries; a plan page that reads first; human words for stored
values; error pages with navigation; calendar downloads in the organisation's time zone."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from icalendar import Calendar

from rung.web.plans.models import Plan
from rung.web.tracking.models import CheckInRecord
from rung.web.tracking.selectors import core_plan
from rung.web.tracking.services import check_in_create, self_check_create

from webtools import START, Org, add_reports, client_for, on, page_text, post


def practised(plan: Plan) -> dict[str, tuple[str, str]]:
    return {fa.competency: ("Drafted the outline", "") for fa in core_plan(plan).focus_areas}


def due_keys(response: Any) -> list[str]:
    return [d.key for d in response.context["due"]]


def test_a_pm_s_home_lists_this_week_with_links_to_where_it_is_done(org: Org,
                                                                    active: Plan) -> None:
    core = core_plan(active)
    home = client_for(org.pat).get(reverse("accounts:home"), follow=True)
    keys = due_keys(home)
    for kind in ("first-action", "self-check", "feedback", "milestone"):
        assert f"{kind}:{active.pk}" in keys, (kind, keys)
    html = home.content.decode()
    assert f'href="{reverse("tracking:self_check", args=[active.pk])}"' in html
    first_milestone = min((m for fa in core.focus_areas for m in fa.milestones),
                          key=lambda m: m.due)
    text = page_text(home)
    assert f"Next milestone ({core.focus_areas[0].name}" in text or first_milestone.text in text
    # the plan at a glance: every focus area with its next milestone
    for fa in core.focus_areas:
        assert fa.name in text
    # the first action is one click from done: the button records the launch step
    response = post(client_for(org.pat), reverse("tracking:mark",
                                                 args=[active.pk, "first-visible-action"]),
                    {"next": reverse("people:person", args=["pat"])})
    assert response.status_code == 302
    assert response["Location"] == "/people/pat/"
    assert f"first-action:{active.pk}" not in due_keys(
        client_for(org.pat).get(reverse("people:person", args=["pat"])))


def test_the_self_check_leaves_the_list_once_done_this_week(org: Org, active: Plan) -> None:
    url = reverse("people:person", args=["pat"])
    assert f"self-check:{active.pk}" in due_keys(client_for(org.pat).get(url))
    self_check_create(plan=active, entries=practised(active), user=org.pat.user, today=START)
    assert f"self-check:{active.pk}" not in due_keys(client_for(org.pat).get(url))


def test_a_draft_asks_the_pm_to_agree_and_a_new_assessment_for_their_self_rating(
        org: Org, plan: Plan) -> None:
    keys = due_keys(client_for(org.pat).get(reverse("people:person", args=["pat"])))
    assert f"agree:{plan.pk}" in keys
    from rung.web.assessments.services import assessment_create
    from rung.web.people.frameworks import get_framework

    new = assessment_create(person=org.pat, framework=get_framework("pm-quadrants"),
                            assessed_on=START, created_by=org.morgan.user)
    keys = due_keys(client_for(org.pat).get(reverse("people:person", args=["pat"])))
    assert f"self-rating:{new.pk}" in keys


def test_a_manager_s_home_lists_one_next_step_per_draft(org: Org, plan: Plan) -> None:
    home = client_for(org.morgan).get(reverse("accounts:home"), follow=True)
    keys = due_keys(home)
    # self and manager are 2 points apart on one competency: calibrate first, agree after
    assert f"calibrate:{plan.pk}" in keys
    assert f"agree:{plan.pk}" not in keys
    html = home.content.decode()
    assert f'href="{reverse("assessments:calibrate", args=[plan.assessment_id])}"' in html
    assert not [k for k in keys if "quinn" in k]  # Casey's report, not Morgan's
    # a draft with nothing left to calibrate waits for Morgan's agreement
    timeline = dict(plan.timeline or {})
    timeline["reviews"] = [r for r in timeline["reviews"] if r[0] != "calibration"]
    Plan.objects.filter(pk=plan.pk).update(timeline=timeline)
    home = client_for(org.morgan).get(reverse("people:dashboard"))
    assert f"agree:{plan.pk}" in due_keys(home)
    assert f'href="{reverse("plans:detail", args=[plan.pk])}#agreement"' in (
        home.content.decode())


def test_a_manager_sees_check_ins_due_and_launch_flags(org: Org, active: Plan) -> None:
    core = core_plan(active)
    launch = next(e.date for e in core.cadence if e.kind == "launch-check")
    with on(launch - timedelta(days=2)):
        keys = due_keys(client_for(org.morgan).get(reverse("people:dashboard")))
    assert any(k.startswith(f"launch-check:{active.pk}:") for k in keys), keys
    with on(launch + timedelta(days=5)):
        page = client_for(org.morgan).get(reverse("people:dashboard"))
    keys = due_keys(page)
    assert f"flag:no-first-action:{active.pk}" in keys
    assert any(k.startswith(f"launch-check:{active.pk}:") for k in keys)  # still to record
    item = next(d for d in page.context["due"] if d.key.startswith("launch-check"))
    assert item.urgency == "overdue"
    assert item.href == reverse("tracking:check_in", args=[active.pk]) + "?kind=launch-check"
    with on(launch + timedelta(days=5)):
        form = client_for(org.morgan).get(item.href)
    assert form.context["form"]["kind"].value() == "launch-check"


def test_the_manager_home_reads_a_fixed_number_of_queries(org: Org, active: Plan,
                                                           django_assert_num_queries: Any
                                                           ) -> None:
    add_reports(org, 2)
    client = client_for(org.morgan)
    client.get(reverse("people:dashboard"))
    with CaptureQueriesContext(connection) as small:
        few = client.get(reverse("people:dashboard"))
    add_reports(org, 12, start=2)
    with django_assert_num_queries(len(small.captured_queries)):
        many = client.get(reverse("people:dashboard"))
    assert len(many.context["due"]) > len(few.context["due"])  # more reports, more to do


def test_the_pm_home_reads_a_fixed_number_of_queries(org: Org, active: Plan,
                                                      django_assert_num_queries: Any) -> None:
    client = client_for(org.pat)
    url = reverse("people:person", args=["pat"])
    client.get(url)
    with CaptureQueriesContext(connection) as before:
        client.get(url)
    core = core_plan(active)
    for day in range(3):
        self_check_create(plan=active, entries=practised(active), user=org.pat.user,
                          today=START)
        check_in_create(plan=Plan.objects.get(pk=active.pk), kind="monthly-check-in",
                        held_on=START, adjustments=[],
                        focus=[{"competency": fa.competency, "rag": "green", "blocker": "",
                                "note": str(day), "milestones_met": 0}
                               for fa in core.focus_areas],
                        base_version=Plan.objects.get(pk=active.pk).version,
                        user=org.morgan.user)
    with django_assert_num_queries(len(before.captured_queries)):
        client.get(url)


def test_the_plan_page_shows_progress_from_the_latest_check_in_in_its_query_budget(
        org: Org, active: Plan, django_assert_num_queries: Any) -> None:
    core = core_plan(active)
    rags = ("green", "amber", "red")
    check_in_create(plan=active, kind="monthly-check-in", held_on=START, adjustments=[],
                    focus=[{"competency": fa.competency, "rag": rag, "blocker": "",
                            "note": "", "milestones_met": 1}
                           for fa, rag in zip(core.focus_areas, rags, strict=False)],
                    base_version=active.version, user=org.morgan.user)
    client = client_for(org.pat)
    url = reverse("plans:detail", args=[active.pk])
    client.get(url)
    with django_assert_num_queries(3):
        page = client.get(url)
    text = page_text(page)
    assert "On track" in text
    assert "At risk" in text
    assert "Off track" in text
    assert f"1 of {len(core.focus_areas[0].milestones)} milestones met" in text
    assert CheckInRecord.objects.count() == 1
    # the calendar: four dates first, every date on demand
    html = page.content.decode()
    assert html.count("<tbody>") >= 2
    assert 'id="all-dates"' in html


def test_the_check_in_form_speaks_in_words_and_shows_the_milestones(org: Org,
                                                                    active: Plan) -> None:
    page = client_for(org.morgan).get(reverse("tracking:check_in", args=[active.pk]))
    html = page.content.decode()
    assert ">competing-priorities<" not in html
    assert ">green<" not in html
    assert "Competing priorities" in html
    assert "On track" in html
    for fa in core_plan(active).focus_areas:
        for m in fa.milestones:
            assert m.text in page_text(page)


def test_the_review_names_the_next_cycle_s_competencies(org: Org, active: Plan) -> None:
    from rung.web.tracking.services import review_create

    core = core_plan(active)
    with on(active.cycle_end):
        review_create(plan=active, held_on=active.cycle_end, rescored={}, milestones_met={},
                      attempts={}, user=org.morgan.user)
        text = page_text(client_for(org.morgan).get(reverse("tracking:plan",
                                                            args=[active.pk])))
    line = text.split("Next cycle starts from:")[1][:200]
    assert core.focus_areas[0].name in line
    assert core.focus_areas[0].competency not in line


def test_person_page_names_the_plan_status_in_words(org: Org, plan: Plan) -> None:
    text = page_text(client_for(org.pat).get(reverse("people:person", args=["pat"])))
    assert "Open the plan (draft)" in text
    assert "agreed by one side" not in text


@pytest.mark.parametrize("who", ["pat", "morgan", "casey", "ada"])
def test_not_found_has_navigation_and_says_nothing_of_whose_plan(org: Org, plan: Plan,
                                                                 who: str) -> None:
    client = client_for(org.by_name(who))
    page = client.get(reverse("plans:detail", args=[plan.pk + 1000]))
    assert page.status_code == 404
    html = page.content.decode()
    assert '<nav aria-label="Main">' in html
    assert "Go to your home page" in html
    assert 'class="skip-link"' in html
    assert "favicon.svg" in html


def test_a_get_of_a_form_address_is_a_page_not_a_blank(org: Org, plan: Plan) -> None:
    page = client_for(org.pat).get(reverse("plans:agree", args=[plan.pk]))
    assert page.status_code == 405
    assert page["Allow"] == "POST"
    assert "This address is for sending a form" in page.content.decode()
    assert "Go to your home page" in page.content.decode()


def test_a_refused_form_explains_what_to_do(org: Org, plan: Plan) -> None:
    client = client_for(org.pat)
    response = client.post(reverse("plans:agree", args=[plan.pk]), {"base_version": 1})
    assert response.status_code == 403
    assert "The form could not be sent" in response.content.decode()


def test_calendar_downloads_carry_the_organisation_s_time_zone(org: Org, active: Plan,
                                                               settings: Any) -> None:
    settings.TIME_ZONE = "Europe/Berlin"
    ics = client_for(org.pat).get(reverse("plans:download", args=[active.pk, "ics"])).content
    assert b"DTSTART;TZID=Europe/Berlin:" in ics
    assert b"BEGIN:VTIMEZONE" in ics
    schedule = client_for(org.casey).get(reverse("teams:team_schedule")).content
    events = Calendar.from_ical(schedule).walk("VEVENT")
    assert events
    assert all(e["DTSTART"].params["TZID"] == "Europe/Berlin" for e in events)


def test_the_markdown_download_escapes_html_in_names(org: Org, assessment: Any) -> None:
    from rung.web.plans.services import plan_generate

    org.pat.name = "Pat <script>alert(1)</script>"
    org.pat.save()
    plan = plan_generate(person=org.pat, start=START, user=org.morgan.user)
    md = client_for(org.morgan).get(reverse("plans:download", args=[plan.pk, "md"])).content
    assert b"<script>" not in md
    assert b"Pat &lt;script>alert(1)&lt;/script>" in md
