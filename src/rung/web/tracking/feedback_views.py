"""Feedback providers: naming a rung user, inviting someone without a login by e-mail, their
feedback pages (a provider sees one focus area of one plan: its stretch assignment and
milestones, and writes feedback; nothing else of the PM's), and revoking a link."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse

from rung.core.errors import InputError
from rung.web.accounts.auth import user_of
from rung.web.once import AlreadySubmitted, submitted_once
from rung.web.people.selectors import BOTH
from rung.web.plans.models import Status
from rung.web.plans.selectors import get_plan_for_user
from rung.web.tracking import selectors, services
from rung.web.tracking.forms import FeedbackForm
from rung.web.tracking.models import FeedbackProvider
from rung.web.tracking.views import cycle_of


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
        messages.success(request, f"{role.person.name if role.person else role.name} can now "
                                  f"give feedback on {role.focus_name} from their home page "
                                  "(and sees nothing else of the plan).")
    return redirect("tracking:plan", plan_id=plan.pk)


def invite_provider(request: HttpRequest, plan_id: int) -> HttpResponse:
    """E-mail a feedback link to someone without a rung login."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    plan = get_plan_for_user(request.user, plan_id, as_=BOTH)
    try:
        with submitted_once(request):
            link = services.provider_invite(
                plan=plan, competency=request.POST.get("competency", ""),
                name=request.POST.get("name", "")[:200],
                email=request.POST.get("email", "")[:254], user=user_of(request),
                link_url=lambda token: request.build_absolute_uri(
                    reverse("tracking:feedback_link", kwargs={"token": token})))
    except AlreadySubmitted:
        messages.info(request, "Already sent: that form was sent twice; one e-mail went out.")
    except InputError as exc:
        messages.error(request, "Not sent: " + "; ".join(p.message for p in exc.problems))
    else:
        messages.success(request, f"Sent {link.provider.name} a link to give feedback on "
                                  f"{link.provider.focus_name}.")
    return redirect("tracking:plan", plan_id=plan.pk)


def revoke_link(request: HttpRequest, plan_id: int, link_id: int) -> HttpResponse:
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    plan = get_plan_for_user(request.user, plan_id, as_=BOTH)
    link = services.link_revoke(link=selectors.get_link_of_plan(plan, link_id))
    messages.success(request, f"The link sent to {link.provider.name} no longer works.")
    return redirect("tracking:plan", plan_id=plan.pk)


def feedback(request: HttpRequest, role_id: int) -> HttpResponse:
    """A provider with a login: their one focus area's page."""
    role = selectors.get_provider_role_for_user(request.user, role_id)
    return _feedback_page(request, role, reverse("tracking:feedback", kwargs={"role_id": role_id}))


@login_not_required
def feedback_link(request: HttpRequest, token: str) -> HttpResponse:
    """A provider without a login: the e-mailed link is the only key (404 once it expired or
    was revoked)."""
    link = selectors.get_link_for_token(token)
    if request.method == "GET":
        services.link_used(link)
    response = _feedback_page(request, link.provider, request.path)
    response["Cache-Control"] = "private, no-store"
    response["Referrer-Policy"] = "no-referrer"  # the token is in the address
    return response


def _feedback_page(request: HttpRequest, role: FeedbackProvider, here: str) -> HttpResponse:
    plan = role.plan
    form = FeedbackForm(request.POST if request.method == "POST" else None,
                        cycle=cycle_of(plan))
    if request.method == "POST" and form.is_valid():
        try:
            with submitted_once(request):
                services.feedback_create(role=role, **form.cleaned_data)
        except AlreadySubmitted:
            messages.info(request, "Already saved: that form was sent twice.")
            return redirect(here)
        except InputError as exc:
            for p in exc.problems:
                form.add_error(None, p.message)
        else:
            messages.success(request, "Thank you: your feedback is saved.")
            return redirect(here)
    return render(request, "tracking/feedback.html", {
        "role": role, "pm_name": plan.person.name, "entries": role.entries.all(),
        "focus": selectors.focus_area_of(plan, role.competency), "form": form,
        "open": plan.status == Status.ACTIVE,
    }, status=400 if form.errors else 200)
