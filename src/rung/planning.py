"""The library entry point: build a linted plan from loaded inputs (used by the CLI and web)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from rung.core.activities import ActivityLibrary
from rung.core.assessment import Assessment
from rung.core.builder import build_plan
from rung.core.dates import on_or_after
from rung.core.framework import Framework
from rung.core.lint import lint, plan_doc_from_plan
from rung.core.lint.people import TO_BE_NAMED_PREFIX, provider_kind
from rung.core.plan import FeedbackMechanism, Plan
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
    holidays = (
        holiday_dates(holidays_country, range(start.year, start.year + 2))
        if holidays_country
        else frozenset()
    )
    plan = build_plan(
        assessment,
        framework,
        library or load_activity_library(framework.id),
        start=start,
        holidays=holidays,
        source=source,
    )
    return with_lint(with_feedback_prompts(plan))


def with_feedback_prompts(plan: Plan) -> Plan:
    """A feedback provider that names nobody — the activity library's stand-in role, 'a senior
    PM' — written as the prompt the linter expects, 'To be named: a senior PM' (R026, a
    warning), rather than as a bare role (R006, an error).

    A bridge: the plan-content rewrite makes the builder write these prompts itself (the
    lead's contract in issue 11). Once it does, this finds nothing to change and can go.
    """
    areas = []
    for fa in plan.focus_areas:
        provider = fa.feedback.provider
        if provider_kind(provider) in ("role", "group"):
            prompt = f"{TO_BE_NAMED_PREFIX}{provider}"
            fa = replace(fa, feedback=FeedbackMechanism(prompt, fa.feedback.interval_days))
        areas.append(fa)
    return replace(plan, focus_areas=tuple(areas))


def with_lint(plan: Plan) -> Plan:
    findings = lint(plan_doc_from_plan(plan, f"plan for {plan.person_id}"))
    return replace(plan, lint=tuple(findings))
