"""Everyday use in a real browser: the plan page passes the 10-second rule, the charts' text
is readable (computed colours, 4.5:1) and every chart has a text alternative, and the main
flow (assess → draft → edit → agree → check-in) works with the keyboard alone, the focus
always visible. Screenshots of the home, plan and check-in pages go to a temporary folder
(`make screenshots` keeps them in docs/screenshots/)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import time_machine

from rung.web.plans.models import Plan
from rung.web.tracking.models import CheckInRecord

from browsertools import PASSWORD, seed_pat
from demotools import TODAY, login, seed_demo

pytestmark = pytest.mark.e2e

# WCAG's contrast ratio of an SVG text's computed fill against what is drawn behind it (the
# first filled rect, circle or polygon under the text's centre, else the page's white).
CONTRAST_JS = """
() => {
  const rgb = (s) => (s.match(/[\\d.]+/g) || []).slice(0, 3).map(Number);
  const lum = ([r, g, b]) => [r, g, b].map(c => c / 255)
      .map(c => c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4)
      .reduce((sum, c, i) => sum + c * [0.2126, 0.7152, 0.0722][i], 0);
  const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
                            return (x + 0.05) / (y + 0.05); };
  const out = [];
  for (const t of document.querySelectorAll('svg text')) {
    if (!t.textContent.trim()) continue;
    const box = t.getBoundingClientRect();
    if (!box.width) continue;
    const under = document.elementsFromPoint(box.x + box.width / 2, box.y + box.height / 2)
      .find(e => e !== t && ['rect', 'circle', 'polygon'].includes(e.tagName)
                 && getComputedStyle(e).fill !== 'none'
                 && parseFloat(getComputedStyle(e).fillOpacity) === 1);
    const back = under ? rgb(getComputedStyle(under).fill) : [255, 255, 255];
    out.push({text: t.textContent.trim(), ratio: ratio(rgb(getComputedStyle(t).fill), back),
              chart: t.closest('svg').getAttribute('class')});
  }
  return out;
}
"""


def chart_problems(page: Any) -> list[str]:
    problems = [f"{c['chart']}: '{c['text']}' at {c['ratio']:.2f}:1"
                for c in page.evaluate(CONTRAST_JS) if c["ratio"] < 4.5]
    for svg in page.locator("svg[role=img]").all():
        title = svg.locator("title").first.text_content() or ""
        desc = svg.locator("desc").first.text_content() if svg.locator("desc").count() else ""
        if not title.strip() or not (desc or "").strip():
            problems.append(f"{svg.get_attribute('class')}: no title or description")
    return problems


def test_plan_page_10_second_rule_charts_and_screenshots(
        browser: Any, live_server: Any, transactional_db: Any, screenshots: Path) -> None:
    opened: list[Any] = []
    problems: list[str] = []
    with time_machine.travel(f"{TODAY.isoformat()} 09:00Z", tick=True):
        plan = seed_demo()
        base = live_server.url
        try:
            riley = login(browser, base, "riley", opened, width=1366, height=768)
            riley.screenshot(path=str(screenshots / "06-pm-home.png"), full_page=True)
            riley.goto(f"{base}/plans/{plan.pk}/")
            # The seed's rule: focus areas and next milestones within 10 seconds, i.e. on
            # the first screen of a laptop, without scrolling.
            cards = riley.locator(".focus-card")
            assert cards.count() == 3
            for i in range(cards.count()):
                for part in ("h3", ".next"):
                    box = cards.nth(i).locator(part).bounding_box()
                    assert box is not None, (i, part)
                    assert box["y"] + box["height"] <= 768, (i, part, box)
            assert "Next milestone" in cards.nth(0).locator(".next").inner_text()
            assert "milestones met" in cards.nth(0).inner_text()  # progress from the check-in
            riley.screenshot(path=str(screenshots / "07-plan-page.png"))
            problems += [f"plan: {p}" for p in chart_problems(riley)]
            riley.goto(f"{base}/tracking/history/riley/")
            problems += [f"history: {p}" for p in chart_problems(riley)]

            morgan = login(browser, base, "morgan", opened, width=1366, height=768)
            morgan.screenshot(path=str(screenshots / "08-manager-home.png"), full_page=True)
            morgan.goto(f"{base}/tracking/{plan.pk}/check-in/")
            morgan.screenshot(path=str(screenshots / "09-check-in.png"), full_page=True)
            form = morgan.locator("form").last.inner_text()
            assert "competing-priorities" not in form
            assert "Competing priorities" in form
            assert "Milestones counted here" in form
            morgan.goto(f"{base}/teams/team/")
            problems += [f"team: {p}" for p in chart_problems(morgan)]
            assert morgan.locator("svg.heatmap text").count() > 20  # the check saw the cells
        finally:
            for context in opened:
                context.close()
    assert not problems, "\n".join(problems)


def tab_to(page: Any, selector: str, limit: int = 150) -> None:
    """Press Tab until the focus is on `selector`, then check the focus can be seen."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => !!document.activeElement && document.activeElement.matches(s)",
                         selector):
            style = page.evaluate("() => { const s = getComputedStyle(document.activeElement);"
                                  " return [s.outlineStyle, parseFloat(s.outlineWidth)]; }")
            assert style[0] != "none", (selector, style, page.url)
            assert style[1] >= 2, (selector, style, page.url)
            return
    raise AssertionError(f"Tab never reached {selector} on {page.url}")


def press(page: Any, selector: str, key: str = "Enter") -> None:
    tab_to(page, selector)
    with page.expect_navigation():
        page.keyboard.press(key)


def key_login(browser: Any, base: str, username: str, opened: list[Any]) -> Any:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    opened.append(context)
    page = context.new_page()
    page.goto(f"{base}/login/")
    tab_to(page, ".skip-link")  # the first stop on every page
    tab_to(page, "#id_username")
    page.keyboard.type(username)
    tab_to(page, "#id_password")
    page.keyboard.type(PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    return page


def test_the_main_flow_with_the_keyboard_alone(browser: Any, live_server: Any,
                                               transactional_db: Any) -> None:
    opened: list[Any] = []
    with time_machine.travel("2026-11-30 09:00Z", tick=True):
        morgan_p, pat_p = seed_pat()
        base = live_server.url
        try:
            # Assess: Pat changes a score of the self-rating from the assessment's page.
            pat = key_login(browser, base, "pat", opened)
            press(pat, "main ul a[href^='/assessments/']")  # the assessment, from the list
            press(pat, "a[href$='/rate/self/']")
            tab_to(pat, "#id_score-market-analysis")
            pat.keyboard.press("Control+A")
            pat.keyboard.type("2.5")
            press(pat, "main form button[type=submit]")
            assert "Ratings saved" in pat.inner_text("main")

            # Draft: Morgan's home lists Pat without a plan; one key press from there.
            morgan = key_login(browser, base, "morgan", opened)
            press(morgan, "#due a[href$='/generate/pat/']")
            press(morgan, "main form button[type=submit]")
            assert morgan.inner_text("#plan-status") == "Draft"
            plan_url = morgan.url

            # Edit: Pat opens the plan from the home page's due item, edits the first card
            # in place and agrees.
            press(pat, "a[href='/people/pat/']")
            press(pat, "#due a[href$='#agreement']")
            tab_to(pat, "#focus-0 details.edit > summary")
            pat.keyboard.press("Enter")
            tab_to(pat, "#id_fa0-m0_threshold")
            pat.keyboard.press("Control+A")
            pat.keyboard.type("2 sections reviewed by Nadia, 3 competitors compared")
            press(pat, "#focus-0 form.focus-form button[type=submit]")
            assert "Saved" in pat.inner_text(".messages")
            press(pat, "#agree")
            assert pat.inner_text("#plan-status") == "One side agreed"

            # Agree: Morgan agrees; the plan is active.
            morgan.goto(plan_url)
            press(morgan, "#agree")
            assert morgan.inner_text("#plan-status") == "Active"

            # Check-in: from the plan to its progress page to the check-in form.
            press(morgan, ".plan-meta a[href^='/tracking/']")
            press(morgan, "a[href$='/check-in/']")
            tab_to(morgan, "#id_rag-0")
            morgan.keyboard.press("ArrowDown")  # On track → At risk
            press(morgan, "main form button[type=submit]")
            assert "Check-in recorded" in morgan.inner_text(".messages")
        finally:
            for context in opened:
                context.close()
    plan = Plan.objects.get(person=pat_p)
    assert plan.status == "active"
    assert morgan_p.pk
    record = CheckInRecord.objects.get(plan=plan)
    assert record.focus[0]["rag"] == "amber"
    assert plan.current is not None
    assert "2 sections reviewed by Nadia" in plan.current.document
