"""Reads of plans and versions, through the privacy rule of `people.selectors`."""

from __future__ import annotations

import json
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import QuerySet
from django.db.models.expressions import RawSQL
from django.http import Http404

from rung.core.serialize import FocusAreaJSON, GapJSON
from rung.web.people.models import Person
from rung.web.people.selectors import BOTH, AnyUser, Relation, relation_to, scope
from rung.web.plans import documents
from rung.web.plans.documents import Doc
from rung.web.plans.models import OPEN_STATUSES, Plan, PlanVersion
from rung.web.plans.rebuild import BUILT, SWAPPED, edited_fields, engine_focus_areas


def get_plan_for_user(user: AnyUser, plan_id: int, *, as_: Collection[Relation] = BOTH) -> Plan:
    """The plan if `user` is its PM or their manager (as allowed by `as_`); else 404."""
    found = list(
        Plan.objects.select_related("person", "current")
        .filter(scope(user, "person__", as_), pk=plan_id)
        .order_by()[:1]
    )
    if not found:
        raise Http404("No such plan")
    return found[0]


def get_plan_page_for_user(user: AnyUser, plan_id: int) -> Plan:
    """`get_plan_for_user` for the plan page: the same privacy rule, and the latest check-in
    (its id, day and per-focus-area colours) read in the same query, for the progress shown
    on each focus area."""
    from rung.web.tracking.models import CheckInRecord

    # One scalar subquery written out: the ORM's Subquery compiles on every request, which
    # cost the page about as much as rendering its cached body.
    check_t, plan_t = CheckInRecord._meta.db_table, Plan._meta.db_table
    latest = RawSQL(
        f"SELECT CAST(c.id AS TEXT) || '|' || CAST(c.held_on AS TEXT) || '|' || "
        f"CAST(c.focus AS TEXT) FROM {check_t} c WHERE c.plan_id = {plan_t}.id "
        "ORDER BY c.held_on DESC, c.id DESC LIMIT 1", ())
    found = list(
        Plan.objects.select_related("person", "current")
        .filter(scope(user, "person__", BOTH), pk=plan_id)
        .annotate(latest_check_in=latest)
        .order_by()[:1]
    )
    if not found:
        raise Http404("No such plan")
    return found[0]


@dataclass(frozen=True)
class CheckInProgress:
    """The latest check-in as the plan page shows it beside each focus area."""

    id: int | None
    held_on: date | None
    focus: dict[str, dict[str, Any]]  # competency → {rag, milestones_met, milestones_total}


def latest_check_in(plan: Plan) -> CheckInProgress:
    """From the annotation of `get_plan_page_for_user`, else one query."""
    if hasattr(plan, "latest_check_in"):
        row = getattr(plan, "latest_check_in", None)  # "id|held_on|focus JSON" or None
        ident, day, focus = row.split("|", 2) if row else (None, None, None)
        ident = int(ident) if ident else None
    else:
        from rung.web.tracking.models import CheckInRecord

        row = (CheckInRecord.objects.filter(plan=plan).order_by("-held_on", "-id")
               .values_list("id", "held_on", "focus").first())
        ident, day, focus = row if row else (None, None, None)
    if isinstance(focus, str):  # the annotation's text (and SQLite's JSON) is decoded here
        focus = json.loads(focus)
    if isinstance(day, str):
        day = date.fromisoformat(day)
    return CheckInProgress(ident, day, {f["competency"]: f for f in focus or ()})


def get_version_for_user(user: AnyUser, plan_id: int, number: int) -> PlanVersion:
    plan = get_plan_for_user(user, plan_id)
    version = PlanVersion.objects.filter(plan=plan, number=number).first()
    if version is None:
        raise Http404("No such version")
    version.plan = plan
    return version


def document_for(user: AnyUser, plan: Plan, version: PlanVersion | None = None) -> Doc:
    """A version's document (default: the current one) as this viewer may see it."""
    chosen = version or plan.current
    if chosen is None:
        raise Http404("The plan has no version yet")
    doc = documents.loads(chosen.document)
    return documents.redact_for_pm(doc) if relation_to(user, plan.person) == "self" else doc


def plans_of(person: Person) -> QuerySet[Plan]:
    return Plan.objects.filter(person=person).only(
        "id", "person_id", "status", "cycle_start", "cycle_end", "target_level", "version",
        "created_at", "lint_errors", "lint_warnings",
    ).order_by("-created_at", "-id")


def open_plan_of(person: Person) -> Plan | None:
    return Plan.objects.filter(person=person, status__in=OPEN_STATUSES).order_by("-id").first()


def versions_of(plan: Plan) -> QuerySet[PlanVersion]:
    return PlanVersion.objects.filter(plan=plan).defer("document").order_by("-number")


def engine_focus_areas_of(plan: Plan) -> dict[str, FocusAreaJSON]:
    """Per competency, the focus area as the engine last wrote it (to tell people's edits)."""
    versions = (PlanVersion.objects.filter(plan=plan, kind__in=(*BUILT, SWAPPED))
                .order_by("number").values_list("kind", "document"))
    return engine_focus_areas((kind, documents.loads(text)) for kind, text in versions)


@dataclass(frozen=True)
class SwapPreview:
    """What the PM's swap takes out of the plan and what it brings in."""

    leaving: FocusAreaJSON  # the focus area as it is now
    edited: tuple[str, ...]  # fields people wrote for it, which leave with it
    arriving: GapJSON  # the backlog competency's gap


def swap_preview(plan: Plan, doc: Doc, replace: str, with_: str) -> SwapPreview:
    leaving = next(fa for fa in doc["focus_areas"] if fa["competency"] == replace)
    arriving = next(g for g in doc["gaps"] if g["competency"] == with_)
    edited = edited_fields(leaving, engine_focus_areas_of(plan).get(replace))
    return SwapPreview(leaving=leaving, edited=tuple(label for _, label in edited),
                       arriving=arriving)
