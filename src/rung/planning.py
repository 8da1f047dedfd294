"""The library entry point: a linted plan from loaded inputs (used by the CLI and web), and the
documents built on it that need built-in content (the coaching pack's prose)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING

from rung.core.activities import ActivityLibrary
from rung.core.assessment import Assessment
from rung.core.builder import build_plan
from rung.core.dates import on_or_after
from rung.core.framework import Framework
from rung.core.lint import lint, plan_doc_from_plan
from rung.core.plan import Plan
from rung.io.activity_library import load_activity_library
from rung.io.holiday_calendar import holiday_dates

if TYPE_CHECKING:
    from rung.core.coaching_pack_model import CoachingPack


def default_start(today: date, holidays: frozenset[date] = frozenset()) -> date:
    return on_or_after(today, holidays)


def make_plan(
    assessment: Assessment,
    framework: Framework,
    *,
    start: date,
    holidays_country: str | None = None,
    library: ActivityLibrary | None = None,
    source: str = "<assessment>",
) -> Plan:
    # The person's own country wins over an organisation-wide default.
    country = assessment.person.country or holidays_country
    holidays = (
        holiday_dates(country, range(start.year, start.year + 2)) if country else frozenset()
    )
    plan = build_plan(
        assessment,
        framework,
        library or load_activity_library(framework.id),
        start=start,
        holidays=holidays,
        source=source,
        country=country.upper() if country else None,
    )
    return with_lint(plan)


def with_lint(plan: Plan) -> Plan:
    findings = lint(plan_doc_from_plan(plan, f"plan for {plan.person_id}"))
    return replace(plan, lint=tuple(findings))


def make_coaching_pack(
    plan: Plan,
    assessment: Assessment,
    framework: Framework,
    *,
    goal: str | None = None,
    non_hr: bool = False,
) -> CoachingPack:
    """The PM Coaching Pack for `plan`, in the built-in coaching prose."""
    # Loaded here: a plan alone needs neither the pack nor its prose.
    from rung.core.coaching_pack import build_coaching_pack
    from rung.io.coaching_prose import load_coaching_prose

    return build_coaching_pack(plan, assessment, framework, prose=load_coaching_prose(),
                               goal=goal, non_hr=non_hr)
