"""The demo organisation three weeks into its cycles, for the browser tests that walk every
page: an active plan with a check-in, a self-check and a feedback provider, a draft, a plan
agreed by one side, a closed cycle and PMs without a plan."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import time_machine

from rung.web.demo import load_demo
from rung.web.people.models import Person
from rung.web.plans.models import Plan
from rung.web.tracking.selectors import core_plan
from rung.web.tracking.services import check_in_create, provider_name, self_check_create

import browsertools

LOADED = date(2027, 1, 4)  # a Monday: the demo's plans start on it
TODAY = LOADED + timedelta(days=20)
PASSWORD = "demo-walk-31"
# Every demo login and the role it shows.
ROLES = ("ada", "morgan", "casey", "pat", "riley", "jordan", "sam", "lee", "alex")


def seed_demo() -> Plan:
    """Load the demo on LOADED, then record what three weeks of an active plan bring (call it
    with the clock on TODAY). Returns Riley's active plan."""
    with time_machine.travel(f"{LOADED.isoformat()} 08:00Z", tick=False):
        load_demo(password=PASSWORD, today=LOADED)
    riley = Person.objects.get(slug="riley")
    plan = Plan.objects.get(person=riley, status="active")
    core = core_plan(plan)
    self_check_create(plan=plan, entries={fa.competency: ("Drafted the outline", "Start earlier")
                                          for fa in core.focus_areas},
                      user=riley.user, today=TODAY - timedelta(days=6))
    rows = [{"competency": fa.competency, "rag": rag, "blocker": blocker, "note": "",
             "milestones_met": met}
            for fa, rag, blocker, met in zip(core.focus_areas, ("green", "amber", "red"),
                                             ("", "", "competing-priorities"), (1, 0, 0),
                                             strict=False)]
    morgan = Person.objects.get(slug="morgan")
    check_in_create(plan=plan, kind="launch-check", held_on=TODAY - timedelta(days=3),
                    focus=rows, adjustments=[], base_version=plan.version, user=morgan.user)
    provider_name(plan=plan, competency=core.focus_areas[0].competency, slug="casey",
                  user=morgan.user)
    return Plan.objects.get(pk=plan.pk)


def login(browser: Any, base: str, username: str, opened: list[Any], width: int = 1280,
          height: int = 900) -> Any:
    """A demo login (browsertools.login with the demo's password)."""
    return browsertools.login(browser, base, username, opened, password=PASSWORD, width=width,
                              height=height)
