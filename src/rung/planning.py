"""The library entry point: build a linted plan from loaded inputs (used by the CLI and web)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from rung.core.activities import ActivityLibrary
from rung.core.assessment import Assessment
from rung.core.builder import build_plan
from rung.core.dates import on_or_after, require_supported
from rung.core.framework import Framework
from rung.core.lint import lint, plan_doc_from_plan
from rung.core.plan import Plan
from rung.io.activity_library import load_activity_library
from rung.io.holiday_calendar import holiday_dates


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
    require_supported(start, source, "start")  # before a holiday calendar is asked for it
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
