"""Helpers for the browser tests: the personas (Morgan and his report Pat, rated by both, with
the web tests' scores and password), logging in as one of them, and axe-core on a page."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from rung.web.assessments.services import assessment_create, rating_save
from rung.web.people.frameworks import get_framework
from rung.web.people.models import Person
from rung.web.people.services import person_create

from webtools import MANAGER, PASSWORD, SELF

# The personas' scores are the web tests' own.
__all__ = ["PASSWORD", "axe_violations", "describe", "login", "seed_pat"]


def seed_pat(context: dict[str, Any] | None = None) -> tuple[Person, Person]:
    """Morgan (manager) and Pat (PM), with Pat's assessment of 2026-11-12 rated by both."""
    morgan = person_create(username="morgan", password=PASSWORD, name="Morgan Blake",
                           slug="morgan", role="manager")
    pat = person_create(username="pat", password=PASSWORD, name="Pat Quinn", slug="pat",
                        role="pm", level="pm", target_level="senior-pm", manager=morgan)
    fw = get_framework("pm-quadrants")
    a = assessment_create(person=pat, framework=fw, assessed_on=date(2026, 11, 12),
                          created_by=morgan.user, context=context)
    for role, scores, user in (("self", SELF, pat.user), ("manager", MANAGER, morgan.user)):
        rating_save(assessment=a, framework=fw, role=role, entered_by=user, evidence={},
                    scores={k: Decimal(str(v)) for k, v in scores.items()})
    return morgan, pat


def login(browser: Any, base: str, username: str, opened: list[Any], *,
          password: str = PASSWORD, width: int = 1180, height: int = 860) -> Any:
    """A page logged in as `username`, in a new context added to `opened` (the test closes
    them all before the live server stops)."""
    context = browser.new_context(viewport={"width": width, "height": height})
    opened.append(context)
    page = context.new_page()
    page.goto(f"{base}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_load_state()
    return page


AXE = Path(__file__).resolve().parent / "node_modules" / "axe-core" / "axe.min.js"


def axe_violations(page: Any) -> list[dict[str, Any]]:
    """axe-core's violations on the page as it is now (every rule axe runs by default: WCAG
    2.0-2.2 A and AA and its best practices). A missing axe-core fails the test, naming the
    command that installs it."""
    if not AXE.exists():
        pytest.fail(f"axe-core is missing ({AXE}): install it with `npm ci --prefix tests` "
                    "(`make test` runs it)", pytrace=False)
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        # Evaluated, not added as a <script> element: the site's CSP refuses inline script.
        page.evaluate(AXE.read_text(encoding="utf-8") + "\n;true")
    result: dict[str, Any] = page.evaluate(
        "() => axe.run(document, {resultTypes: ['violations']})")
    return list(result["violations"])


def describe(violations: list[dict[str, Any]]) -> list[str]:
    """One line per failing element: rule, impact, where, and axe's help."""
    return [f"{v['id']} ({v['impact']}): {node['target']} — {v['help']}"
            for v in violations for node in v["nodes"]]

