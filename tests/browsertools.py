"""Helpers for the browser tests: the personas (Morgan and his report Pat, rated by both, with
the web tests' scores and password) and logging in as one of them."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from rung.web.assessments.services import assessment_create, rating_save
from rung.web.people.frameworks import get_framework
from rung.web.people.models import Person
from rung.web.people.services import person_create

from webtools import MANAGER, PASSWORD, SELF

__all__ = ["PASSWORD", "login", "seed_pat"]  # the personas' scores are the web tests' own


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


def login(browser: Any, base: str, username: str, opened: list[Any]) -> Any:
    """A page logged in as `username`, in a new context added to `opened` (the test closes
    them all before the live server stops)."""
    context = browser.new_context(viewport={"width": 1180, "height": 860})
    opened.append(context)
    page = context.new_page()
    page.goto(f"{base}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    return page
