"""Helpers for the browser tests: the personas (Morgan and his report Pat, rated by both),
their password, logging in as one of them, axe-core on a page, and screenshots.

Screenshots go to a temporary folder; they are copied into a tracked folder only on request
(`RUNG_SCREENSHOTS=docs/screenshots`, which `make screenshots` sets), so running the tests
never changes tracked files.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from rung.web.assessments.services import assessment_create, rating_save
from rung.web.people.frameworks import get_framework
from rung.web.people.models import Person
from rung.web.people.services import person_create

PASSWORD = "plum-lantern-42-ferry"
SELF = {"market-analysis": 2, "product-strategy": 4, "business-acumen": 2.5, "roadmapping": 3,
        "organizational-influence": 3, "people-leadership": 2, "user-research": 4,
        "data-analysis": 4, "experimentation": 3.5, "stakeholder-communication": 4,
        "execution": 4.5, "technical-fluency": 3.5}
MANAGER = {**SELF, "market-analysis": 1.5, "product-strategy": 2, "business-acumen": 2,
           "roadmapping": 2.5, "organizational-influence": 2.5}


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


AXE = Path(__file__).resolve().parents[1] / "node_modules" / "axe-core" / "axe.min.js"


def axe_violations(page: Any) -> list[dict[str, Any]]:
    """axe-core's violations on the page as it is now (every rule axe runs by default: WCAG
    2.0-2.2 A and AA and its best practices). A missing axe-core fails the test, naming the
    command that installs it."""
    if not AXE.exists():
        pytest.fail(f"axe-core is missing ({AXE}): install it with `npm ci --prefix tests` "
                    "(`make test` runs it)", pytrace=False)
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    result: dict[str, Any] = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    return list(result["violations"])


def describe(violations: list[dict[str, Any]]) -> list[str]:
    """One line per failing element: rule, impact, where, and axe's help."""
    return [f"{v['id']} ({v['impact']}): {node['target']} — {v['help']}"
            for v in violations for node in v["nodes"]]


class Screenshots:
    """Where the tests' screenshots go: a temporary folder, copied to `RUNG_SCREENSHOTS` (a
    folder, e.g. docs/screenshots) at the end when that is set."""

    def __init__(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="rung-screenshots-"))
        target = os.environ.get("RUNG_SCREENSHOTS", "")
        self.keep = Path(target).resolve() if target else None

    def path(self, name: str) -> str:
        return str(self.folder / name)

    def finish(self) -> None:
        if self.keep is not None:
            self.keep.mkdir(parents=True, exist_ok=True)
            for shot in sorted(self.folder.glob("*.png")):
                shutil.copy2(shot, self.keep / shot.name)
        shutil.rmtree(self.folder, ignore_errors=True)
