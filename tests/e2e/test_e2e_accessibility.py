"""WCAG 2.2 AA as a test: axe-core on every page each demo login can reach (every link
followed from their home page, each kind of page once per login, folded parts opened), the
error pages, and every page holding at 390 px wide."""

from __future__ import annotations

import re
from collections import deque
from typing import Any

import pytest
import time_machine

from rung.web.people.models import Person

from browsertools import axe_violations, describe
from demotools import ROLES, TODAY, login, seed_demo

pytestmark = pytest.mark.e2e

# Not pages of rung's to check: downloads, the API's own documents, logging out, static files.
SKIP = re.compile(r"^/(static/|api/(?!tokens/)|logout/|login/)|/download\.|\.ics(\?|$)|"
                  r"[?&]template=|/template/")
LINKS_JS = "els => els.map(e => e.getAttribute('href'))"
MAX_PAGES = 40  # per login: far more kinds of page than any role has


def kind_of(path: str, slugs: set[str]) -> str:
    """One key per kind of page: ids and people's slugs folded, the query kept."""
    parts = [("<id>" if p.isdigit() else "<slug>" if p in slugs else p)
             for p in path.split("/")]
    return "/".join(parts)


def walk(page: Any, base: str, slugs: set[str], extra: tuple[str, ...] = ()
         ) -> list[tuple[str, list[str]]]:
    """Every kind of page reachable from the home page, with axe's findings on each (every
    <details> opened first, so folded forms are checked too)."""
    start = page.url.removeprefix(base)
    queue: deque[str] = deque([start, *extra])
    kinds: set[str] = set()
    found: list[tuple[str, list[str]]] = []
    while queue and len(found) < MAX_PAGES:
        path = queue.popleft()
        kind = kind_of(path, slugs)
        if kind in kinds:
            continue
        kinds.add(kind)
        page.goto(base + path)
        page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")
        found.append((path, describe(axe_violations(page))))
        for href in page.eval_on_selector_all("a[href]", LINKS_JS):
            link = href.split("#")[0]
            if link.startswith("/") and not link.startswith("//") and not SKIP.search(link):
                queue.append(link)
    return found


def test_every_page_of_every_demo_login_passes_axe(browser: Any, live_server: Any,
                                                   transactional_db: Any) -> None:
    opened: list[Any] = []
    failures: list[str] = []
    visited = 0
    with time_machine.travel(f"{TODAY.isoformat()} 09:00Z", tick=True):
        plan = seed_demo()
        slugs = set(Person.objects.values_list("slug", flat=True))
        try:
            for who in ROLES:
                page = login(browser, live_server.url, who, opened)
                extra = ((f"/plans/{plan.pk}/agree/", "/plans/999999/")  # a 405 and a 404
                         if who == "riley" else ())
                pages = walk(page, live_server.url, slugs, extra)
                visited += len(pages)
                failures += [f"{who} {path}: {line}" for path, lines in pages for line in lines]
        finally:
            for context in opened:
                context.close()
    assert visited >= 60, visited  # the walk really went through the site
    assert not failures, "axe-core violations:\n" + "\n".join(failures)


def test_axe_reports_what_it_should(browser: Any) -> None:
    """The check above means something: on a page with a field titled only and an image
    without a text alternative, axe-core reports both."""
    page = browser.new_page()
    try:
        page.set_content('<!doctype html><html lang="en"><head><title>t</title></head><body>'
                         '<main><h1>t</h1><img src="x.png"><textarea title="Evidence">'
                         "</textarea></main></body></html>")
        found = {v["id"] for v in axe_violations(page)}
    finally:
        page.close()
    assert {"image-alt", "label-title-only"} <= found, found


NARROW = 390


def test_pages_hold_at_390_px_and_log_out_stays_in_reach(browser: Any, live_server: Any,
                                                          transactional_db: Any) -> None:
    opened: list[Any] = []
    problems: list[str] = []
    with time_machine.travel(f"{TODAY.isoformat()} 09:00Z", tick=True):
        plan = seed_demo()
        assessment = plan.assessment_id
        pages = {
            "riley": ["/", f"/plans/{plan.pk}/", f"/tracking/{plan.pk}/",
                      f"/tracking/{plan.pk}/check-in/", f"/tracking/{plan.pk}/self-check/",
                      f"/assessments/{assessment}/", f"/assessments/{assessment}/rate/self/",
                      "/tracking/history/riley/", f"/plans/{plan.pk}/history/",
                      "/plans/999999/"],
            "morgan": ["/", "/teams/team/", f"/tracking/{plan.pk}/review/",
                       f"/assessments/{assessment}/calibrate/"],
            "ada": ["/", "/people/admin/frameworks/", "/teams/org/", "/import/", "/api/tokens/"],
        }
        try:
            for who, paths in pages.items():
                page = login(browser, live_server.url, who, opened, width=NARROW, height=844)
                for path in paths:
                    page.goto(live_server.url + path)
                    width = page.evaluate("document.documentElement.scrollWidth")
                    if width > NARROW:
                        problems.append(f"{who} {path}: {width - NARROW} px wider than the "
                                        "screen")
                    # an error page has no log-out form (it is the same for everyone); its
                    # account links must fit all the same
                    last = page.locator("header .account > :last-child")
                    box = last.bounding_box()
                    if box is None or box["x"] < 0 or box["x"] + box["width"] > NARROW:
                        problems.append(f"{who} {path}: {last.inner_text()} is cut off ({box})")
                    if path != "/plans/999999/" and last.inner_text() != "Log out":
                        problems.append(f"{who} {path}: no Log out in the header")
        finally:
            for context in opened:
                context.close()
    assert not problems, "\n".join(problems)
