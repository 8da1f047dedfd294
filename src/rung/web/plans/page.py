"""The plan page and the conflict page: the context both build, kept out of the views."""

from __future__ import annotations

import difflib
import hashlib
from collections import OrderedDict
from datetime import date
from typing import Any

from django import forms
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from markupsafe import Markup

from rung.core.errors import InputError
from rung.render.charts import plan_radar_svg
from rung.render.formats import FORMATS
from rung.web.people.frameworks import get_framework
from rung.web.people.selectors import relation_to
from rung.web.plans import documents
from rung.web.plans.forms import FirstActionForm, FocusAreaForm, ReplaceFocusForm
from rung.web.plans.models import Plan, PlanVersion, Status
from rung.web.plans.selectors import CheckInProgress, document_for, latest_check_in

EDITABLE = (Status.DRAFT, Status.AGREED, Status.ACTIVE)


def today() -> date:
    return timezone.localdate()


def dating_day(plan: Plan) -> date | None:
    """The day a plan's cycle is judged against (R033/R034): today while it is being agreed;
    none once it runs, when a start in the past is simply how far along it is. The stored
    findings stay free of the clock, so a saved version always reads the same."""
    if plan.recorded:  # a cycle written down after it ran: its dates are history on purpose
        return None
    return today() if plan.status in (Status.DRAFT, Status.AGREED) else None


# Rendered plan bodies, per process. The key holds everything the body is made of (a digest
# of the stored document, the plan's own fields, the viewer's side), so a hit is exactly what
# a fresh render would produce; any change to the plan makes a new version and a new key.
_BODIES: OrderedDict[tuple[object, ...], str] = OrderedDict()
_BODIES_MAX = 256
CSRF_PLACEHOLDER = "__rung_csrf_token__"


def plan_page(
    request: HttpRequest,
    plan: Plan,
    *,
    bound: dict[int, FocusAreaForm] | None = None,
    first_form: FirstActionForm | None = None,
    replace_form: ReplaceFocusForm | None = None,
    status: int = 200,
) -> HttpResponse:
    relation = relation_to(request.user, plan.person)
    if plan.current is None:
        raise Http404("The plan has no version yet")
    i_agreed = (plan.pm_agreed_version if relation == "self"
                else plan.manager_agreed_version) == plan.content_version
    editable = plan.status in EDITABLE
    state = {
        "plan": plan,
        "person": plan.person,
        "relation": relation,
        "editable": editable,
        "pm_agreed": plan.pm_agreed_version == plan.content_version,
        "manager_agreed": plan.manager_agreed_version == plan.content_version,
        "i_agreed": i_agreed,
        "can_agree": plan.status in (Status.DRAFT, Status.AGREED) and not i_agreed,
        "can_close": plan.status == Status.ACTIVE and relation == "manager",
        "formats": list(FORMATS.values()),
    }
    cacheable = not (bound or first_form or replace_form)
    progress = latest_check_in(plan)
    day = today()
    key = (
        hashlib.blake2b(plan.current.document.encode(), digest_size=16).digest(), relation,
        dating_day(plan), day, progress.id,
        plan.pk, plan.version, plan.content_version, plan.status, plan.lint_errors,
        plan.pm_agreed_version, plan.manager_agreed_version, plan.assessment_id,
        plan.person.name, plan.person.slug,
    )
    body = _BODIES.get(key) if cacheable else None
    context: dict[str, Any] = {}
    if body is None:
        context = _body_context(request, plan, relation, editable, bound or {}, first_form,
                                replace_form, progress, day)
        placeholder = Markup('<input type="hidden" name="csrfmiddlewaretoken" '
                             f'value="{CSRF_PLACEHOLDER}">')
        body = render_to_string("plans/_detail_body.html",
                                {**state, **context, "csrf_input": placeholder})
        if cacheable:
            _BODIES[key] = body
            if len(_BODIES) > _BODIES_MAX:
                _BODIES.popitem(last=False)
    else:
        _BODIES.move_to_end(key)
    html = Markup(body.replace(CSRF_PLACEHOLDER, get_token(request)))
    return render(request, "plans/detail.html", {**state, **context, "body": html},
                  status=status)


def _body_context(
    request: HttpRequest, plan: Plan, relation: str, editable: bool,
    bound: dict[int, FocusAreaForm], first_form: FirstActionForm | None,
    replace_form: ReplaceFocusForm | None, progress: CheckInProgress, now: date,
) -> dict[str, Any]:
    doc = document_for(request.user, plan)
    core = documents.to_plan(doc)
    day = dating_day(plan)
    all_findings = documents.findings_of(doc, today=day) if day else list(core.lint)
    # The calendar shows the next four dates from today (from the start, before it).
    upcoming = [e for e in doc["cadence"] if e["date"] >= max(now, core.cycle_start).isoformat()]
    try:
        framework = get_framework(doc["framework"])
    except (KeyError, InputError):
        framework = None
    focus = []
    for i, fa in enumerate(doc["focus_areas"]):
        form = bound.get(i)
        if form is None and editable:
            form = FocusAreaForm(initial={**documents.focus_values(doc, i),
                                          "base_version": plan.version},
                                 milestones=len(fa["milestones"]), prefix=f"fa{i}")
        findings = [f for f in all_findings if f.where.startswith(f"focus_areas[{i}]")]
        milestones = sorted(fa["milestones"], key=lambda m: m["due"])
        checked = progress.focus.get(fa["competency"])
        focus.append({
            "index": i, "fa": fa, "form": form,
            "findings": [(f, *documents.split_message(f.message)) for f in findings],
            "next": next((m for m in milestones if m["due"] >= now.isoformat()), None),
            "check": checked,
            "met": min(int(checked.get("milestones_met") or 0), len(milestones))
            if checked else 0,
        })
    if editable and relation == "self" and first_form is None:
        first_form = FirstActionForm(initial={"text": doc["first_action"]["text"],
                                              "base_version": plan.version}, prefix="first")
    if editable and relation == "self" and replace_form is None:
        choices = documents.replace_choices(doc)
        if choices["focus"] and choices["backlog"]:
            replace_form = ReplaceFocusForm(initial={"base_version": plan.version},
                                            prefix="swap", **choices)
    gaps = {g["competency"]: g for g in doc["gaps"]}
    return {
        "doc": doc,
        "core": core,
        "focus": focus,
        "first_form": first_form,
        "replace_form": replace_form,
        "radar": plan_radar_svg(core, framework),
        "gaps": doc["gaps"],
        "backlog": [gaps[c] for c in doc["backlog"] if c in gaps],
        "findings": [(f, *documents.split_message(f.message)) for f in all_findings],
        "upcoming": upcoming[:4],
        "progress": progress,
        "today": now,
    }


def conflict_response(
    request: HttpRequest,
    plan: Plan,
    current: PlanVersion,
    *,
    base: int,
    theirs: str | None = None,
    yours: str | None = None,
    form: forms.Form | None = None,
    form_template: str = "",
    index: int | None = None,
) -> HttpResponse:
    """409: the save was refused. Both versions side by side; the user's text kept."""
    if form is not None:
        assert isinstance(form.data, QueryDict)
        data = form.data.copy()
        prefix = f"{form.prefix}-" if form.prefix else ""
        data[f"{prefix}base_version"] = str(plan_version(plan))
        form.data = data
        form.is_valid()
    changes = []
    base_version = PlanVersion.objects.filter(plan=plan, number=base).first()
    if base_version is not None:
        changes = documents.diff_lines(
            documents.readable(document_for(request.user, plan, base_version)),
            documents.readable(document_for(request.user, plan, current)),
            old_name=f"version {base} (what you started from)",
            new_name=f"version {current.number} (now)")
    side = []
    if theirs is not None and yours is not None:
        side = list(difflib.ndiff(theirs.splitlines(), yours.splitlines()))
    return render(request, "plans/conflict.html", {
        "plan": plan, "person": plan.person, "current": current, "base": base,
        "theirs": theirs, "yours": yours, "side": side, "changes": changes,
        "form": form, "form_template": form_template, "index": index,
        "relation": relation_to(request.user, plan.person),
    }, status=409)


def plan_version(plan: Plan) -> int:
    return Plan.objects.filter(pk=plan.pk).values_list("version", flat=True).get()
