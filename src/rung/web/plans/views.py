"""Plan pages: generate, co-edit (linted as you type), agree, versions, downloads.

Views stay thin: a privacy helper finds the plan (404 for outsiders), a form checks the input,
a service writes. A refused save (someone else changed the plan) renders the conflict page.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from rung.core.errors import InputError
from rung.core.findings import LintFinding
from rung.planning import default_start
from rung.render.formats import FORMATS, render_plan
from rung.render.ics_plan import render_ics
from rung.web.accounts.auth import user_of
from rung.web.assessments.selectors import has_self_rating, latest_assessment
from rung.web.once import AlreadySubmitted, submitted_once
from rung.web.people.models import Person
from rung.web.people.selectors import MANAGER, SELF, get_person_for_user, relation_to
from rung.web.plans import documents, services
from rung.web.plans.forms import (
    BaseVersionForm,
    FirstActionForm,
    FocusAreaForm,
    GenerateForm,
    RebuildForm,
    ReplaceFocusForm,
)
from rung.web.plans.models import Plan, Status
from rung.web.plans.page import conflict_response, dating_day, plan_page, today
from rung.web.plans.selectors import (
    document_for,
    get_plan_for_user,
    get_plan_page_for_user,
    get_version_for_user,
    open_plan_of,
    swap_preview,
    versions_of,
)
from rung.web.problems import add_problems

EDITABLE = (Status.DRAFT, Status.AGREED, Status.ACTIVE)


def _post_only(request: HttpRequest) -> HttpResponse | None:
    return None if request.method == "POST" else HttpResponseNotAllowed(["POST"])


def generate(request: HttpRequest, slug: str) -> HttpResponse:
    """The first draft of a cycle; with an open draft already there, a rebuild proposal."""
    person = get_person_for_user(request.user, slug, as_=MANAGER)
    open_plan = open_plan_of(person)
    if open_plan is not None:
        return _rebuild(request, person, open_plan)
    latest = latest_assessment(person)
    day = today()
    form = GenerateForm(request.POST or None, default_start=default_start(day), today=day,
                        assessed_on=latest.assessed_on if latest else None)
    if request.method == "POST" and form.is_valid():
        try:
            with submitted_once(request):
                plan = services.plan_generate(
                    person=person, start=form.cleaned_data["start"],
                    recorded=form.cleaned_data["already_ran"], user=user_of(request))
        except AlreadySubmitted:
            return redirect("people:person", slug=person.slug)
        except InputError as exc:
            add_problems(form, exc.problems, lambda where: None)
        else:
            messages.success(request, "Draft plan ready: shape it together with "
                                      f"{person.name}.")
            return redirect("plans:detail", plan_id=plan.pk)
    return render(request, "plans/generate.html", {
        "form": form, "person": person, "assessment": latest,
        "self_rated": latest is not None and has_self_rating(latest)})


def _rebuild(request: HttpRequest, person: Person, plan: Plan) -> HttpResponse:
    """Show what a rebuild would change; rebuild only when confirmed, on the version shown."""
    day = today()
    latest = latest_assessment(person)
    # A recorded cycle keeps its past start; a draft starting in the past moves to today on.
    ran = bool(plan.current and documents.loads(plan.current.document).get("recorded"))
    shown = plan.cycle_start if ran or plan.cycle_start >= day else default_start(day)
    start: date | None = shown
    kwargs: dict[str, Any] = {"default_start": shown, "today": day,
                              "assessed_on": latest.assessed_on if latest else None,
                              "initial": {"already_ran": ran}}
    form: GenerateForm
    if request.method == "POST":
        form = RebuildForm(request.POST, **kwargs)
    else:
        form = GenerateForm(request.GET if "start" in request.GET else None, **kwargs)
    if form.is_bound:
        if form.is_valid():
            start, ran = form.cleaned_data["start"], form.cleaned_data["already_ran"]
        else:
            start = None
    refusals: list[str] = []
    if request.method == "POST" and start is not None:
        base = form.cleaned_data["base_version"]
        try:
            services.plan_rebuild(plan=plan, start=start, recorded=ran, base_version=base,
                                  user=user_of(request))
        except services.StaleEdit as stale:
            return conflict_response(request, plan, stale.current, base=base)
        except InputError as exc:
            refusals = [p.message for p in exc.problems]
        else:
            messages.success(request, "Draft rebuilt; the earlier version stays in the "
                                      "history.")
            return redirect("plans:detail", plan_id=plan.pk)
    proposal = None
    if start is not None and not refusals:
        try:
            proposal = services.rebuild_proposal(plan=plan, start=start, recorded=ran)
        except InputError as exc:
            refusals = [p.message for p in exc.problems]
    return render(request, "plans/rebuild.html", {
        "form": form, "person": person, "plan": plan, "proposal": proposal,
        "refusals": refusals, "start": start, "already_ran": ran, "assessment": latest,
        "self_rated": latest is not None and has_self_rating(latest),
    }, status=400 if form.errors or (refusals and request.method == "POST") else 200)


@require_GET
def detail(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = get_plan_page_for_user(request.user, plan_id)
    return plan_page(request, plan)


def edit_focus(request: HttpRequest, plan_id: int, index: int) -> HttpResponse:
    plan = get_plan_for_user(request.user, plan_id)
    doc = document_for(request.user, plan)
    if not 0 <= index < len(doc["focus_areas"]):
        raise Http404("No such focus area")
    count = len(doc["focus_areas"][index]["milestones"])
    if request.method != "POST":
        return plan_page(request, plan)
    form = FocusAreaForm(request.POST, milestones=count, prefix=f"fa{index}")
    if not form.is_valid():
        return plan_page(request, plan, bound={index: form}, status=400)
    base = form.cleaned_data["base_version"]
    values = {k: v for k, v in form.cleaned_data.items() if k != "base_version"}
    try:
        services.plan_edit_focus(plan=plan, index=index, values=values, base_version=base,
                                 user=user_of(request))
    except services.StaleEdit as stale:
        theirs = documents.loads(stale.current.document)
        mine, _ = documents.apply_focus_edit(theirs, index, values)
        return conflict_response(
            request, plan, stale.current, base=base,
            theirs=documents.focus_text(theirs["focus_areas"][index]),
            yours=documents.focus_text(mine["focus_areas"][index]),
            form=FocusAreaForm(request.POST, milestones=count, prefix=f"fa{index}"),
            form_template="plans/_focus_form.html", index=index)
    except InputError as exc:
        add_problems(form, exc.problems, lambda where: None)
        return plan_page(request, plan, bound={index: form}, status=400)
    messages.success(request, f"Saved {doc['focus_areas'][index]['name']}.")
    return redirect(f"/plans/{plan.pk}/#focus-{index}")


def lint_preview(request: HttpRequest, plan_id: int) -> HttpResponse:
    """htmx: the lint findings the form's current text would have, nothing saved."""
    plan = get_plan_for_user(request.user, plan_id)
    if (refused := _post_only(request)) is not None:
        return refused
    doc = document_for(request.user, plan)
    section = request.POST.get("section", "")
    errors: dict[str, Any] = {}
    findings: list[LintFinding]
    if section.startswith("focus-"):
        try:
            index = int(section.removeprefix("focus-"))
            fa = doc["focus_areas"][index]
        except (ValueError, IndexError):
            raise Http404("No such focus area") from None
        form = FocusAreaForm(request.POST, milestones=len(fa["milestones"]),
                             prefix=f"fa{index}")
        form.is_valid()
        errors = {str(form[name].label): errs for name, errs in form.errors.items()
                  if name != "base_version" and name in form.fields}
        values = {k: v for k, v in form.cleaned_data.items() if k != "base_version"}
        new, _ = documents.apply_focus_edit(doc, index, values)
        prefix = f"focus_areas[{index}]"
    elif section == "first-action":
        new = documents.set_first_action(doc, request.POST.get("first-text", ""))
        prefix = "first_action"
    else:
        raise Http404("No such section")
    findings = documents.findings_of(new, today=dating_day(plan))
    here = [f for f in findings if f.where.startswith(prefix)]
    return render(request, "plans/_lint.html", {
        "findings": [(f, *documents.split_message(f.message)) for f in here],
        "elsewhere": len(findings) - len(here),
        "errors": errors,
        "section": section,
    })


def first_action(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = get_plan_for_user(request.user, plan_id, as_=SELF)
    if request.method != "POST":
        return plan_page(request, plan)
    form = FirstActionForm(request.POST, prefix="first")
    if not form.is_valid():
        return plan_page(request, plan, first_form=form, status=400)
    base = form.cleaned_data["base_version"]
    try:
        services.plan_set_first_action(plan=plan, text=form.cleaned_data["text"],
                                       base_version=base, user=user_of(request))
    except services.StaleEdit as stale:
        theirs = documents.loads(stale.current.document)
        return conflict_response(
            request, plan, stale.current, base=base,
            theirs=theirs["first_action"]["text"], yours=form.cleaned_data["text"],
            form=FirstActionForm(request.POST, prefix="first"),
            form_template="plans/_first_action_form.html")
    except InputError as exc:
        add_problems(form, exc.problems, lambda where: "text")
        return plan_page(request, plan, first_form=form, status=400)
    messages.success(request, "Written down: the one thing you will do this week.")
    return redirect(f"/plans/{plan.pk}/#first-action")


def replace_focus(request: HttpRequest, plan_id: int) -> HttpResponse:
    """The PM's swap: the form, then a page showing what leaves the plan, then the swap."""
    plan = get_plan_for_user(request.user, plan_id, as_=SELF)
    if request.method != "POST":
        return plan_page(request, plan)
    doc = document_for(request.user, plan)
    form = ReplaceFocusForm(request.POST, prefix="swap", **documents.replace_choices(doc))
    if not form.is_valid():
        return plan_page(request, plan, replace_form=form, status=400)
    base = form.cleaned_data["base_version"]
    replace, with_ = form.cleaned_data["replace"], form.cleaned_data["with_"]
    if not form.cleaned_data["confirm"]:
        return render(request, "plans/replace_confirm.html", {
            "plan": plan, "person": plan.person, "form": form, "base": base,
            "preview": swap_preview(plan, doc, replace, with_),
            "reason": form.cleaned_data["reason"]})
    try:
        services.plan_replace_focus(
            plan=plan, replace=replace, with_=with_, reason=form.cleaned_data["reason"],
            base_version=base, user=user_of(request))
    except services.StaleEdit as stale:
        return conflict_response(request, plan, stale.current, base=base)
    except InputError as exc:
        add_problems(form, exc.problems, form.field_for)
        return plan_page(request, plan, replace_form=form, status=400)
    messages.success(request, "Focus area replaced with your choice.")
    return redirect("plans:detail", plan_id=plan.pk)


def _simple_action(request: HttpRequest, plan: Plan, action: str, **kwargs: Any) -> HttpResponse:
    form = BaseVersionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "The form was incomplete; reload the plan and try again.")
        return redirect("plans:detail", plan_id=plan.pk)
    base = form.cleaned_data["base_version"]
    try:
        if action == "agree":
            services.plan_agree(plan=plan, relation=relation_to(request.user, plan.person),
                                base_version=base, user=user_of(request))
        elif action == "close":
            services.plan_close(plan=plan, base_version=base, user=user_of(request))
        else:
            services.plan_restore(plan=plan, number=kwargs["number"], base_version=base,
                                  user=user_of(request))
    except services.StaleEdit as stale:
        return conflict_response(request, plan, stale.current, base=base)
    except InputError as exc:
        for p in exc.problems:
            messages.error(request, p.message[:1].upper() + p.message[1:] + ".")
        return redirect("plans:detail", plan_id=plan.pk)
    done = {"agree": "Agreement recorded.", "close": "Plan closed.",
            "restore": f"Version {kwargs.get('number')} restored as a new version."}
    messages.success(request, done[action])
    return redirect("plans:detail", plan_id=plan.pk)


def agree(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = get_plan_for_user(request.user, plan_id)
    return _post_only(request) or _simple_action(request, plan, "agree")


def close(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = get_plan_for_user(request.user, plan_id, as_=MANAGER)
    return _post_only(request) or _simple_action(request, plan, "close")


def restore(request: HttpRequest, plan_id: int, number: int) -> HttpResponse:
    version = get_version_for_user(request.user, plan_id, number)
    return _post_only(request) or _simple_action(request, version.plan, "restore",
                                                 number=number)


@require_GET
def history(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = get_plan_for_user(request.user, plan_id)
    return render(request, "plans/history.html", {
        "plan": plan, "person": plan.person, "versions": versions_of(plan),
        "can_restore": plan.status in EDITABLE,
    })


def _against(value: str | None, number: int, latest: int) -> int | None:
    """The version to compare with (?against=N; the one before by default); anything that is
    not another existing version number compares with nothing."""
    if value is None:
        return number - 1 or None
    try:
        against = int(value.strip()[:12])
    except ValueError:
        return None
    return against if 0 < against <= latest and against != number else None


@require_GET
def version(request: HttpRequest, plan_id: int, number: int) -> HttpResponse:
    v = get_version_for_user(request.user, plan_id, number)
    plan = v.plan
    against_number = _against(request.GET.get("against"), number, plan.version)
    against = None
    if against_number:
        against = get_version_for_user(request.user, plan_id, against_number)
    doc = document_for(request.user, plan, v)
    lines = []
    if against is not None:
        old = document_for(request.user, plan, against)
        lines = documents.diff_lines(documents.readable(old), documents.readable(doc),
                                     old_name=f"version {against.number}",
                                     new_name=f"version {v.number}")
    return render(request, "plans/version.html", {
        "plan": plan, "person": plan.person, "version": v, "against": against,
        "diff": lines, "text": documents.readable(doc) if against is None else "",
        "can_restore": plan.status in EDITABLE and v.number != plan.version,
    })


@require_GET
def download(request: HttpRequest, plan_id: int, fmt: str) -> HttpResponse:
    plan = get_plan_for_user(request.user, plan_id)
    if fmt not in FORMATS:
        raise Http404("No such format")
    spec = FORMATS[fmt]
    core = documents.to_plan(document_for(request.user, plan))
    # The calendar in the organisation's time zone (settings.TIME_ZONE).
    content = (render_ics(core, tz=settings.TIME_ZONE) if fmt == "ics"
               else render_plan(core, fmt))
    response = HttpResponse(content, content_type=spec.media_type)
    name = f"plan-{plan.person.slug}-{plan.cycle_start.isoformat()}-v{plan.version}"
    response["Content-Disposition"] = f'attachment; filename="{name}.{spec.extension}"'
    return response
