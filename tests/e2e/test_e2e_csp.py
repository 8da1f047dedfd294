"""The Content-Security-Policy holds in a real browser: key pages of each role and the API
docs load with no violation reported (an inline script, a <style> element, an asset from
another origin would each be one)."""

from __future__ import annotations

from typing import Any

import pytest
import time_machine

from demotools import TODAY, login, seed_demo

pytestmark = pytest.mark.e2e

CSP = "Content Security Policy"


def _watch(page: Any) -> list[str]:
    reported: list[str] = []
    page.on("console", lambda m: reported.append(m.text) if CSP in m.text else None)
    return reported


def test_key_pages_and_the_api_docs_load_without_a_csp_violation(
        browser: Any, live_server: Any, transactional_db: Any) -> None:
    opened: list[Any] = []
    violations: list[str] = []
    with time_machine.travel(f"{TODAY.isoformat()} 09:00Z", tick=True):
        plan = seed_demo()
        pages = {
            "riley": ["/", f"/plans/{plan.pk}/", f"/tracking/{plan.pk}/",
                      f"/tracking/{plan.pk}/check-in/", f"/assessments/{plan.assessment_id}/",
                      "/tracking/calendar/riley/", "/api/tokens/", "/plans/999999/"],
            "morgan": ["/", "/teams/team/", f"/tracking/{plan.pk}/review/"],
            "ada": ["/", "/people/admin/frameworks/", "/import/", "/api/docs"],
        }
        try:
            for who, paths in pages.items():
                page = login(browser, live_server.url, who, opened)
                reported = _watch(page)
                for path in paths:
                    page.goto(live_server.url + path)
                    page.wait_for_load_state("networkidle")
                    violations += [f"{who} {path}: {text}" for text in reported]
                    reported.clear()
                if who == "ada":  # the docs page rendered its operations (its script ran)
                    page.locator(".opblock").nth(7).wait_for()
                    violations += [f"{who} /api/docs: {text}" for text in reported]
        finally:
            for context in opened:
                context.close()
    assert violations == []


def test_an_inline_script_on_a_page_is_refused_and_reported(
        browser: Any, live_server: Any, transactional_db: Any) -> None:
    """The check above means something: a script element added to the page does not run and
    the browser reports it."""
    page = browser.new_page()
    try:
        reported = _watch(page)
        page.goto(live_server.url + "/login/")
        ran = page.evaluate("""() => { const s = document.createElement('script');
            s.textContent = 'window.ran = true'; document.body.append(s);
            return window.ran === true; }""")
        page.wait_for_timeout(200)
    finally:
        page.close()
    assert (ran, len(reported)) == (False, 1)
