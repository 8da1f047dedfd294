"""Login, logout, password change and reset (Django's views), the lockout page, and the
home redirect (the health probes are middleware: rung.web.health)."""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Any

from axes.helpers import get_cool_off
from django.contrib.auth import get_user_model
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordResetForm
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.views.decorators.http import require_GET

from rung.web.audit.log import record
from rung.web.audit.models import Event
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


def locked_out(request: HttpRequest, response: HttpResponse | None = None,
               credentials: dict[str, Any] | None = None) -> HttpResponse:
    """django-axes' answer to a login refused by the throttle (AXES_LOCKOUT_CALLABLE)."""
    cool_off = get_cool_off(request)
    minutes = math.ceil(cool_off.total_seconds() / 60) if cool_off else 0
    return render(request, "accounts/locked_out.html", {"minutes": minutes}, status=429)


class ResetForm(PasswordResetForm):
    """Django's reset form, also for people who never had a password: an org import makes
    logins without one, and a reset link is how they set their first."""

    def get_users(self, email: str) -> Iterator[Any]:
        users = get_user_model()._default_manager.filter(email__iexact=email, is_active=True)
        return (u for u in users if u.email.lower() == email.lower())


class PasswordResetView(auth_views.PasswordResetView):
    form_class = ResetForm
    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form: Any) -> HttpResponse:
        record(Event.PASSWORD_RESET_REQUESTED, actor="", subject="",
               detail=f"for {form.cleaned_data['email']}", request=self.request)
        return super().form_valid(form)
