"""Writes for keeping the plan alive. Every write adds a row (nothing is updated in place);
a check-in's adjustments become a new version of the plan, made by the plans app's own
version machinery (locked plan row, refused when based on an older version)."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import F, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from rung.core.consensus import build_consensus
from rung.core.errors import InputError, Problem
from rung.core.framework import Framework
from rung.core.tracking.checkins import BLOCKERS, REMEDIES
from rung.core.tracking.review import DIAGNOSES, carried_forward, decide, diagnose, outcomes
from rung.web.assessments.engine import core_assessment
from rung.web.assessments.selectors import latest_assessment
from rung.web.assessments.services import assessment_create, rating_save
from rung.web.people.frameworks import get_framework
from rung.web.people.models import Person
from rung.web.plans import documents
from rung.web.plans import services as plan_services
from rung.web.plans.models import OPEN_STATUSES, Plan, Status
from rung.web.scores import score_problem
from rung.web.tracking import links, outbox, rules
from rung.web.tracking.models import (
    CheckInKind,
    CheckInRecord,
    CycleReview,
    FeedbackEntry,
    FeedbackLink,
    FeedbackProvider,
    LaunchMark,
    MarkKind,
    ReviewSelfScore,
    SelfCheck,
)
from rung.web.tracking.selectors import core_plan


def _problem(where: str, message: str) -> InputError:
    return InputError([Problem("tracking", where, message)])


def _live(plan: Plan) -> None:
    if plan.status == Status.CLOSED:
        raise _problem("status", "the plan is closed")
    if plan.current is None:
        raise _problem("plan", "the plan has no version yet")


def _focus_names(plan: Plan) -> dict[str, str]:
    return {fa.competency: fa.name for fa in core_plan(plan).focus_areas}


def _when(plan: Plan, what: str, day: date, *, today: date | None = None,
          **kwargs: Any) -> list[Problem]:
    """The problem with the date of an entry of this plan (rules.happened_on), if any."""
    problem = rules.happened_on(what, day, start=plan.cycle_start, end=plan.cycle_end,
                                today=today or timezone.localdate(), **kwargs)
    return [Problem("tracking", "date", problem)] if problem else []


def _raise(problems: list[Problem]) -> None:
    if problems:
        raise InputError(problems)


def self_check_create(*, plan: Plan, entries: Mapping[str, tuple[str, str]], user: User,
                      today: date) -> SelfCheck:
    """A new self-check (never an edit of an earlier one). `entries`: competency →
    (practised, learned)."""
    _live(plan)
    names = _focus_names(plan)
    rows = [{"competency": c, "name": names[c], "practised": p.strip(), "learned": lr.strip()}
            for c, (p, lr) in entries.items() if c in names]
    problems = _when(plan, "self-check", today, today=today)
    if not any(r["practised"] or r["learned"] for r in rows):
        problems.append(Problem("tracking", "entries", "write what you practised or learned on "
                                                      "at least one focus area"))
    _raise(problems)
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
    problems = _when(plan, "check-in", held_on,
                     after_end="record how the cycle went in the day-90 review")
    if kind not in CheckInKind.values:
        problems.append(Problem("tracking", "kind", f"unknown kind of check-in {kind!r}"))
    rows = []
    for f in focus:
        fa = names.get(f["competency"])
        if fa is None:
            problems.append(Problem("tracking", "focus", f"{f['competency']} is not a focus "
                                                         "area of this plan"))
            continue
        blocker = f.get("blocker") or None
        met = int(f.get("milestones_met") or 0)
        for where, problem in (
                ("rag", None if f["rag"] in rules.RAGS else "choose green, amber or red"),
                ("blocker", None if blocker is None or blocker in BLOCKERS
                 else f"unknown blocker {blocker!r}"),
                ("milestones_met", rules.milestones_met(met, len(fa.milestones), fa.name))):
            if problem:
                problems.append(Problem("tracking", f"{fa.competency}.{where}", problem))
        rows.append({
            "competency": fa.competency, "name": fa.name, "rag": f["rag"], "blocker": blocker,
            "remedy": REMEDIES[blocker] if blocker in BLOCKERS else "",
            "note": str(f.get("note", "")), "milestones_met": met,
            "milestones_total": len(fa.milestones),
        })
    _raise(problems)
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
    locked = plan_services.locked_plan(plan)
    plan_services.check_base(locked, base_version)
    status = plan_services.status_after_edit(locked)
    doc = plan_services.current_doc(locked)
    doc["notes"] = [*doc.get("notes", []),
                    *(f"Check-in {held_on.isoformat()}: {a}" for a in adjustments)]
    doc["status"] = status
    version = plan_services.commit_version(
        locked, documents.relint(doc), kind="adjusted",
        summary=f"Check-in {held_on.isoformat()}: {len(adjustments)} adjustment(s)",
        user=user, content_changed=True)
    plan.refresh_from_db()
    return version.number


def review_create(
    *, plan: Plan, held_on: date, rescored: Mapping[str, float],
    milestones_met: Mapping[str, int], attempts: Mapping[str, tuple[bool, bool]], user: User,
) -> CycleReview:
    """Record the day-90 review (the manager's): per focus area the outcome, a no-progress
    diagnosis (effort, plan quality or environment) and continue-or-rotate; the next cycle's
    starting order. The scores are the manager's: the PM gives theirs with `self_score_create`.
    """
    _live(plan)
    core = core_plan(plan)
    framework = get_framework(plan.assessment.framework)
    names = {fa.competency: fa.name for fa in core.focus_areas}
    problems = _when(plan, "day-90 review", held_on, late_days=rules.LATE_REVIEW_DAYS,
                     after_end=f"hold the review within {rules.LATE_REVIEW_DAYS} days of the "
                               "end")
    problems += _score_problems(rescored, names, framework)
    for fa in core.focus_areas:
        if problem := rules.milestones_met(milestones_met.get(fa.competency, 0),
                                           len(fa.milestones), fa.name):
            problems.append(Problem("tracking", f"{fa.competency}.milestones_met", problem))
    _raise(problems)
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


def _score_problems(scores: Mapping[str, float], names: Mapping[str, str],
                    framework: Framework) -> list[Problem]:
    problems = []
    for competency, score in scores.items():
        if competency not in names:
            problems.append(Problem("tracking", competency, "not a focus area of this plan"))
        elif problem := score_problem(score, framework):
            problems.append(Problem("tracking", competency, f"{names[competency]}: {problem}"))
    return problems


def self_score_create(*, plan: Plan, scores: Mapping[str, float], user: User,
                      today: date) -> ReviewSelfScore:
    """The PM's own score now per focus competency (their self-rating for the next cycle)."""
    _live(plan)
    framework = get_framework(plan.assessment.framework)
    problems = _score_problems(scores, _focus_names(plan), framework)
    if not scores:
        problems.append(Problem("tracking", "scores", "give at least one score"))
    _raise(problems)
    return ReviewSelfScore.objects.create(plan=plan, done_on=today, author=user,
                                          scores={c: float(v) for c, v in scores.items()})


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

    A new assessment holds the starting scores: the manager's rating is the review's scores
    (`next_cycle_scores`), the PM's self-rating their own scores from the review, if they gave
    any (`self_score_create`). Then the plans app's own generate service builds the draft with
    the cycle starting the day after this one ends; the backlog carries forward because its
    gaps remain.
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
    start = plan.cycle_end + timedelta(days=1)
    before = plan.assessment
    with transaction.atomic():
        # The next cycle keeps what made this one concrete: named people, the product area,
        # events still ahead, the specialization and the country.
        assessment = assessment_create(
            person=person, framework=framework, assessed_on=assessed_on, created_by=user,
            context=context_carried_forward(json.loads(before.context or "{}"), start),
            specialization=person.specialization or before.specialization,
            country=person.country or before.country)
        rating_save(assessment=assessment, framework=framework, role="manager",
                    scores={c: Decimal(str(v)) for c, v in scores.items()},
                    evidence={o["competency"]: review_evidence(o, review.held_on)
                              for o in review.outcomes},
                    entered_by=user)
        own = ReviewSelfScore.objects.filter(plan=plan).order_by("-done_on", "-id").first()
        if own is not None and own.author is not None:
            rating_save(assessment=assessment, framework=framework, role="self",
                        scores={c: Decimal(str(v)) for c, v in own.scores.items()},
                        evidence={}, entered_by=own.author)
        return plan_services.plan_generate(person=person, start=start, user=user)


def context_carried_forward(context: Mapping[str, Any], start: date) -> dict[str, Any]:
    """An assessment's context for the cycle starting on `start`: events already past drop."""
    kept = dict(context)
    upcoming = [e for e in context.get("upcoming", [])
                if isinstance(e, dict) and str(e.get("date", "")) >= start.isoformat()]
    if upcoming:
        kept["upcoming"] = upcoming
    else:
        kept.pop("upcoming", None)
    return kept


def review_evidence(outcome: Mapping[str, Any], held_on: date) -> str:
    """What the day-90 review found, as the next cycle's evidence for that competency."""
    return (f"Day-90 review of {held_on.isoformat()}: {outcome['after']} against a target of "
            f"{outcome['target']}, {outcome['milestones_met']} of "
            f"{outcome['milestones_total']} milestones met")


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
        locked = plan_services.locked_plan(plan)
        plan_services.check_base(locked, base_version)
        status = plan_services.status_after_edit(locked)
        doc = plan_services.current_doc(locked)
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
        plan_services.commit_version(locked, documents.relint(doc), kind="narrowed",
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
    try:
        with transaction.atomic():
            role, _ = FeedbackProvider.objects.get_or_create(
                plan=plan, competency=competency, person=person,
                defaults={"focus_name": names[competency], "named_by": user})
    except IntegrityError:  # named by the PM and the manager at the same moment
        role = FeedbackProvider.objects.get(plan=plan, competency=competency, person=person)
    return role


def provider_invite(*, plan: Plan, competency: str, name: str, email: str, user: User,
                    link_url: Callable[[str], str]) -> FeedbackLink:
    """E-mail someone without a rung login a link to give feedback on one focus area.

    The link is a signed token (only its digest is stored) that opens that focus area's
    feedback page and nothing else, until the cycle is over (`links.expiry`) or someone
    revokes it. Inviting the same address again revokes their earlier link. The mail goes out
    inside the transaction: if it cannot be sent, nothing is stored.
    """
    _live(plan)
    names = _focus_names(plan)
    name, email = name.strip(), email.strip().lower()
    problems = []
    if plan.status != Status.ACTIVE:
        problems.append(Problem("tracking", "status", "invite feedback providers once the plan "
                                                      "is active (both of you agreed)"))
    if competency not in names:
        problems.append(Problem("tracking", "competency", "not a focus area of this plan"))
    if not name:
        problems.append(Problem("tracking", "name", "give the provider's name"))
    try:
        validate_email(email)
    except ValidationError:
        problems.append(Problem("tracking", "email", f"'{email}' is not an e-mail address"))
    _raise(problems)
    token = links.new_token()
    with transaction.atomic():
        role, _ = FeedbackProvider.objects.get_or_create(
            plan=plan, competency=competency, email=email,
            defaults={"focus_name": names[competency], "name": name, "named_by": user})
        FeedbackLink.objects.filter(provider=role, revoked_at__isnull=True).update(
            revoked_at=timezone.now())
        link = FeedbackLink.objects.create(provider=role, digest=links.digest_of(token),
                                           expires_at=links.expiry(plan), created_by=user)
        send_mail(*links.invitation(role, link, link_url(token)),
                  settings.DEFAULT_FROM_EMAIL, [email])
    return link


def link_revoke(*, link: FeedbackLink) -> FeedbackLink:
    if link.revoked_at is None:
        link.revoked_at = timezone.now()
        link.save(update_fields=["revoked_at"])
    return link


def link_used(link: FeedbackLink) -> None:
    """Record that the link's page was opened (the PM sees when, first and last)."""
    now = timezone.now()
    FeedbackLink.objects.filter(pk=link.pk).update(
        first_used_at=Coalesce("first_used_at", Value(now)), last_used_at=now,
        uses=F("uses") + 1)


def feedback_create(*, role: FeedbackProvider, observed_on: date, situation: str,
                    went_well: str, to_change: str) -> FeedbackEntry:
    """A new feedback entry (never an edit of an earlier one)."""
    if role.plan.status != Status.ACTIVE:
        raise _problem("status", "feedback is taken while the plan is active")
    problems = _when(role.plan, "observation", observed_on)
    if not situation.strip() or not (went_well.strip() or to_change.strip()):
        problems.append(Problem("tracking", "situation", "describe the situation and what went "
                                                        "well or what to change"))
    _raise(problems)
    return FeedbackEntry.objects.create(provider=role, observed_on=observed_on,
                                        situation=situation.strip(),
                                        went_well=went_well.strip(),
                                        to_change=to_change.strip())


# --- reminders ------------------------------------------------------------------------------


def send_due_reminders(today: date, *, failures: list[str] | None = None) -> list[str]:
    """Queue every nudge due today (or missed earlier and still ahead of its event), then send
    what the outbox holds (`rung.web.tracking.outbox`); returns the keys sent. Keys whose mail
    failed this pass go to `failures`."""
    outbox.enqueue_due(today, lambda plan: f"plan{plan.pk}")
    done = outbox.send_pending()
    if failures is not None:
        failures += done.failed + done.given_up
    return done.sent
