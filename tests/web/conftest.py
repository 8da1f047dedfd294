"""Fixtures for the web tests: the personas and their data (helpers live in webtools.py)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
import time_machine

from rung.web.assessments.models import Assessment
from rung.web.assessments.services import assessment_create
from rung.web.people.frameworks import get_framework
from rung.web.people.models import Person
from rung.web.people.services import person_create
from rung.web.plans.models import Plan
from rung.web.plans.services import plan_generate

from webtools import PASSWORD, START, TODAY, Org, activate, rate_all


@pytest.fixture(autouse=True)
def planning_day(settings: Any) -> Iterator[None]:
    """Every web test starts on one fixed day, the personas' cycle start (START): forms judge
    dates against today, and the tests' dates are fixed. A test that needs a later day
    travels there itself (webtools.on), so a login lasts the whole cycle."""
    settings.SESSION_COOKIE_AGE = settings.RUNG_IDLE_SECONDS = 200 * 24 * 3600
    with time_machine.travel(f"{TODAY.isoformat()} 09:00Z", tick=True):
        yield


@pytest.fixture
def org(db: Any) -> Org:
    def make(slug: str, name: str, role: str, **kw: Any) -> Person:
        return person_create(username=slug, password=PASSWORD, name=name, slug=slug, role=role,
                             **kw)

    ada = make("ada", "Ada Lovelace", "admin")
    morgan = make("morgan", "Morgan Blake", "manager")
    casey = make("casey", "Casey Nguyen", "manager")
    pat = make("pat", "Pat Quinn", "pm", level="pm", target_level="senior-pm", manager=morgan,
               product_area="Onboarding")
    quinn = make("quinn", "Quinn Ito", "pm", level="apm", manager=casey)
    return Org(ada=ada, morgan=morgan, casey=casey, pat=pat, quinn=quinn)


@pytest.fixture
def assessment(org: Org) -> Assessment:
    a = assessment_create(person=org.pat, framework=get_framework("pm-quadrants"),
                          assessed_on=date(2026, 11, 12), created_by=org.morgan.user,
                          context={"upcoming": [{"name": "H2 strategy review",
                                                 "date": "2027-02-04"}]})
    rate_all(a, org)
    return a


@pytest.fixture
def plan(org: Org, assessment: Assessment) -> Plan:
    return plan_generate(person=org.pat, start=START, user=org.morgan.user)



@pytest.fixture
def active(org: Org, plan: Plan) -> Plan:
    """Pat's plan, agreed by Pat and Morgan."""
    return activate(plan, org)
