"""A manager creates a plan, the PM edits a milestone, sees the lint warning (with how to fix
it), fixes it, both agree: the plan is active. The screenshots are the ones in
docs/screenshots/ (`make screenshots` refreshes them)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import time_machine

from rung.web.plans.models import Plan

from browsertools import login, seed_pat

pytestmark = pytest.mark.e2e

VAGUE = "Be more strategic"
FIXED = "Present the market sizing to the leadership team and get a pursue or park decision"


def seed() -> None:
    seed_pat({"upcoming": [{"name": "H2 strategy review", "date": "2027-02-04"}],
              "feedback_people": [{"name": "Nadia Petrov", "role": "Director of Product"}]})


def test_manager_creates_pm_edits_lint_fix_both_agree(
    browser: Any, live_server: Any, transactional_db: Any, screenshots: Path
) -> None:
    opened: list[Any] = []
    with time_machine.travel("2026-11-30 09:00Z", tick=True):  # the cycle starts today
        seed()
        try:
            run(browser, live_server.url, screenshots, opened)
        finally:  # no request may outlive the live server
            for context in opened:
                context.close()
    plan = Plan.objects.get()
    assert plan.status == "active"
    assert plan.version == 5
    assert [v.kind for v in plan.versions.order_by("number")] == [
        "created", "edited", "first-action", "agreed", "agreed"]


def run(browser: Any, base: str, screenshots: Path, opened: list[Any]) -> None:
    # The manager generates the draft from Pat's latest assessment.
    morgan = login(browser, base, "morgan", opened)
    morgan.click("table >> text=Pat Quinn")  # the reports table (the home also lists what is due)
    morgan.click("text=Generate a draft plan")
    morgan.fill("#id_start", "2026-11-30")
    morgan.click("button:has-text('Generate the draft')")
    morgan.wait_for_selector("#plan-status")
    assert morgan.inner_text("#plan-status") == "Draft"
    morgan.screenshot(path=str(screenshots / "01-manager-generates-draft.png"))
    plan_url = morgan.url

    # The PM edits a milestone; the lint panel updates as they type (htmx, nothing saved).
    pat = login(browser, base, "pat", opened)
    pat.goto(plan_url)
    pat.click("#focus-0 details.edit > summary")  # the card is read first, edited in place
    pat.fill("#id_fa0-m0_text", VAGUE)
    pat.fill("#id_fa0-m0_threshold", "")
    lint = pat.locator("#lint-focus-0")
    lint.locator("text=R013").wait_for()  # vague: a state, not something to watch happen
    lint.locator("text=R002").wait_for()  # no number or threshold
    assert "How to fix:" in lint.inner_text()
    pat.wait_for_load_state("networkidle")  # the last lint request has landed
    pat.locator("#focus-0").screenshot(path=str(screenshots / "02-pm-sees-lint-warning.png"))

    # ... fixes it: the warnings go away before saving.
    pat.fill("#id_fa0-m0_text", FIXED)
    pat.fill("#id_fa0-m0_threshold", "1 decision recorded, at least 3 named competitors")
    lint.locator("text=No lint findings here").wait_for()
    pat.click("#focus-0 button[type=submit]")
    pat.wait_for_selector("text=Saved Market & competitive analysis")
    assert pat.input_value("#id_fa0-m0_text") == FIXED

    # The one thing this week, in the PM's words; then both agree.
    pat.fill("#id_first-text", "Book 30 minutes with Nadia before Friday to agree what she "
                               "will watch in the H2 review")
    pat.click("#first-action ~ form button[type=submit], form[action$='first-action/'] button")
    pat.wait_for_selector("text=Written down")
    pat.click("#agree")
    pat.wait_for_selector("text=Agreement recorded")
    assert pat.inner_text("#plan-status") == "One side agreed"

    morgan.goto(plan_url)
    morgan.click("#agree")
    morgan.wait_for_selector("text=Agreement recorded")
    assert morgan.inner_text("#plan-status") == "Active"
    morgan.screenshot(path=str(screenshots / "03-both-agreed-active.png"))
