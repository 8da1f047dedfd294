"""A manager opens the team view (heatmap, shared patterns, staggered planning conversations)
and downloads the schedule; the admin opens the organisation view. The screenshots are the
ones in docs/screenshots/ (`make screenshots` refreshes them)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from rung.web.assessments.services import assessment_create, rating_save
from rung.web.people.frameworks import get_framework
from rung.web.people.services import person_create
from rung.web.plans.services import plan_generate

from browsertools import PASSWORD, login

pytestmark = pytest.mark.e2e

BASE = {"market-analysis": 2, "product-strategy": 2.5, "business-acumen": 2.5,
        "roadmapping": 3, "organizational-influence": 3, "people-leadership": 2,
        "user-research": 3.5, "data-analysis": 3.5, "experimentation": 3,
        "stakeholder-communication": 3.5, "execution": 4, "technical-fluency": 3}
PMS: tuple[tuple[str, str, str, dict[str, float]], ...] = (
    ("pat", "Pat Quinn", "pm", {}),
    ("lee", "Lee Park", "pm", {"user-research": 2, "data-analysis": 4.5}),
    ("ana", "Ana Ruiz", "senior-pm", {"people-leadership": 1.5, "execution": 4.5}),
    ("sam", "Sam Okafor", "apm", {"technical-fluency": 1.5, "experimentation": 1.5}),
)


def seed() -> None:
    person_create(username="ada", password=PASSWORD, name="Ada Lovelace", slug="ada",
                  role="admin")
    morgan = person_create(username="morgan", password=PASSWORD, name="Morgan Blake",
                           slug="morgan", role="manager")
    fw = get_framework("pm-quadrants")
    for slug, name, level, changes in PMS:
        pm = person_create(username=slug, password=PASSWORD, name=name, slug=slug, role="pm",
                           level=level, manager=morgan)
        a = assessment_create(person=pm, framework=fw, assessed_on=date(2026, 11, 12),
                              created_by=morgan.user)
        scores = {**BASE, **changes}
        for role, user in (("self", pm.user), ("manager", morgan.user)):
            rating_save(assessment=a, framework=fw, role=role, entered_by=user, evidence={},
                        scores={k: Decimal(str(v)) for k, v in scores.items()})
        if slug in ("pat", "lee"):
            plan_generate(person=pm, start=date(2026, 11, 30), user=morgan.user)


def test_manager_reads_the_team_view_and_admin_the_organisation(
    browser: Any, live_server: Any, transactional_db: Any, screenshots: Path
) -> None:
    seed()
    opened: list[Any] = []
    try:
        morgan = login(browser, live_server.url, "morgan", opened)
        morgan.click("header >> text=Team")
        heatmap = morgan.locator("svg.heatmap")
        heatmap.wait_for()
        columns = [t.text_content() for t in heatmap.locator("text[font-weight='600']").all()]
        assert columns == sorted(name for _, name, _, _ in PMS)  # name order, no ranking
        patterns = morgan.locator("section:has(h2:text('Shared patterns'))")
        assert "focus area of 3 PMs: Lee Park, Pat Quinn, Sam Okafor" in patterns.inner_text()
        rows = morgan.locator("section:has(h2:text('Planning conversations')) tbody tr")
        assert rows.count() == 4
        morgan.screenshot(path=str(screenshots / "04-team-view.png"), full_page=True)
        with morgan.expect_download() as download:
            morgan.click("text=Download for your calendar (.ics)")
        ics = Path(download.value.path()).read_text(encoding="utf-8")
        assert ics.count("BEGIN:VEVENT") == 4

        ada = login(browser, live_server.url, "ada", opened)
        ada.click("header >> text=Organisation")
        ada.locator("h1:text('Organisation')").wait_for()
        body = ada.locator("main").inner_text()
        assert "PMs in 1 team" in body
        assert "Morgan Blake\t4\t0\t2\t2" in body  # 4 PMs: none active, 2 drafts, 2 none
        for _, name, _, _ in PMS:
            assert name not in body
        ada.screenshot(path=str(screenshots / "05-organisation-view.png"), full_page=True)
    finally:
        for context in opened:
            context.close()
