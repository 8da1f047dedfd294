"""A person's plans, a plan's document, and how the plan is doing."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router

from rung.core.serialize import PlanJSON
from rung.web.api.auth import caller_user
from rung.web.api.schemas import (
    Agreement,
    Detail,
    EventOut,
    FlagOut,
    PersonRef,
    PlanStatus,
    PlanSummary,
)
from rung.web.people.selectors import get_person_for_user
from rung.web.plans.models import Status
from rung.web.plans.page import today
from rung.web.plans.selectors import document_for, get_plan_for_user, plans_of
from rung.web.tracking.selectors import Flag, core_plan, plan_health

router = Router(tags=["plans"])
NEXT_EVENTS = 5
# tracking.selectors.health names a skipped review "missed-<kind>"; the rest are launch flags.
MISSED = "missed-"


@router.get("/people/{slug}/plans", response={200: list[PlanSummary], 401: Detail,
                                              404: Detail},
            url_name="person_plans", summary="A person's plans, newest first")
def person_plans(request: HttpRequest, slug: str) -> list[PlanSummary]:
    person = get_person_for_user(caller_user(request), slug)
    return [
        PlanSummary(id=p.pk, status=p.status, cycle_start=p.cycle_start,  # type: ignore[arg-type]
                    cycle_end=p.cycle_end, target_level=p.target_level, version=p.version,
                    lint_errors=p.lint_errors, lint_warnings=p.lint_warnings,
                    created_at=p.created_at)
        for p in plans_of(person)
    ]


@router.get("/plans/{int:plan_id}", response={200: dict[str, Any], 401: Detail, 404: Detail},
            url_name="plan", summary="The plan's current version as a rung.plan/1 document")
def plan(request: HttpRequest, plan_id: int) -> PlanJSON:
    """The same document as `rung plan --format json`. For the PM themselves, peer scores of
    fewer than two peers are left out, as on their pages."""
    user = caller_user(request)
    return document_for(user, get_plan_for_user(user, plan_id))


def _flag(f: Flag) -> FlagOut:
    return FlagOut(code=f.code, due=f.due, message=f.message, next_step=f.next_step)


@router.get("/plans/{int:plan_id}/status", response={200: PlanStatus, 401: Detail, 404: Detail},
            url_name="plan_status", summary="Status, agreements, launch health, next events")
def plan_status(request: HttpRequest, plan_id: int) -> PlanStatus:
    found = get_plan_for_user(caller_user(request), plan_id)
    day = today()
    flags = plan_health(found, day)
    events: list[EventOut] = []
    if found.current is not None and found.status != Status.CLOSED:
        upcoming = [e for e in core_plan(found).cadence if e.date >= day]
        events = [EventOut(kind=e.kind, date=e.date, minutes=e.minutes,
                           participants=list(e.participants), title=e.title,
                           competency=e.competency)
                  for e in sorted(upcoming, key=lambda e: e.date)[:NEXT_EVENTS]]
    return PlanStatus(
        id=found.pk, person=PersonRef(slug=found.person.slug, name=found.person.name),
        status=found.status, version=found.version, today=day,  # type: ignore[arg-type]
        agreement=Agreement(
            content_version=found.content_version,
            pm_agreed=found.pm_agreed_version == found.content_version,
            manager_agreed=found.manager_agreed_version == found.content_version),
        lint_errors=found.lint_errors, lint_warnings=found.lint_warnings,
        launch_flags=[_flag(f) for f in flags if not f.code.startswith(MISSED)],
        overdue_reviews=[_flag(f) for f in flags if f.code.startswith(MISSED)],
        next_events=events,
    )
