"""Reads for the team view: a manager's direct reports only, in a fixed number of queries.

The privacy rule is the dashboard's: `get_manager_for_user` lets a manager in, and every row
read here is filtered by `manager=` that manager. The gaps come from the engine
(`rung.core.team.member_gaps` over each PM's latest assessment), never recomputed here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.db.models import Prefetch

from rung.core.activities import ActivityLibrary
from rung.core.dates import age_in_months, is_stale, on_or_after
from rung.core.errors import InputError
from rung.core.framework import Framework
from rung.core.team import (
    Conversation,
    Heatmap,
    MemberGaps,
    PlanningNeed,
    SharedPattern,
    heatmaps,
    member_gaps,
    shared_patterns,
    stagger,
)
from rung.io.activity_library import load_activity_library
from rung.io.holiday_calendar import holiday_dates
from rung.web.assessments.engine import core_assessment
from rung.web.assessments.models import Assessment, Rating
from rung.web.assessments.selectors import with_ratings
from rung.web.people.frameworks import get_framework
from rung.web.people.models import Person
from rung.web.plans.models import Plan, Status

# A plan this close to its day-90 review needs the next cycle planned.
ENDING_WITHIN_DAYS = 21


@dataclass(frozen=True)
class Unmapped:
    """A report the heatmap cannot show yet, and why (in words the manager can act on)."""

    slug: str
    name: str
    reason: str


@dataclass(frozen=True)
class TeamOverview:
    heatmaps: tuple[Heatmap, ...]
    patterns: tuple[SharedPattern, ...]
    schedule: tuple[Conversation, ...]
    schedule_start: date
    unmapped: tuple[Unmapped, ...]
    not_due: tuple[tuple[str, date], ...]  # (name, cycle end) of PMs mid-cycle
    team_size: int


def _latest_assessments(manager: Person) -> dict[int, Assessment]:
    latest_ids: dict[int, int] = {}
    for person_id, pk in (with_ratings(Assessment.objects.filter(person__manager=manager))
                          .order_by("person_id", "-assessed_on", "-id")
                          .values_list("person_id", "id")):
        latest_ids.setdefault(person_id, pk)
    found = (Assessment.objects.filter(pk__in=latest_ids.values())
             .select_related("person__manager")
             .prefetch_related(Prefetch("ratings", Rating.objects.order_by("id")),
                               "ratings__scores", "evidence", "calibrations"))
    return {a.person_id: a for a in found}


def _open_plans(manager: Person) -> dict[int, dict[str, Any]]:
    plans: dict[int, dict[str, Any]] = {}
    rows = (Plan.objects.filter(person__manager=manager)
            .exclude(status=Status.CLOSED)
            .order_by("person_id", "-created_at", "-id")
            .values("person_id", "status", "timeline", "cycle_end"))
    for row in rows:
        plans.setdefault(row["person_id"], dict(row))
    return plans


def _need(person: Person, plan: dict[str, Any] | None, assessment: Assessment | None,
          today: date) -> PlanningNeed | None:
    def need(urgency: int, reason: str) -> PlanningNeed:
        return PlanningNeed(person.slug, person.name, urgency, reason)

    if assessment is None:
        return need(0, "no assessment yet: gather self, manager and peer scores first")
    stale = (f"; the assessment is {age_in_months(assessment.assessed_on, today)} months old, "
             "refresh it first" if is_stale(assessment.assessed_on, today) else "")
    if plan is None:
        return need(0, "no plan yet" + stale)
    if plan["status"] in (Status.DRAFT, Status.AGREED):
        return need(1, "a draft plan waits to be shaped and agreed together" + stale)
    if plan["cycle_end"] - today <= timedelta(days=ENDING_WITHIN_DAYS):
        return need(1, f"the cycle ends {plan['cycle_end'].isoformat()}: plan the next one"
                    + stale)
    return None


def team_overview(manager: Person, *, today: date, start: date | None = None) -> TeamOverview:
    reports = list(Person.objects.filter(manager=manager).order_by("name", "id"))
    assessments = _latest_assessments(manager)
    plans = _open_plans(manager)
    frameworks: dict[str, Framework] = {}
    libraries: dict[str, ActivityLibrary] = {}
    members: list[MemberGaps] = []
    unmapped: list[Unmapped] = []
    needs: list[PlanningNeed] = []
    not_due: list[tuple[str, date]] = []
    for person in reports:
        assessment = assessments.get(person.pk)
        plan = plans.get(person.pk)
        need = _need(person, plan, assessment, today)
        if need is not None:
            needs.append(need)
        elif plan is not None:
            not_due.append((person.name, plan["cycle_end"]))
        if assessment is None:
            unmapped.append(Unmapped(person.slug, person.name, "no assessment yet"))
            continue
        try:
            fw = frameworks.get(assessment.framework) or get_framework(assessment.framework)
            frameworks[fw.id] = fw
            if fw.id not in libraries:
                libraries[fw.id] = load_activity_library(fw.id)
            focus = (plan["timeline"] or {}).get("focus") if plan else None
            members.append(member_gaps(core_assessment(assessment, fw), fw, today=today,
                                       plan_focus=focus))
        except (KeyError, InputError) as exc:
            first = exc.problems[0].message if isinstance(exc, InputError) else (
                f"framework {exc} is no longer available")
            unmapped.append(Unmapped(person.slug, person.name,
                                     f"the latest assessment cannot be read: {first}"))
    country = getattr(settings, "RUNG_HOLIDAYS", None)
    holidays = holiday_dates(country, (today.year, today.year + 1)) if country else frozenset()
    first_day = start or on_or_after(today + timedelta(days=1), holidays)
    return TeamOverview(
        heatmaps=heatmaps(members, frameworks),
        patterns=shared_patterns(members, frameworks, libraries),
        schedule=stagger(needs, start=first_day, holidays=holidays),
        schedule_start=first_day,
        unmapped=tuple(unmapped),
        not_due=tuple(not_due),
        team_size=len(reports),
    )
