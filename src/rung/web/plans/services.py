"""Writes of plans. Every change is a new PlanVersion, made inside one transaction that holds
the plan row, and refused (StaleEdit) when someone else changed the content since the version
the change was based on: nothing is ever overwritten silently.
"""

from __future__ import annotations

import dataclasses
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
from rung.web.assessments.readiness import missing_must_haves
from rung.web.assessments.selectors import latest_assessment
from rung.web.people.frameworks import get_framework
from rung.web.people.models import Person
from rung.web.people.selectors import Relation, person_of
from rung.web.plans import documents
from rung.web.plans.documents import Doc, timeline_dict
from rung.web.plans.models import OPEN_STATUSES, Plan, PlanVersion, Status
from rung.web.plans.rebuild import Proposal, propose
from rung.web.plans.selectors import engine_focus_areas_of


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


def locked_plan(plan: Plan) -> Plan:
    """The plan row, locked for this transaction (SQLite: the IMMEDIATE write lock).

    Only the plan row is read with the lock: its current version is loaded by a later
    statement. Joined in the locking statement, PostgreSQL would pair the re-read plan row
    (after waiting for another save) with that statement's older snapshot, where the other
    save's new version does not exist yet.
    """
    return Plan.objects.select_for_update().get(pk=plan.pk)


def check_base(plan: Plan, base_version: int) -> None:
    if plan.current is None:
        raise _problem("plan", "the plan has no version yet")
    if base_version < plan.content_version or base_version > plan.version:
        raise StaleEdit(plan.current)


def current_doc(plan: Plan) -> Doc:
    assert plan.current is not None
    return documents.loads(plan.current.document)


def commit_version(
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


def status_after_edit(plan: Plan) -> str:
    if plan.status == Status.CLOSED:
        raise _problem("status", "the plan is closed; start a new plan for the next cycle")
    # An edit voids agreements on an open plan; an active plan stays active (a living plan).
    return Status.ACTIVE if plan.status == Status.ACTIVE else Status.DRAFT


def _choice(plan: Plan | None) -> dict[str, str] | None:
    if plan is None or not plan.pm_choice_replace:
        return None
    choice = {"replace": plan.pm_choice_replace, "with": plan.pm_choice_with}
    if plan.pm_choice_reason:
        choice["reason"] = plan.pm_choice_reason
    return choice


def _build(assessment: Assessment, plan: Plan | None, start: date, *,
           choice: dict[str, str] | None = None, recorded: bool = False) -> Doc:
    framework = get_framework(assessment.framework)
    first_action = plan.first_action if plan is not None and plan.first_action else None
    core = core_assessment(assessment, framework, pm_choice=choice, first_action=first_action)
    built = make_plan(core, framework, start=start,
                      holidays_country=getattr(settings, "RUNG_HOLIDAYS", None),
                      source=f"assessment {assessment.pk}")
    doc = plan_to_dict(built)
    if recorded:
        doc["recorded"] = True  # the callers re-lint: judged as a cycle that already ran
    return doc


def _ready_assessment(person: Person) -> Assessment:
    """The latest assessment with a score for each must-have of the person's target; else
    InputError naming what is missing (a plan from half an assessment ranks the wrong gaps)."""
    assessment = latest_assessment(person)
    if assessment is None:
        raise _problem("assessment", f"{person.name} has no assessment yet; add one first")
    problems = missing_must_haves(assessment, get_framework(assessment.framework))
    if problems:
        raise InputError(problems)
    return assessment


# --- creating -------------------------------------------------------------------------------


def plan_generate(*, person: Person, start: date, user: User, recorded: bool = False) -> Plan:
    """A new draft from the person's latest assessment. An open plan is never replaced here:
    it is rebuilt through a proposal (`rebuild_proposal`, then `plan_rebuild`)."""
    assessment = _ready_assessment(person)
    with transaction.atomic():
        Person.objects.select_for_update().only("pk").get(pk=person.pk)
        if Plan.objects.filter(person=person, status__in=OPEN_STATUSES).exists():
            raise _problem("plan", f"{person.name} already has an open draft: rebuild it "
                                   "from its page, where you see what would change first")
        doc = _build(assessment, None, start, recorded=recorded)
        if recorded:
            doc = documents.relint(doc)
        doc["status"] = Status.DRAFT
        plan = Plan.objects.create(
            person=person, assessment=assessment, status=Status.DRAFT,
            cycle_start=date.fromisoformat(doc["cycle"]["start"]),
            cycle_end=date.fromisoformat(doc["cycle"]["end"]),
            target_level=doc["target_level"], recorded=recorded, created_by=user,
        )
        commit_version(plan, doc, kind="created", summary=_built_summary(assessment, doc),
                       user=user, content_changed=True)
        return plan


def _built_summary(assessment: Assessment, doc: Doc) -> str:
    return (f"Draft built from the assessment of {assessment.assessed_on.isoformat()}, "
            f"cycle {doc['cycle']['start']} → {doc['cycle']['end']}"
            + (" (recorded: this cycle already ran)" if doc.get("recorded") else ""))


def _who_agreed(plan: Plan) -> list[str]:
    if plan.status != Status.AGREED:
        return []
    manager = plan.person.manager.name if plan.person.manager else "the manager"
    return [name for name, version in ((plan.person.name, plan.pm_agreed_version),
                                       (manager, plan.manager_agreed_version))
            if version == plan.content_version]


def rebuild_proposal(*, plan: Plan, start: date, recorded: bool = False) -> Proposal:
    """What rebuilding the open plan from the latest assessment would change; writes nothing.

    Refused (InputError) when that assessment has no score for a must-have of the target.
    """
    return _propose(plan, start, recorded)[0]


def _propose(plan: Plan, start: date, recorded: bool) -> tuple[Proposal, Assessment]:
    if plan.status not in OPEN_STATUSES:
        raise _problem("status", f"the plan is {plan.status}; only a draft is rebuilt (an "
                                 "active plan is adjusted at its check-ins)")
    assessment = _ready_assessment(plan.person)
    choice, dropped = _choice(plan), ""
    try:
        new = _build(assessment, plan, start, choice=choice, recorded=recorded)
    except InputError as exc:
        if choice is None or not any(p.where.startswith("pm_choice") for p in exc.problems):
            raise
        # The new assessment no longer supports the PM's swap: the rebuild goes without it.
        new = _build(assessment, plan, start, recorded=recorded)
        dropped = (f"{plan.person.name}'s swap ({plan.pm_choice_replace} → "
                   f"{plan.pm_choice_with}) no longer fits the assessment and is dropped")
    proposal = propose(current_doc(plan), new, engine_focus_areas_of(plan),
                       voided=_who_agreed(plan), dropped_choice=dropped)
    return dataclasses.replace(proposal, doc=documents.relint(proposal.doc)), assessment


def plan_rebuild(*, plan: Plan, start: date, base_version: int, user: User,
                 recorded: bool = False) -> Plan:
    """Rebuild the open plan as proposed (edits of focus areas that stay are kept), as a new
    version; refused (StaleEdit) when the plan changed since the proposal was shown."""
    with transaction.atomic():
        plan = locked_plan(plan)
        check_base(plan, base_version)
        proposal, assessment = _propose(plan, start, recorded)
        doc = documents.with_status(proposal.doc, Status.DRAFT)
        if proposal.dropped_choice:
            plan.pm_choice_replace = plan.pm_choice_with = plan.pm_choice_reason = ""
        plan.assessment = assessment
        plan.cycle_start = date.fromisoformat(doc["cycle"]["start"])
        plan.cycle_end = date.fromisoformat(doc["cycle"]["end"])
        plan.target_level = doc["target_level"]
        plan.recorded = recorded
        commit_version(plan, doc, kind="rebuilt",
                       summary="Rebuilt: " + _built_summary(assessment, doc), user=user,
                       content_changed=True)
        return plan


# --- editing --------------------------------------------------------------------------------


def plan_edit_focus(
    *, plan: Plan, index: int, values: dict[str, Any], base_version: int,
    user: User,
) -> Plan:
    """Save one focus area's activities and milestones (from the edit form)."""
    with transaction.atomic():
        plan = locked_plan(plan)
        check_base(plan, base_version)
        status = status_after_edit(plan)
        doc = current_doc(plan)
        if not 0 <= index < len(doc["focus_areas"]):
            raise _problem("focus_areas", "no such focus area")
        name = doc["focus_areas"][index]["name"]
        new, changed = documents.apply_focus_edit(doc, index, values)
        if not changed:
            return plan
        new["status"] = status
        commit_version(plan, documents.relint(new), kind="edited",
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
        plan = locked_plan(plan)
        check_base(plan, base_version)
        status = status_after_edit(plan)
        doc = current_doc(plan)
        if doc["first_action"]["text"] == text:
            return plan
        new = documents.set_first_action(doc, text)
        new["status"] = status
        plan.first_action = text
        commit_version(plan, documents.relint(new), kind="first-action",
                       summary="Wrote the one thing to do this week", user=user,
                       content_changed=True)
        return plan


def plan_replace_focus(
    *, plan: Plan, replace: str, with_: str, reason: str, base_version: int,
    user: User,
) -> Plan:
    """The PM swaps one proposed focus area for a backlog competency (the engine's pm_choice).

    The engine rebuilds the plan with the choice; the other focus areas keep their edits.
    """
    with transaction.atomic():
        plan = locked_plan(plan)
        check_base(plan, base_version)
        status = status_after_edit(plan)
        old = current_doc(plan)
        saved = (plan.pm_choice_replace, plan.pm_choice_with, plan.pm_choice_reason)
        plan.pm_choice_replace, plan.pm_choice_with, plan.pm_choice_reason = (
            replace, with_, reason.strip())
        assessment = Assessment.objects.select_related("person", "person__manager").get(
            pk=plan.assessment_id)
        try:
            new = _build(assessment, plan, plan.cycle_start, choice=_choice(plan),
                         recorded=bool(old.get("recorded")))
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
        commit_version(plan, documents.relint(new), kind="replaced",
                       summary=f"Replaced {names.get(replace, replace)} with "
                               f"{names.get(with_, with_)} (the PM's choice)",
                       user=user, content_changed=True)
        return plan


def plan_restore(*, plan: Plan, number: int, base_version: int, user: User) -> Plan:
    """Make an earlier version's content current again, as a new version."""
    with transaction.atomic():
        plan = locked_plan(plan)
        check_base(plan, base_version)
        status = status_after_edit(plan)
        old = PlanVersion.objects.filter(plan=plan, number=number).first()
        if old is None:
            raise _problem("version", f"there is no version {number}")
        doc = documents.loads(old.document)
        doc["status"] = status
        commit_version(plan, documents.relint(doc), kind="restored",
                       summary=f"Restored version {number}", user=user, content_changed=True)
        return plan


# --- agreeing and closing -------------------------------------------------------------------


def plan_agree(
    *, plan: Plan, relation: Relation, base_version: int, user: User
) -> Plan:
    """One side agrees to the content they read; when both have, the plan is active."""
    with transaction.atomic():
        plan = locked_plan(plan)
        check_base(plan, base_version)
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
        doc = documents.with_status(current_doc(plan),
                                    Status.ACTIVE if both else Status.AGREED)
        who = _author_name(user)
        summary = (f"{who} agreed: both sides agree, the plan is active" if both
                   else f"{who} agreed to version {plan.content_version}")
        commit_version(plan, doc, kind="agreed", summary=summary, user=user, content_changed=False)
        return plan


def plan_close(*, plan: Plan, base_version: int, user: User) -> Plan:
    """The cycle review is done: the plan is kept, read-only, in the person's history."""
    with transaction.atomic():
        plan = locked_plan(plan)
        check_base(plan, base_version)
        if plan.status != Status.ACTIVE:
            raise _problem("status", "only an active plan can be closed")
        doc = documents.with_status(current_doc(plan), Status.CLOSED)
        commit_version(plan, doc, kind="closed", summary="Closed after the cycle review", user=user,
                       content_changed=False)
        return plan
