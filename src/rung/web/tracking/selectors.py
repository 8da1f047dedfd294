"""Reads for keeping the plan alive. Plans are found through `plans.selectors` (the privacy
rule); what is read here is then that plan's own tracking rows."""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from rung.core.consensus import build_consensus
from rung.core.errors import InputError
from rung.core.plan import FocusArea
from rung.core.plan import Plan as CorePlan
from rung.core.serialize import plan_from_dict
from rung.core.tracking.checkins import missed_reviews
from rung.core.tracking.launch import LaunchFacts, launch_health
from rung.web.assessments.engine import core_assessment
from rung.web.assessments.models import Assessment
from rung.web.assessments.selectors import is_blind
from rung.web.people.frameworks import get_framework
from rung.web.people.models import Person
from rung.web.people.selectors import AnyUser, Relation
from rung.web.plans.models import Plan, Status
from rung.web.tracking import links
from rung.web.tracking.models import (
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

REVIEW_NAMES = {
    "monthly-check-in": "monthly check-in",
    "launch-check": "launch check",
    "cycle-review": "90-day review",
    "calibration": "calibration conversation",
}


@dataclass(frozen=True)
class Flag:
    """One thing the manager should act on, with the method's next step."""

    code: str
    due: date
    message: str
    next_step: str


@functools.lru_cache(maxsize=512)
def _parsed(version_id: int, document: str) -> CorePlan:
    return plan_from_dict(json.loads(document))


def core_plan(plan: Plan) -> CorePlan:
    """The plan's current version as a core Plan (parsed once per version and process)."""
    assert plan.current is not None
    return _parsed(plan.current.pk, plan.current.document)


def core_plan_of(version_id: int, document: str) -> CorePlan:
    return _parsed(version_id, document)


def facts_from_marks(firsts: Mapping[str, date], self_checks: Iterable[date]) -> LaunchFacts:
    """Launch facts from the earliest mark of each kind and the self-check dates."""
    return LaunchFacts(
        first_visible_action_on=firsts.get(MarkKind.FIRST_ACTION),
        activity_started_on=firsts.get(MarkKind.ACTIVITY),
        providers_contacted_on=firsts.get(MarkKind.PROVIDER),
        self_check_dates=tuple(self_checks),
    )


def launch_facts(plan: Plan) -> LaunchFacts:
    firsts: dict[str, date] = {}
    for kind, done_on in LaunchMark.objects.filter(plan=plan).values_list("kind", "done_on"):
        firsts[kind] = min(done_on, firsts.get(kind, done_on))
    return facts_from_marks(firsts, SelfCheck.objects.filter(plan=plan)
                            .values_list("done_on", flat=True))


def held_reviews(plan: Plan) -> list[tuple[str, date]]:
    held = [(k, d) for k, d in CheckInRecord.objects.filter(plan=plan)
            .values_list("kind", "held_on")]
    return held + [("cycle-review", d) for d in CycleReview.objects.filter(plan=plan)
                   .values_list("held_on", flat=True)]


def self_scores_of(plan: Plan) -> QuerySet[ReviewSelfScore]:
    return ReviewSelfScore.objects.filter(plan=plan).order_by("-done_on", "-id")


def reviews_of(plan: Plan) -> QuerySet[CycleReview]:
    return CycleReview.objects.filter(plan=plan).order_by("-held_on", "-id")


def health(core: CorePlan, facts: LaunchFacts, held: Iterable[tuple[str, date]],
           today: date) -> list[Flag]:
    """Launch flags and skipped reviews, each with its next step."""
    flags = [Flag(f.code, f.due, f.message, f.next_step)
             for f in launch_health(core, facts, today)]
    for kind, when in missed_reviews(core, tuple(held), today):
        name = REVIEW_NAMES.get(kind, kind)
        flags.append(Flag(
            f"missed-{kind}", when, f"The {name} of {when.isoformat()} was not held.",
            f"Book the {name} this week and record it in rung when it is held.",
        ))
    return flags


def plan_health(plan: Plan, today: date) -> list[Flag]:
    if plan.current is None or plan.status != "active":
        return []
    return health(core_plan(plan), launch_facts(plan), held_reviews(plan), today)


def self_checks_of(plan: Plan) -> QuerySet[SelfCheck]:
    return SelfCheck.objects.filter(plan=plan).order_by("-done_on", "-id")


def check_ins_of(plan: Plan) -> QuerySet[CheckInRecord]:
    return CheckInRecord.objects.filter(plan=plan).order_by("-held_on", "-id")


def marks_of(plan: Plan) -> QuerySet[LaunchMark]:
    return LaunchMark.objects.filter(plan=plan).order_by("done_on", "id")


def get_provider_role_for_user(user: AnyUser, role_id: int) -> FeedbackProvider:
    """A feedback provider's role on one focus area, for that provider only; else 404.

    The provider reaches nothing else of the PM's: no plan, no other focus area.
    """
    if not user.is_authenticated:
        raise Http404("Not found")
    found = (FeedbackProvider.objects.select_related("plan__person")
             .filter(pk=role_id, person__user_id=user.pk).first())
    if found is None:
        raise Http404("Not found")
    return found


def get_link_for_token(token: str) -> FeedbackLink:
    """The feedback link a token opens: signed, known, not revoked, not expired, on a plan
    still open for feedback; else 404 (one answer for every reason, so a guessed or leaked
    old token tells nothing)."""
    if not links.signed(token):
        raise Http404("Not found")
    found = (FeedbackLink.objects
             .select_related("provider__plan__person", "provider__plan__current")
             .filter(digest=links.digest_of(token), revoked_at__isnull=True,
                     expires_at__gt=timezone.now())
             .first())
    if found is None or found.provider.plan.status == Status.CLOSED:
        raise Http404("Not found")
    return found


def get_link_of_plan(plan: Plan, link_id: int) -> FeedbackLink:
    found = (FeedbackLink.objects.select_related("provider")
             .filter(pk=link_id, provider__plan=plan).first())
    if found is None:
        raise Http404("Not found")
    return found


def providers_of(plan: Plan) -> list[FeedbackProvider]:
    """The plan's feedback providers, each with its links (newest first) as `.all_links`."""
    return list(FeedbackProvider.objects.filter(plan=plan).select_related("person")
                .prefetch_related(Prefetch("links", FeedbackLink.objects.order_by("-id"),
                                           to_attr="all_links"))
                .order_by("id"))


def feedback_roles_of(person: Person) -> QuerySet[FeedbackProvider]:
    """"Feedback I give": where `person` was named as a provider, on plans not closed yet."""
    return (FeedbackProvider.objects.filter(person=person)
            .exclude(plan__status=Status.CLOSED)
            .select_related("plan__person").order_by("plan__person__name", "id"))


def feedback_i_give(person: Person | None) -> SafeString:
    """The "Feedback I give" section of a home page (one query)."""
    roles = list(feedback_roles_of(person)) if person is not None else []
    return mark_safe(render_to_string("tracking/_feedback_i_give.html",
                                      {"roles": roles}))


def focus_area_of(plan: Plan, competency: str) -> FocusArea | None:
    """The focus area a provider gives feedback on, from the plan's current version."""
    if plan.current is None:
        return None
    return next((fa for fa in core_plan(plan).focus_areas if fa.competency == competency),
                None)


def feedback_of(plan: Plan) -> QuerySet[FeedbackEntry]:
    return (FeedbackEntry.objects.filter(provider__plan=plan)
            .select_related("provider__person").order_by("-observed_on", "-id"))



@dataclass(frozen=True)
class History:
    """A person's consensus per competency across their assessments (oldest first)."""

    dates: tuple[date, ...]
    # (competency name, consensus per date: None when not rated or awaiting calibration)
    rows: tuple[tuple[str, tuple[float | None, ...]], ...]
    scale_max: float

    def series(self) -> dict[str, list[tuple[date, float]]]:
        return {name: [(d, v) for d, v in zip(self.dates, values, strict=True)
                       if v is not None]
                for name, values in self.rows}


def history_of(person: Person, viewer: Relation = "manager") -> History:
    """The consensus the engine computes from each of the person's assessments (so a PM sees
    peers only through it, never a single peer's score). The PM's own view leaves out the
    assessments they have not rated themselves yet (`is_blind`)."""
    assessments = (Assessment.objects.filter(person=person)
                   .select_related("person", "person__manager")
                   .prefetch_related("ratings__scores", "evidence", "calibrations")
                   .order_by("assessed_on", "id"))
    dates: list[date] = []
    names: dict[str, str] = {}
    by_date: list[dict[str, float | None]] = []
    scale_max = 5.0
    for a in assessments:
        if is_blind(a, viewer):
            continue
        try:
            framework = get_framework(a.framework)
            consensus = build_consensus(core_assessment(a, framework), framework)
        except (KeyError, InputError):
            continue  # an assessment rung can no longer read is left out of the trend
        scale_max = float(framework.scale.max)
        dates.append(a.assessed_on)
        by_date.append({c.id: c.consensus for c in consensus})
        for c in consensus:
            names.setdefault(c.id, c.name)
    rows = tuple((name, tuple(scores.get(cid) for scores in by_date))
                 for cid, name in names.items())
    return History(tuple(dates), tuple(r for r in rows if any(v is not None for v in r[1])),
                   scale_max)
