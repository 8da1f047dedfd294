"""Writes for keeping the plan alive. Every write adds a row (nothing is updated in place);
a check-in's adjustments become a new version of the plan, made by the plans app's own
version machinery (locked plan row, refused when based on an older version)."""

from __future__ import annotations

import logging
import smtplib
from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.core.mail import send_mail
from django.db import IntegrityError, transaction

from rung.core.consensus import build_consensus
from rung.core.errors import InputError, Problem
from rung.core.tracking.checkins import BLOCKERS, REMEDIES
from rung.core.tracking.reminders import Nudge, due_nudges
from rung.core.tracking.review import DIAGNOSES, carried_forward, decide, diagnose, outcomes
from rung.web.assessments.engine import core_assessment
from rung.web.assessments.selectors import latest_assessment
from rung.web.assessments.services import assessment_create, rating_save
from rung.web.people.frameworks import get_framework
from rung.web.people.models import Person
from rung.web.plans import documents
from rung.web.plans import services as plan_services
from rung.web.plans.models import OPEN_STATUSES, Plan, Status
from rung.web.tracking.models import (
    CheckInRecord,
    CycleReview,
    FeedbackEntry,
    FeedbackProvider,
    LaunchMark,
    MarkKind,
    SelfCheck,
    SentNudge,
)
from rung.web.tracking.selectors import core_plan

logger = logging.getLogger("rung.reminders")

RAGS = ("green", "amber", "red")


def _problem(where: str, message: str) -> InputError:
    return InputError([Problem("tracking", where, message)])


def _live(plan: Plan) -> None:
    if plan.status == Status.CLOSED:
        raise _problem("status", "the plan is closed")
    if plan.current is None:
        raise _problem("plan", "the plan has no version yet")


def _focus_names(plan: Plan) -> dict[str, str]:
    return {fa.competency: fa.name for fa in core_plan(plan).focus_areas}


def self_check_create(*, plan: Plan, entries: Mapping[str, tuple[str, str]], user: User,
                      today: date) -> SelfCheck:
    """A new self-check (never an edit of an earlier one). `entries`: competency →
    (practised, learned)."""
    _live(plan)
    names = _focus_names(plan)
    rows = [{"competency": c, "name": names[c], "practised": p.strip(), "learned": lr.strip()}
            for c, (p, lr) in entries.items() if c in names]
    if not any(r["practised"] or r["learned"] for r in rows):
        raise _problem("entries", "write what you practised or learned on at least one focus "
                                  "area")
    return SelfCheck.objects.create(plan=plan, done_on=today, entries=rows, author=user)


def mark_create(*, plan: Plan, kind: str, user: User, today: date) -> LaunchMark:
    _live(plan)
    if kind not in MarkKind.values:
        raise _problem("kind", f"unknown launch step {kind!r}")
    return LaunchMark.objects.create(plan=plan, kind=kind, done_on=today, author=user)


def check_in_create(
    *, plan: Plan, kind: str, held_on: date, focus: Sequence[Mapping[str, Any]],
    adjustments: Sequence[str], base_version: int, user: User,
) -> CheckInRecord:
    """Record a check-in; its adjustments are written into the plan as a new version.

    `focus`: per focus area {"competency", "rag", "blocker" (or ""), "note", "milestones_met"}.
    """
    _live(plan)
    names = {fa.competency: fa for fa in core_plan(plan).focus_areas}
    rows = []
    for f in focus:
        fa = names.get(f["competency"])
        if fa is None:
            raise _problem("focus", f"{f['competency']} is not a focus area of this plan")
        if f["rag"] not in RAGS:
            raise _problem("rag", "choose green, amber or red")
        blocker = f.get("blocker") or None
        if blocker is not None and blocker not in BLOCKERS:
            raise _problem("blocker", f"unknown blocker {blocker!r}")
        rows.append({
            "competency": fa.competency, "name": fa.name, "rag": f["rag"], "blocker": blocker,
            "remedy": REMEDIES[blocker] if blocker else "", "note": str(f.get("note", "")),
            "milestones_met": int(f.get("milestones_met") or 0),
            "milestones_total": len(fa.milestones),
        })
    adjustments = [a.strip() for a in adjustments if a.strip()]
    with transaction.atomic():
        version = None
        if adjustments:
            version = _adjust_plan(plan, held_on, adjustments, base_version, user)
        return CheckInRecord.objects.create(
            plan=plan, kind=kind, held_on=held_on, focus=rows, adjustments=adjustments,
            plan_version=version, author=user,
        )


def _adjust_plan(plan: Plan, held_on: date, adjustments: Sequence[str], base_version: int,
                 user: User) -> int:
    """The adjustments as plan notes, in a new version (the plans app's commit)."""
    locked = plan_services._locked(plan)
    plan_services._check_base(locked, base_version)
    status = plan_services._status_after_edit(locked)
    doc = plan_services._current_doc(locked)
    doc["notes"] = [*doc.get("notes", []),
                    *(f"Check-in {held_on.isoformat()}: {a}" for a in adjustments)]
    doc["status"] = status
    version = plan_services._commit(
        locked, documents.relint(doc), kind="adjusted",
        summary=f"Check-in {held_on.isoformat()}: {len(adjustments)} adjustment(s)",
        user=user, content_changed=True)
    plan.refresh_from_db()
    return version.number


def review_create(
    *, plan: Plan, held_on: date, rescored: Mapping[str, float],
    milestones_met: Mapping[str, int], attempts: Mapping[str, tuple[bool, bool]], user: User,
) -> CycleReview:
    """Record the day-90 review: per focus area the outcome, a no-progress diagnosis (effort,
    plan quality or environment) and continue-or-rotate; the next cycle's starting order."""
    _live(plan)
    core = core_plan(plan)
    for competency, score in rescored.items():
        if not 0 <= score <= 5:
            raise _problem("score", f"{competency}: a score is between 0 and 5")
    names = {fa.competency: fa.name for fa in core.focus_areas}
    rows, decisions = [], {}
    for o in outcomes(core, rescored, milestones_met):
        decisions[o.competency] = decision = decide(o)
        cause = None
        if not o.progressed:
            attempted, real_practice = attempts.get(o.competency, (False, False))
            cause = diagnose(attempted=attempted, real_practice=real_practice)
        rows.append({
            "competency": o.competency, "name": names[o.competency], "before": o.before,
            "after": o.after, "target": o.target, "milestones_met": o.milestones_met,
            "milestones_total": o.milestones_total, "decision": decision, "cause": cause,
            "diagnosis": DIAGNOSES[cause] if cause else "",
        })
    return CycleReview.objects.create(plan=plan, held_on=held_on, outcomes=rows,
                                      carried_forward=list(carried_forward(core, decisions)),
                                      author=user)


def next_cycle_scores(plan: Plan, review: CycleReview) -> dict[str, float]:
    """The next cycle's starting scores: the review's re-scores for the focus competencies,
    the previous assessment's consensus for the rest (the lower of self and manager while a
    calibration is pending; competencies nobody rated stay unrated)."""
    framework = get_framework(plan.assessment.framework)
    scores: dict[str, float] = {}
    for row in build_consensus(core_assessment(plan.assessment, framework), framework):
        if row.consensus is not None:
            scores[row.id] = row.consensus
        elif row.needs_calibration:
            scores[row.id] = row.working
    for o in review.outcomes:
        scores[o["competency"]] = float(o["after"])
    return scores


def next_cycle_draft(*, plan: Plan, user: User) -> Plan:
    """Draft the next cycle from the plan's latest day-90 review.

    A new assessment holds the starting scores (`next_cycle_scores`, entered as the manager's
    rating), then the plans app's own generate service builds the draft with the cycle
    starting the day after this one ends; the backlog carries forward because its gaps remain.
    """
    review = CycleReview.objects.filter(plan=plan).order_by("-held_on", "-id").first()
    if review is None:
        raise _problem("review", "record the day-90 review first")
    if plan.status not in (Status.ACTIVE, Status.CLOSED):
        raise _problem("status", "only an active or closed plan has a next cycle")
    person = plan.person
    if Plan.objects.filter(person=person, status__in=OPEN_STATUSES).exists():
        raise _problem("plan", f"{person.name} already has a draft plan: open it from their "
                               "page")
    framework = get_framework(person.framework)
    latest = latest_assessment(person)
    assessed_on = max(review.held_on, latest.assessed_on) if latest else review.held_on
    scores = next_cycle_scores(plan, review)
    with transaction.atomic():
        assessment = assessment_create(person=person, framework=framework,
                                       assessed_on=assessed_on, created_by=user)
        rating_save(assessment=assessment, framework=framework, role="manager",
                    scores={c: Decimal(str(v)) for c, v in scores.items()},
                    evidence={o["competency"]: f"Day-90 review of {review.held_on.isoformat()}"
                              for o in review.outcomes},
                    entered_by=user)
        return plan_services.plan_generate(person=person,
                                           start=plan.cycle_end + timedelta(days=1), user=user)


def narrow_to_one(*, plan: Plan, competency: str, base_version: int, user: User,
                  drifting: bool) -> Plan:
    """The method's answer to a drifting plan: keep one focus area until the habit forms.

    The others go back to the front of the backlog (with their feedback sessions); it is a
    new plan version, so the wider plan stays restorable from the history.
    """
    if not drifting:
        raise _problem("focus", "narrowing is for a plan that keeps drifting (two check-ins "
                                "in a row mostly red or amber)")
    with transaction.atomic():
        locked = plan_services._locked(plan)
        plan_services._check_base(locked, base_version)
        status = plan_services._status_after_edit(locked)
        doc = plan_services._current_doc(locked)
        kept = [fa for fa in doc["focus_areas"] if fa["competency"] == competency]
        if not kept:
            raise _problem("focus", "not a focus area of this plan")
        dropped = [fa["competency"] for fa in doc["focus_areas"] if fa is not kept[0]]
        if not dropped:
            raise _problem("focus", "the plan already has one focus area")
        doc["focus_areas"] = kept
        doc["backlog"] = dropped + [c for c in doc["backlog"] if c not in dropped]
        doc["cadence"] = [e for e in doc["cadence"] if e.get("competency") not in dropped]
        doc["status"] = status
        name = kept[0].get("name", competency)
        plan_services._commit(locked, documents.relint(doc), kind="narrowed",
                              summary=f"Narrowed to one focus area: {name}", user=user,
                              content_changed=True)
        return locked


# --- feedback providers ---------------------------------------------------------------------


def provider_name(*, plan: Plan, competency: str, slug: str, user: User) -> FeedbackProvider:
    """Name a rung user as feedback provider on one focus area of the plan."""
    _live(plan)
    names = _focus_names(plan)
    if competency not in names:
        raise _problem("competency", "not a focus area of this plan")
    person = Person.objects.filter(slug=slug).select_related("user").first()
    if person is None or person.user_id is None:
        raise _problem("person", f"nobody called {slug!r} has a rung account")
    if person.pk == plan.person_id:
        raise _problem("person", "a PM cannot be their own feedback provider")
    role, _ = FeedbackProvider.objects.get_or_create(
        plan=plan, competency=competency, person=person,
        defaults={"focus_name": names[competency], "named_by": user})
    return role


def feedback_create(*, role: FeedbackProvider, observed_on: date, situation: str,
                    went_well: str, to_change: str) -> FeedbackEntry:
    """A new feedback entry (never an edit of an earlier one)."""
    if role.plan.status != Status.ACTIVE:
        raise _problem("status", "feedback is taken while the plan is active")
    if not situation.strip() or not (went_well.strip() or to_change.strip()):
        raise _problem("situation", "describe the situation and what went well or what to "
                                    "change")
    return FeedbackEntry.objects.create(provider=role, observed_on=observed_on,
                                        situation=situation.strip(),
                                        went_well=went_well.strip(),
                                        to_change=to_change.strip())


# --- reminders ------------------------------------------------------------------------------


def _addresses(plan: Plan, nudge: Nudge) -> list[str]:
    people = [plan.person, plan.person.manager]
    out = []
    for p in people:
        if p is None or p.name not in nudge.recipients or p.user is None:
            continue
        out.append(p.user.email or f"{p.user.get_username()}@{settings.RUNG_EMAIL_DOMAIN}")
    return out


def plan_key(plan: Plan) -> str:
    return f"plan{plan.pk}"


def send_due_reminders(today: date, *, failures: list[str] | None = None) -> list[str]:
    """Send every nudge due today (or missed earlier and still ahead of its event), once.

    Each nudge is claimed by inserting its unique key; the mail goes out inside the same
    transaction, so a worker that loses the race (IntegrityError) sends nothing and a failed
    send releases the claim for the next run. A failed send is logged (its key added to
    `failures`) and the pass goes on with the other nudges.
    """
    plans = list(Plan.objects.select_related("person__user", "person__manager__user",
                                             "current")
                 .filter(status=Status.ACTIVE, current__isnull=False))
    sent_before = set(SentNudge.objects.filter(plan__in=plans).values_list("key", flat=True))
    sent: list[str] = []
    for plan in plans:
        for nudge in due_nudges(core_plan(plan), plan_key(plan), today, sent_before):
            to = _addresses(plan, nudge)
            try:
                with transaction.atomic():
                    SentNudge.objects.create(key=nudge.key, plan=plan, send_on=nudge.send_on,
                                             recipients=", ".join(to))
                    if to:
                        send_mail(f"[rung] {nudge.subject}", _body(plan, nudge),
                                  settings.DEFAULT_FROM_EMAIL, to)
            except IntegrityError:
                continue  # another worker has it
            except (smtplib.SMTPException, OSError) as exc:
                logger.error("reminder %s to %s not sent, tried again on the next pass: %s",
                             nudge.key, ", ".join(to), exc)
                if failures is not None:
                    failures.append(nudge.key)
                continue
            sent.append(nudge.key)
    return sent


def _body(plan: Plan, nudge: Nudge) -> str:
    return (f"{nudge.subject}.\n\nPlan of {plan.person.name}, "
            f"{plan.cycle_start.isoformat()} → {plan.cycle_end.isoformat()}: "
            f"{nudge.event_kind.replace('-', ' ')} on {nudge.event_date.isoformat()}.\n")
