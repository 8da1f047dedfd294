"""Writes of plans. Every change is a new PlanVersion, made inside one transaction that holds
the plan row, and refused (StaleEdit) when someone else changed the content since the version
the change was based on: nothing is ever overwritten silently.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction

from rung.core.errors import InputError, Problem
from rung.core.serialize import plan_to_dict
from rung.planning import make_plan
from rung.web.assessments.engine import core_assessment
from rung.web.assessments.models import Assessment
from rung.web.assessments.selectors import latest_assessment
from rung.web.people.frameworks import get_framework
from rung.web.people.models import Person
from rung.web.people.selectors import Relation, person_of
from rung.web.plans import documents
from rung.web.plans.documents import Doc, timeline_dict
from rung.web.plans.models import OPEN_STATUSES, Plan, PlanVersion, Status


class StaleEdit(Exception):
    """The change was based on an older version than the plan's current content."""

    def __init__(self, current: PlanVersion) -> None:
        self.current = current
        super().__init__(f"the plan changed since; now at version {current.number}")


def _problem(where: str, message: str) -> InputError:
    return InputError([Problem("plan", where, message)])


def _author_name(user: User) -> str:
    me = person_of(user)
    return me.name if me else user.get_username()


def _locked(plan: Plan) -> Plan:
    """The plan row, locked for this transaction (SQLite: the IMMEDIATE write lock).

    Only the plan row is read with the lock: its current version is loaded by a later
    statement. Joined in the locking statement, PostgreSQL would pair the re-read plan row
    (after waiting for another save) with that statement's older snapshot, where the other
    save's new version does not exist yet.
    """
    return Plan.objects.select_for_update().get(pk=plan.pk)


def _check_base(plan: Plan, base_version: int) -> None:
    if plan.current is None:
        raise _problem("plan", "the plan has no version yet")
    if base_version < plan.content_version or base_version > plan.version:
        raise StaleEdit(plan.current)


def _current_doc(plan: Plan) -> Doc:
    assert plan.current is not None
    return documents.loads(plan.current.document)


def _commit(
    plan: Plan, doc: Doc, *, kind: str, summary: str, user: User | None,
    content_changed: bool,
) -> PlanVersion:
    number = plan.version + 1
    version = PlanVersion.objects.create(
        plan=plan, number=number, document=documents.dumps(doc), kind=kind,
        summary=summary[:300], author=user,
        author_name=_author_name(user) if user is not None else "rung",
    )
    findings = doc.get("lint", [])
    plan.version = number
    if content_changed:
        plan.content_version = number
    plan.current = version
    plan.timeline = timeline_dict(doc)
    plan.health_through = None  # new dates or status: judge the plan's health again
    plan.health_stamp += 1
    plan.status = doc["status"]
    plan.lint_errors = sum(f["severity"] == "error" for f in findings)
    plan.lint_warnings = sum(f["severity"] == "warning" for f in findings)
    plan.save()
    return version


def _status_after_edit(plan: Plan) -> str:
    if plan.status == Status.CLOSED:
        raise _problem("status", "the plan is closed; start a new plan for the next cycle")
    # An edit voids agreements on an open plan; an active plan stays active (a living plan).
    return Status.ACTIVE if plan.status == Status.ACTIVE else Status.DRAFT


def _build(assessment: Assessment, plan: Plan | None, start: date) -> Doc:
    framework = get_framework(assessment.framework)
    choice = None
    if plan is not None and plan.pm_choice_replace:
        choice = {"replace": plan.pm_choice_replace, "with": plan.pm_choice_with}
        if plan.pm_choice_reason:
            choice["reason"] = plan.pm_choice_reason
    first_action = plan.first_action if plan is not None and plan.first_action else None
    core = core_assessment(assessment, framework, pm_choice=choice, first_action=first_action)
    built = make_plan(core, framework, start=start,
                      holidays_country=getattr(settings, "RUNG_HOLIDAYS", None),
                      source=f"assessment {assessment.pk}")
    return plan_to_dict(built)


# --- creating -------------------------------------------------------------------------------


def plan_generate(*, person: Person, start: date, user: User) -> Plan:
    """A draft from the person's latest assessment; rebuilds the open plan if there is one."""
    assessment = latest_assessment(person)
    if assessment is None:
        raise _problem("assessment", f"{person.name} has no assessment yet; add one first")
    with transaction.atomic():
        open_plan = (
            Plan.objects.select_for_update()
            .filter(person=person, status__in=OPEN_STATUSES).order_by("-id").first()
        )
        try:
            doc = _build(assessment, open_plan, start)
        except InputError as exc:
            if open_plan is None or not open_plan.pm_choice_replace or not any(
                p.where.startswith("pm_choice") for p in exc.problems
            ):
                raise
            # The new assessment no longer supports the PM's swap: rebuild without it.
            open_plan.pm_choice_replace = open_plan.pm_choice_with = ""
            open_plan.pm_choice_reason = ""
            doc = _build(assessment, open_plan, start)
        doc["status"] = Status.DRAFT
        summary = (f"Draft built from the assessment of {assessment.assessed_on.isoformat()}, "
                   f"cycle {doc['cycle']['start']} → {doc['cycle']['end']}")
        if open_plan is None:
            plan = Plan.objects.create(
                person=person, assessment=assessment, status=Status.DRAFT,
                cycle_start=date.fromisoformat(doc["cycle"]["start"]),
                cycle_end=date.fromisoformat(doc["cycle"]["end"]),
                target_level=doc["target_level"], created_by=user,
            )
            _commit(plan, doc, kind="created", summary=summary, user=user, content_changed=True)
            return plan
        open_plan.assessment = assessment
        open_plan.cycle_start = date.fromisoformat(doc["cycle"]["start"])
        open_plan.cycle_end = date.fromisoformat(doc["cycle"]["end"])
        open_plan.target_level = doc["target_level"]
        _commit(open_plan, doc, kind="rebuilt", summary="Rebuilt: " + summary, user=user,
                content_changed=True)
        return open_plan


# --- editing --------------------------------------------------------------------------------


def plan_edit_focus(
    *, plan: Plan, index: int, values: dict[str, Any], base_version: int,
    user: User,
) -> Plan:
    """Save one focus area's activities and milestones (from the edit form)."""
    with transaction.atomic():
        plan = _locked(plan)
        _check_base(plan, base_version)
        status = _status_after_edit(plan)
        doc = _current_doc(plan)
        if not 0 <= index < len(doc["focus_areas"]):
            raise _problem("focus_areas", "no such focus area")
        name = doc["focus_areas"][index]["name"]
        new, changed = documents.apply_focus_edit(doc, index, values)
        if not changed:
            return plan
        new["status"] = status
        _commit(plan, documents.relint(new), kind="edited",
                summary=f"Edited {name}: " + ", ".join(changed), user=user,
                content_changed=True)
        return plan


def plan_set_first_action(
    *, plan: Plan, text: str, base_version: int, user: User
) -> Plan:
    """The PM's own words: the one thing they will do this week."""
    text = text.strip()
    if not text:
        raise _problem("first_action", "write the one thing you will do this week")
    with transaction.atomic():
        plan = _locked(plan)
        _check_base(plan, base_version)
        status = _status_after_edit(plan)
        doc = _current_doc(plan)
        if doc["first_action"]["text"] == text:
            return plan
        new = documents.set_first_action(doc, text)
        new["status"] = status
        plan.first_action = text
        _commit(plan, documents.relint(new), kind="first-action",
                summary="Wrote the one thing to do this week", user=user, content_changed=True)
        return plan


def plan_replace_focus(
    *, plan: Plan, replace: str, with_: str, reason: str, base_version: int,
    user: User,
) -> Plan:
    """The PM swaps one proposed focus area for a backlog competency (the engine's pm_choice).

    The engine rebuilds the plan with the choice; the other focus areas keep their edits.
    """
    with transaction.atomic():
        plan = _locked(plan)
        _check_base(plan, base_version)
        status = _status_after_edit(plan)
        old = _current_doc(plan)
        saved = (plan.pm_choice_replace, plan.pm_choice_with, plan.pm_choice_reason)
        plan.pm_choice_replace, plan.pm_choice_with, plan.pm_choice_reason = (
            replace, with_, reason.strip())
        assessment = Assessment.objects.select_related("person", "person__manager").get(
            pk=plan.assessment_id)
        try:
            new = _build(assessment, plan, plan.cycle_start)
        except InputError:
            plan.pm_choice_replace, plan.pm_choice_with, plan.pm_choice_reason = saved
            raise
        edited = {fa["competency"]: fa for fa in old["focus_areas"] if fa["chosen_by"] == "rung"}
        new["focus_areas"] = [
            edited.get(fa["competency"], fa) if fa["chosen_by"] == "rung" else fa
            for fa in new["focus_areas"]
        ]
        new["status"] = status
        names = {g["competency"]: g["name"] for g in new["gaps"]}
        _commit(plan, documents.relint(new), kind="replaced",
                summary=f"Replaced {names.get(replace, replace)} with "
                        f"{names.get(with_, with_)} (the PM's choice)",
                user=user, content_changed=True)
        return plan


def plan_restore(*, plan: Plan, number: int, base_version: int, user: User) -> Plan:
    """Make an earlier version's content current again, as a new version."""
    with transaction.atomic():
        plan = _locked(plan)
        _check_base(plan, base_version)
        status = _status_after_edit(plan)
        old = PlanVersion.objects.filter(plan=plan, number=number).first()
        if old is None:
            raise _problem("version", f"there is no version {number}")
        doc = documents.loads(old.document)
        doc["status"] = status
        _commit(plan, documents.relint(doc), kind="restored",
                summary=f"Restored version {number}", user=user, content_changed=True)
        return plan


# --- agreeing and closing -------------------------------------------------------------------


def plan_agree(
    *, plan: Plan, relation: Relation, base_version: int, user: User
) -> Plan:
    """One side agrees to the content they read; when both have, the plan is active."""
    with transaction.atomic():
        plan = _locked(plan)
        _check_base(plan, base_version)
        if plan.status not in OPEN_STATUSES:
            raise _problem("status", f"the plan is {plan.status}; there is nothing to agree")
        if plan.lint_errors:
            raise _problem("lint", f"the plan has {plan.lint_errors} lint error(s); fix them "
                           "before agreeing (each finding says how)")
        if relation == "self":
            plan.pm_agreed_version = plan.content_version
        else:
            plan.manager_agreed_version = plan.content_version
        both = plan.pm_agreed_version == plan.manager_agreed_version == plan.content_version
        doc = documents.with_status(_current_doc(plan),
                                    Status.ACTIVE if both else Status.AGREED)
        who = _author_name(user)
        summary = (f"{who} agreed: both sides agree, the plan is active" if both
                   else f"{who} agreed to version {plan.content_version}")
        _commit(plan, doc, kind="agreed", summary=summary, user=user, content_changed=False)
        return plan


def plan_close(*, plan: Plan, base_version: int, user: User) -> Plan:
    """The cycle review is done: the plan is kept, read-only, in the person's history."""
    with transaction.atomic():
        plan = _locked(plan)
        _check_base(plan, base_version)
        if plan.status != Status.ACTIVE:
            raise _problem("status", "only an active plan can be closed")
        doc = documents.with_status(_current_doc(plan), Status.CLOSED)
        _commit(plan, doc, kind="closed", summary="Closed after the cycle review", user=user,
                content_changed=False)
        return plan
