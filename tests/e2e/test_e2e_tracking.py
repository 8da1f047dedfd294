"""Day 90 in a real browser: the review form takes the scores it is prefilled with (one score
step, 0.1, so the browser's own validation lets 1.8 through), and a double-clicked self-check
is saved once."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
import time_machine

from rung.web.plans.models import Plan
from rung.web.plans.services import plan_agree, plan_generate
from rung.web.tracking.models import CycleReview, SelfCheck
from rung.web.tracking.selectors import core_plan

from browsertools import login, seed_pat

pytestmark = pytest.mark.e2e


def active_plan() -> Plan:
    morgan, pat = seed_pat()
    plan = plan_generate(person=pat, start=date(2026, 11, 30), user=morgan.user)
    plan = plan_agree(plan=plan, relation="self", base_version=plan.version, user=pat.user)
    return plan_agree(plan=plan, relation="manager", base_version=plan.version,
                      user=morgan.user)


def test_the_review_saves_its_prefilled_scores_and_a_double_click_saves_once(
    browser: Any, live_server: Any, transactional_db: Any
) -> None:
    opened: list[Any] = []
    with time_machine.travel("2027-02-26 09:00Z", tick=True):  # the day-90 review
        plan = active_plan()
        try:
            pat = login(browser, live_server.url, "pat", opened)
            pat.goto(f"{live_server.url}/tracking/{plan.pk}/self-check/")
            pat.fill("textarea[name=practised-0]", "Presented the market sizing")
            pat.dblclick("button:has-text('Save the self-check')")
            pat.wait_for_selector("h1:has-text('progress')")

            morgan = login(browser, live_server.url, "morgan", opened)
            morgan.goto(f"{live_server.url}/tracking/{plan.pk}/review/")
            prefilled = morgan.input_value("input[name=after-0]")
            morgan.click("button:has-text('Record the review')")
            morgan.wait_for_selector("text=Review recorded")
        finally:  # no request may outlive the live server
            for context in opened:
                context.close()
    assert SelfCheck.objects.filter(plan=plan).count() == 1
    gaps = {g.competency: g.current for g in core_plan(plan).gaps}
    first = core_plan(plan).focus_areas[0].competency
    assert prefilled == f"{gaps[first]:.1f}"
    assert Decimal(prefilled) % Decimal("0.5") != 0
    outcomes = CycleReview.objects.get(plan=plan).outcomes
    assert all(o["after"] == gaps[o["competency"]] for o in outcomes)
