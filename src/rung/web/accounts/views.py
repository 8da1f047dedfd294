"""Login, logout, password change (Django's views) and the home redirect (the health
probes are middleware: rung.web.health)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from rung.web.people.models import Role
from rung.web.people.selectors import person_of


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """Each role's start page: admin → people, manager → dashboard, PM → their own page."""
    me = person_of(request.user)
    if me is None:
        return render(request, "accounts/no_person.html", status=200)
    if me.role == Role.ADMIN:
        return HttpResponseRedirect(reverse("people:admin_people"))
    if me.role == Role.MANAGER:
        return HttpResponseRedirect(reverse("people:dashboard"))
    return redirect("people:person", slug=me.slug)
