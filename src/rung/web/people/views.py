"""People pages: the manager's dashboard, a person's page, and the admin's configuration."""

from __future__ import annotations

import contextlib

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from rung.core.errors import InputError
from rung.web import labels
from rung.web.assessments.selectors import assessments_of
from rung.web.once import AlreadySubmitted, submitted_once
from rung.web.people import services
from rung.web.people.forms import FrameworkUploadForm, PersonForm
from rung.web.people.frameworks import get_framework
from rung.web.people.models import FrameworkEntry, Person
from rung.web.people.selectors import (
    all_people,
    get_admin_for_user,
    get_manager_for_user,
    get_person_for_admin,
    get_person_for_user,
    home_row_of,
    manager_changes_of,
    relation_to,
    reports_of,
)
from rung.web.plans.models import OPEN_STATUSES, Status
from rung.web.plans.selectors import plans_of
from rung.web.problems import add_problems
from rung.web.tracking import due
from rung.web.tracking.selectors import feedback_i_give


@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    """A manager's home: what needs them this week, then their reports."""
    manager = get_manager_for_user(request.user)
    day = timezone.localdate()
    rows = reports_of(manager, day)
    return render(request, "people/dashboard.html",
                  {"rows": rows, "manager": manager, "today": day,
                   "due": due.manager_due(rows, day), "due_title": "What needs you",
                   "feedback_i_give": feedback_i_give(manager)})


@require_GET
def person_page(request: HttpRequest, slug: str) -> HttpResponse:
    person = get_person_for_user(request.user, slug)
    relation = relation_to(request.user, person)
    framework = None
    with contextlib.suppress(KeyError, InputError):
        framework = get_framework(person.framework)
    level_title = target_title = ""
    if framework is not None:
        if person.level and framework.has_level(person.level):
            level_title = framework.level(person.level).title
        if person.target_level and framework.has_level(person.target_level):
            target_title = framework.level(person.target_level).title
        elif person.level and framework.has_level(person.level):
            nxt = framework.next_level(person.level)
            target_title = f"{nxt.title} (next level)" if nxt else ""
        elif not person.level:
            target_title = f"{framework.entry_level().title} (entry level)"
    plans = list(plans_of(person))
    context: dict[str, object] = {}
    if relation == "self":  # their home page: what is due, the plan at a glance
        day = timezone.localdate()
        row = home_row_of(person, day)
        core = row.facts.core if row.facts else None
        context = {
            "today": day, "due_title": "What is due",
            "due": due.pm_due(row, day, manager=person.manager.name if person.manager
                              else "your manager"),
            "glance": due.at_a_glance(core, day), "glance_plan": row.facts,
            "manager_notices": manager_changes_of(person),
        }
    return render(request, "people/person.html", {
        **context,
        "person": person,
        "relation": relation,
        "framework": framework,
        "level_name": level_title or "Not yet a PM",
        "target_name": target_title,
        "specialization": labels.label(labels.SPECIALIZATION, person.specialization),
        "plans": plans,
        "open_plan": next((p for p in plans if p.status in OPEN_STATUSES), None),
        "current_plan": next((p for p in plans if p.status != Status.CLOSED), None),
        "assessments": assessments_of(person),
        "feedback_i_give": feedback_i_give(person) if relation == "self" else "",
    })


# --- admin ----------------------------------------------------------------------------------


@require_GET
def admin_people(request: HttpRequest) -> HttpResponse:
    me = get_admin_for_user(request.user)
    return render(request, "people/admin_people.html",
                  {"people": all_people(), "feedback_i_give": feedback_i_give(me),
                   "framework_names": dict(FrameworkEntry.objects.values_list("key", "name"))})


def _person_kwargs(form: PersonForm) -> dict[str, object]:
    d = form.cleaned_data
    return {k: d[k] for k in ("username", "name", "slug", "role", "framework", "level",
                              "target_level", "specialization", "product_area", "country",
                              "manager")}


def admin_person_new(request: HttpRequest) -> HttpResponse:
    get_admin_for_user(request.user)
    form = PersonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            with submitted_once(request):
                person = services.person_create(password=form.cleaned_data["password"],
                                                **_person_kwargs(form))  # type: ignore[arg-type]
        except AlreadySubmitted:
            return redirect("people:admin_people")
        except InputError as exc:
            add_problems(form, exc.problems, lambda where: None)
        else:
            messages.success(request, f"Added {person.name}.")
            return redirect("people:admin_people")
    return render(request, "people/admin_person_form.html", {"form": form, "person": None})


def admin_person_edit(request: HttpRequest, slug: str) -> HttpResponse:
    person = get_person_for_admin(request.user, slug)
    initial = {
        "username": person.user.get_username(), "name": person.name, "slug": person.slug,
        "role": person.role, "framework": person.framework, "level": person.level,
        "target_level": person.target_level, "specialization": person.specialization,
        "product_area": person.product_area, "country": person.country,
        "manager": person.manager,
    }
    form = PersonForm(request.POST or None, initial=initial, instance=person)
    if request.method == "POST" and form.is_valid():
        services.person_update(person=person, password=form.cleaned_data["password"],
                               **_person_kwargs(form))  # type: ignore[arg-type]
        messages.success(request, f"Saved {person.name}.")
        return redirect("people:admin_people")
    return render(request, "people/admin_person_form.html", {"form": form, "person": person})


def admin_frameworks(request: HttpRequest) -> HttpResponse:
    get_admin_for_user(request.user)
    form = FrameworkUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            entry = services.framework_upload(content=upload.read(), filename=upload.name)
        except InputError as exc:
            add_problems(form, exc.problems, lambda where: "file")
        except UnicodeDecodeError:
            form.add_error("file", ValidationError("the file is not UTF-8 text"))
        else:
            messages.success(request, f"Added framework {entry.name}.")
            return redirect("people:admin_frameworks")
    entries = FrameworkEntry.objects.all()
    in_use = {key: Person.objects.filter(framework=key).count()
              for key in entries.values_list("key", flat=True)}
    return render(request, "people/admin_frameworks.html",
                  {"entries": entries, "form": form, "in_use": in_use})


def admin_framework_toggle(request: HttpRequest, key: str) -> HttpResponse:
    get_admin_for_user(request.user)
    entry = FrameworkEntry.objects.filter(key=key).first()
    if entry is None:
        from django.http import Http404

        raise Http404("No such framework")
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    services.framework_set_enabled(entry=entry, enabled=not entry.enabled)
    messages.success(request, f"{entry.name} is now {'on' if entry.enabled else 'off'}.")
    return redirect("people:admin_frameworks")
