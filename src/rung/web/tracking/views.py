"""Keeping the plan alive: the tracking page, the weekly self-check, launch marks and the
check-in. A privacy helper finds the plan (404 for outsiders); a service writes."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from rung.core.errors import InputError
from rung.core.tracking.checkins import BLOCKERS, REMEDIES, CheckIn, FocusCheck, is_drifting
from rung.render.trend_chart import trend_svg
from rung.web.accounts.auth import user_of
from rung.web.people.frameworks import get_framework
from rung.web.people.selectors import BOTH, MANAGER, SELF, get_person_for_user, relation_to
from rung.web.plans.models import Status
from rung.web.plans.page import today
from rung.web.plans.selectors import get_plan_for_user
from rung.web.plans.services import StaleEdit
from rung.web.tracking import calendar, selectors, services
from rung.web.tracking.models import CheckInKind, CheckInRecord, MarkKind
from rung.web.tracking.services import RAGS


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
        "focus": selectors.core_plan(plan).focus_areas if plan.current else (),
    })


def _score(value: str) -> float | None:
    try:
        return float(value)
    except ValueError:
        return None


def review(request: HttpRequest, plan_id: int) -> HttpResponse:
    """The day-90 review, held by the manager and the PM together."""
    plan = get_plan_for_user(request.user, plan_id, as_=BOTH)
    core = selectors.core_plan(plan) if plan.current else None
    focus = core.focus_areas if core else ()
    before = {g.competency: g for g in core.gaps} if core else {}
    error = ""
    if request.method == "POST":
        rescored: dict[str, float] = {}
        for i, fa in enumerate(focus):
            score = _score(request.POST.get(f"after-{i}", ""))
            if score is not None:
                rescored[fa.competency] = score
        try:
            held_on = date.fromisoformat(request.POST.get("held_on", ""))
        except ValueError:
            held_on = today()
        try:
            services.review_create(
                plan=plan, held_on=held_on, rescored=rescored,
                milestones_met={fa.competency: _int(request.POST.get(f"met-{i}", "0"))
                                for i, fa in enumerate(focus)},
                attempts={fa.competency: (bool(request.POST.get(f"attempted-{i}")),
                                          bool(request.POST.get(f"practice-{i}")))
                          for i, fa in enumerate(focus)},
                user=user_of(request))
        except InputError as exc:
            error = "; ".join(p.message for p in exc.problems)
        else:
            messages.success(request, "Review recorded. Close the plan from its page when "
                                      "you are done; the next cycle starts from the order "
                                      "shown here.")
            return redirect("tracking:plan", plan_id=plan.pk)
    rows = [(i, fa, before[fa.competency]) for i, fa in enumerate(focus)
            if fa.competency in before]
    latest = selectors.reviews_of(plan).first()
    names = _competency_names(plan)
    return render(request, "tracking/review.html", {
        "plan": plan, "rows": rows, "error": error, "today": today().isoformat(),
        "open": plan.status != Status.CLOSED, "latest": latest,
        "carried": [names.get(c, c) for c in latest.carried_forward] if latest else [],
        "is_manager": relation_to(request.user, plan.person) == "manager",
    }, status=400 if error else 200)


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
        new = services.next_cycle_draft(plan=plan, user=user_of(request))
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
    found = selectors.history_of(person)
    return render(request, "tracking/history.html", {
        "person": person, "history": found,
        "chart": trend_svg(found.series(), scale_max=found.scale_max) if found.dates else "",
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


def name_provider(request: HttpRequest, plan_id: int) -> HttpResponse:
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    plan = get_plan_for_user(request.user, plan_id, as_=BOTH)
    try:
        role = services.provider_name(plan=plan, competency=request.POST.get("competency", ""),
                                      slug=request.POST.get("slug", "").strip(),
                                      user=user_of(request))
    except InputError as exc:
        messages.error(request, "; ".join(p.message for p in exc.problems))
    else:
        messages.success(request, f"{role.person.name} can now give feedback on "
                                  f"{role.focus_name} (and sees nothing else of the plan).")
    return redirect("tracking:plan", plan_id=plan.pk)


def feedback(request: HttpRequest, role_id: int) -> HttpResponse:
    role = selectors.get_provider_role_for_user(request.user, role_id)
    error = ""
    if request.method == "POST":
        try:
            observed = date.fromisoformat(request.POST.get("observed_on", ""))
        except ValueError:
            observed = today()
        try:
            services.feedback_create(
                role=role, observed_on=observed,
                situation=request.POST.get("situation", "")[:2000],
                went_well=request.POST.get("went_well", "")[:2000],
                to_change=request.POST.get("to_change", "")[:2000])
        except InputError as exc:
            error = "; ".join(p.message for p in exc.problems)
        else:
            messages.success(request, "Thank you: your feedback is saved.")
            return redirect("tracking:feedback", role_id=role.pk)
    return render(request, "tracking/feedback.html", {
        "role": role, "pm_name": role.plan.person.name, "entries": role.entries.all(),
        "error": error, "today": today().isoformat(), "posted": request.POST,
    }, status=400 if error else 200)


def self_check(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = get_plan_for_user(request.user, plan_id, as_=SELF)
    focus = selectors.core_plan(plan).focus_areas if plan.current else ()
    error = ""
    if request.method == "POST":
        entries = {fa.competency: (request.POST.get(f"practised-{i}", "")[:2000],
                                   request.POST.get(f"learned-{i}", "")[:2000])
                   for i, fa in enumerate(focus)}
        try:
            services.self_check_create(plan=plan, entries=entries, user=user_of(request),
                                       today=today())
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
        services.mark_create(plan=plan, kind=kind, user=user_of(request), today=today())
    except InputError as exc:
        messages.error(request, "; ".join(p.message for p in exc.problems))
    return redirect("tracking:plan", plan_id=plan.pk)


def _focus_rows(request: HttpRequest, focus: Any) -> list[dict[str, Any]]:
    return [{"competency": fa.competency, "rag": request.POST.get(f"rag-{i}", ""),
             "blocker": request.POST.get(f"blocker-{i}", ""),
             "note": request.POST.get(f"note-{i}", "")[:2000],
             "milestones_met": _int(request.POST.get(f"met-{i}", "0"))}
            for i, fa in enumerate(focus)]


def _int(value: str) -> int:
    try:
        return max(0, int(value))
    except ValueError:
        return 0


def check_in(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = get_plan_for_user(request.user, plan_id, as_=BOTH)
    focus = selectors.core_plan(plan).focus_areas if plan.current else ()
    error, status = "", 200
    if request.method == "POST":
        rows = _focus_rows(request, focus)
        adjustments = request.POST.get("adjustments", "").splitlines()
        if request.POST.get("apply_remedies"):
            adjustments += [f"{fa.name}: {REMEDIES[r['blocker']]}"
                            for fa, r in zip(focus, rows, strict=True)
                            if r["blocker"] in BLOCKERS]
        try:
            held_on = date.fromisoformat(request.POST.get("held_on", ""))
        except ValueError:
            held_on = today()
        kind = request.POST.get("kind", CheckInKind.MONTHLY)
        if kind not in CheckInKind.values:
            kind = CheckInKind.MONTHLY
        try:
            services.check_in_create(
                plan=plan, kind=kind, held_on=held_on, focus=rows, adjustments=adjustments,
                base_version=_int(request.POST.get("base_version", "0")),
                user=user_of(request))
        except StaleEdit as exc:
            error = (f"The plan changed since you opened this form (now version "
                     f"{exc.current.number}); your entries are kept below: save again.")
            status = 409
        except InputError as exc:
            error, status = "; ".join(p.message for p in exc.problems), 400
        else:
            messages.success(request, "Check-in recorded.")
            return redirect("tracking:plan", plan_id=plan.pk)
        plan.refresh_from_db()
    return render(request, "tracking/check_in.html", {
        "plan": plan, "rags": RAGS,
        "focus": [(i, fa, {k: request.POST.get(f"{k}-{i}", "")
                           for k in ("rag", "blocker", "note", "met")})
                  for i, fa in enumerate(focus)],
        "adjustments": request.POST.get("adjustments", ""),
        "blockers": [(b, REMEDIES[b]) for b in BLOCKERS], "kinds": CheckInKind.choices,
        "today": today().isoformat(), "error": error,
    }, status=status)


def calendar_page(request: HttpRequest, slug: str) -> HttpResponse:
    """A person's own calendar feed: its secret address, a new secret, or none."""
    person = get_person_for_user(request.user, slug, as_=SELF)
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            calendar.token_revoke(person)
            messages.success(request, "The calendar address no longer works.")
        else:
            calendar.token_new(person)
            messages.success(request, "New calendar address: the old one no longer works.")
        return redirect("tracking:calendar", slug=person.slug)
    token = calendar.active_token(person)
    feed = (request.build_absolute_uri(reverse("tracking:calendar_feed",
                                               kwargs={"token": token.token}))
            if token else "")
    return render(request, "tracking/calendar.html", {"person": person, "feed": feed})


@login_not_required
@require_GET
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The ICS feed: the secret in the address is the only key (404 once revoked)."""
    person = calendar.person_for_token(token)
    response = HttpResponse(calendar.ics_for(person), content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, no-store"
    return response
