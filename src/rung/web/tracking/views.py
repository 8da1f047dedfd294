"""Keeping the plan alive: the tracking page, the weekly self-check, launch marks, the
check-in and the day-90 review. A privacy helper finds the plan (404 for outsiders), a form
checks the input against the plan, a service writes; create forms are submitted once
(rung.web.once). Feedback providers' pages are in `feedback_views`."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET

from rung.core.errors import InputError
from rung.core.tracking.checkins import BLOCKERS, REMEDIES, CheckIn, FocusCheck, is_drifting
from rung.render.trend_chart import trend_svg
from rung.web import labels
from rung.web.accounts.auth import user_of
from rung.web.once import AlreadySubmitted, submitted_once
from rung.web.people.frameworks import get_framework
from rung.web.people.selectors import BOTH, MANAGER, SELF, get_person_for_user, relation_to
from rung.web.plans.models import Plan, Status
from rung.web.plans.page import today
from rung.web.plans.selectors import get_plan_for_user
from rung.web.plans.services import StaleEdit
from rung.web.tracking import calendar, selectors, services
from rung.web.tracking.forms import CheckInForm, Cycle, ReviewForm, SelfScoreForm
from rung.web.tracking.models import CheckInKind, CheckInRecord, MarkKind


def cycle_of(plan: Plan) -> Cycle:
    return Cycle(plan.cycle_start, plan.cycle_end, today())


def _already(request: HttpRequest, plan: Plan) -> HttpResponse:
    """The answer to the second submit of a form whose first one saved."""
    messages.info(request, "Already saved: that form was sent twice (a double click?); it "
                           "was recorded once.")
    return redirect("tracking:plan", plan_id=plan.pk)


def _drifting(check_ins: list[CheckInRecord]) -> bool:
    return is_drifting([
        CheckIn(c.held_on, tuple(FocusCheck(f["competency"], f["rag"], f["blocker"])
                                 for f in c.focus))
        for c in check_ins if c.kind == CheckInKind.MONTHLY])


@require_GET
def overview(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = get_plan_for_user(request.user, plan_id, as_=BOTH)
    relation = relation_to(request.user, plan.person)
    check_ins = list(selectors.check_ins_of(plan))
    marks = list(selectors.marks_of(plan))
    done = {m.kind for m in marks}
    return render(request, "tracking/plan.html", {
        "plan": plan, "person": plan.person, "is_pm": relation == "self",
        "flags": selectors.plan_health(plan, today()),
        "self_checks": selectors.self_checks_of(plan), "check_ins": check_ins,
        "marks": marks, "open_marks": [(k, label) for k, label in MarkKind.choices
                                       if k not in done],
        "drifting": _drifting(check_ins),
        "reviews": selectors.reviews_of(plan),
        "providers": selectors.providers_of(plan), "feedback": selectors.feedback_of(plan),
        "now": timezone.now(),
        "focus": selectors.core_plan(plan).focus_areas if plan.current else (),
        "names": _competency_names(plan), "decisions": labels.DECISION,
        "causes": labels.CAUSE,
    })


def review(request: HttpRequest, plan_id: int) -> HttpResponse:
    """The day-90 review, held by the manager and the PM together. Each records their own
    side: the manager the review (their scores, milestones, what was attempted), the PM their
    own scores, which become their self-rating in the next cycle."""
    plan = get_plan_for_user(request.user, plan_id, as_=BOTH)
    is_manager = relation_to(request.user, plan.person) == "manager"
    core = selectors.core_plan(plan) if plan.current else None
    before = {g.competency: g for g in core.gaps} if core else {}
    focus = [(fa, before[fa.competency]) for fa in (core.focus_areas if core else ())
             if fa.competency in before]
    framework = get_framework(plan.assessment.framework)
    data = request.POST if request.method == "POST" else None
    given = selectors.self_scores_of(plan).first()
    form: ReviewForm | SelfScoreForm
    if is_manager:
        form = ReviewForm(data, focus=focus, framework=framework, cycle=cycle_of(plan))
    else:  # the PM's form starts from their own latest scores: here, else the assessment's
        own = {c.id: c.self for c in core.consensus} if core else {}
        own.update(given.scores if given else {})
        form = SelfScoreForm(data, focus=[(fa, own.get(fa.competency)) for fa, _ in focus],
                             framework=framework)
    if data is not None and form.is_valid():
        try:
            with submitted_once(request):
                _record_review(request, plan, form)
        except AlreadySubmitted:
            return _already(request, plan)
        except InputError as exc:
            for p in exc.problems:
                form.add_error(None, p.message)
        else:
            messages.success(request, "Review recorded. Close the plan from its page when "
                                      "you are done; the next cycle starts from the order "
                                      "shown here." if is_manager else
                             "Your scores are saved: they become your self-rating when the "
                             "next cycle is drafted.")
            return redirect("tracking:plan", plan_id=plan.pk)
    latest = selectors.reviews_of(plan).first()
    names = _competency_names(plan)
    return render(request, "tracking/review.html", {
        "plan": plan, "form": form, "open": plan.status != Status.CLOSED, "latest": latest,
        "carried": [names.get(c, c) for c in latest.carried_forward] if latest else [],
        "is_manager": is_manager, "own": given,
    }, status=400 if form.errors else 200)


def _record_review(request: HttpRequest, plan: Plan, form: ReviewForm | SelfScoreForm) -> None:
    if isinstance(form, ReviewForm):
        services.review_create(plan=plan, held_on=form.cleaned_data["held_on"],
                               rescored=form.rescored(), milestones_met=form.milestones(),
                               attempts=form.attempts(), user=user_of(request))
    else:
        services.self_score_create(plan=plan, scores=form.scores(), user=user_of(request),
                                   today=today())


def _competency_names(plan: Any) -> dict[str, str]:
    try:
        framework = get_framework(plan.assessment.framework)
    except KeyError:
        return {}
    return {c.id: c.name for c in framework.competencies}


def next_cycle(request: HttpRequest, plan_id: int) -> HttpResponse:
    """The manager drafts the next cycle's plan from the day-90 review."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    plan = get_plan_for_user(request.user, plan_id, as_=MANAGER)
    try:
        with submitted_once(request):
            new = services.next_cycle_draft(plan=plan, user=user_of(request))
    except AlreadySubmitted:
        return _already(request, plan)
    except InputError as exc:
        messages.error(request, "; ".join(p.message for p in exc.problems))
        return redirect("tracking:review", plan_id=plan.pk)
    messages.success(request, f"Next cycle drafted from the review: "
                              f"{new.cycle_start.isoformat()} → {new.cycle_end.isoformat()}.")
    return redirect("plans:detail", plan_id=new.pk)


@require_GET
def history(request: HttpRequest, slug: str) -> HttpResponse:
    """Per-competency consensus across all the person's assessments, with a trend chart."""
    person = get_person_for_user(request.user, slug, as_=BOTH)
    found = selectors.history_of(person, relation_to(request.user, person))
    return render(request, "tracking/history.html", {
        "person": person, "history": found,
        # trend_svg escapes every label itself.
        "chart": mark_safe(trend_svg(found.series(), scale_max=found.scale_max)
                           if found.dates else ""),
    })


def narrow(request: HttpRequest, plan_id: int) -> HttpResponse:
    """Keep one focus area of a drifting plan (a new plan version)."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    plan = get_plan_for_user(request.user, plan_id, as_=BOTH)
    try:
        services.narrow_to_one(
            plan=plan, competency=request.POST.get("competency", ""),
            base_version=_int(request.POST.get("base_version", "0")), user=user_of(request),
            drifting=_drifting(list(selectors.check_ins_of(plan))))
    except StaleEdit:
        messages.error(request, "The plan changed since you opened the page: look again.")
    except InputError as exc:
        messages.error(request, "; ".join(p.message for p in exc.problems))
    else:
        messages.success(request, "The plan now has one focus area; the others are back in "
                                  "the backlog (earlier versions stay in the history).")
    return redirect("tracking:plan", plan_id=plan.pk)


def self_check(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = get_plan_for_user(request.user, plan_id, as_=SELF)
    focus = selectors.core_plan(plan).focus_areas if plan.current else ()
    error = ""
    if request.method == "POST":
        entries = {fa.competency: (request.POST.get(f"practised-{i}", "")[:2000],
                                   request.POST.get(f"learned-{i}", "")[:2000])
                   for i, fa in enumerate(focus)}
        try:
            with submitted_once(request):
                services.self_check_create(plan=plan, entries=entries, user=user_of(request),
                                           today=today())
        except AlreadySubmitted:
            return _already(request, plan)
        except InputError as exc:
            error = "; ".join(p.message for p in exc.problems)
        else:
            messages.success(request, "Self-check saved.")
            return redirect("tracking:plan", plan_id=plan.pk)
    return render(request, "tracking/self_check.html",
                  {"plan": plan, "error": error,
                   "focus": [(i, fa, request.POST.get(f"practised-{i}", ""),
                              request.POST.get(f"learned-{i}", ""))
                             for i, fa in enumerate(focus)]},
                  status=400 if error else 200)


def mark(request: HttpRequest, plan_id: int, kind: str) -> HttpResponse:
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    plan = get_plan_for_user(request.user, plan_id, as_=SELF)
    try:
        with submitted_once(request):
            services.mark_create(plan=plan, kind=kind, user=user_of(request), today=today())
    except AlreadySubmitted:
        return _already(request, plan)
    except InputError as exc:
        messages.error(request, "; ".join(p.message for p in exc.problems))
    else:
        messages.success(request, f"Recorded: {MarkKind(kind).label.lower()}.")
    back = request.POST.get("next", "")
    if back and url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        return redirect(back)  # the home page the one-click "done" came from
    return redirect("tracking:plan", plan_id=plan.pk)


def _int(value: str) -> int:
    try:
        return max(0, int(value))
    except ValueError:
        return 0


def check_in(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = get_plan_for_user(request.user, plan_id, as_=BOTH)
    focus = selectors.core_plan(plan).focus_areas if plan.current else ()
    initial: dict[str, object] = {"base_version": plan.version}
    if request.GET.get("kind") in CheckInKind.values:  # opened from a home page's due item
        initial["kind"] = request.GET["kind"]
    form = CheckInForm(request.POST if request.method == "POST" else None, focus=focus,
                       cycle=cycle_of(plan), initial=initial)
    status = 400 if request.method == "POST" else 200
    if request.method == "POST" and form.is_valid():
        rows = form.focus_rows()
        adjustments = form.cleaned_data["adjustments"].splitlines()
        if form.cleaned_data["apply_remedies"]:
            adjustments += [f"{fa.name}: {REMEDIES[r['blocker']]}"
                            for fa, r in zip(focus, rows, strict=True)
                            if r["blocker"] in BLOCKERS]
        try:
            with submitted_once(request):
                services.check_in_create(
                    plan=plan, kind=form.cleaned_data["kind"],
                    held_on=form.cleaned_data["held_on"], focus=rows, adjustments=adjustments,
                    base_version=form.cleaned_data["base_version"], user=user_of(request))
        except AlreadySubmitted:
            return _already(request, plan)
        except StaleEdit as exc:
            form.add_error(None, f"The plan changed since you opened this form (now version "
                                 f"{exc.current.number}); your entries are kept below: save "
                                 "again.")
            status = 409
            plan.refresh_from_db()
            data = request.POST.copy()
            data["base_version"] = str(plan.version)
            form.data = data
        except InputError as exc:
            for p in exc.problems:
                form.add_error(None, p.message)
        else:
            messages.success(request, "Check-in recorded.")
            return redirect("tracking:plan", plan_id=plan.pk)
    return render(request, "tracking/check_in.html", {
        "plan": plan, "form": form, "blockers": [(b, REMEDIES[b]) for b in BLOCKERS],
    }, status=status)


def calendar_page(request: HttpRequest, slug: str) -> HttpResponse:
    """A person's own calendar feed: a new secret address (shown once), or none."""
    person = get_person_for_user(request.user, slug, as_=SELF)
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            calendar.token_revoke(person)
            messages.success(request, "The calendar address no longer works.")
            return redirect("tracking:calendar", slug=person.slug)
        new = calendar.token_new(person)
        feed = request.build_absolute_uri(reverse("tracking:calendar_feed",
                                                  kwargs={"token": new.token}))
        # Rendered, not redirected: only the digest is kept, so this is the one showing.
        return render(request, "tracking/calendar.html",
                      {"person": person, "feed": feed, "active": new.row}, status=201)
    return render(request, "tracking/calendar.html",
                  {"person": person, "feed": "", "active": calendar.active_token(person)})


@login_not_required
@require_GET
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The ICS feed: the secret in the address is the only key (404 once revoked)."""
    person = calendar.person_for_token(token)
    response = HttpResponse(calendar.ics_for(person), content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, no-store"
    return response
