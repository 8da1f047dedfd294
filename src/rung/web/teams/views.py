"""Team and organisation pages (thin: the numbers come from selectors)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from rung.web.people.selectors import get_admin_for_user, get_manager_for_user


@require_GET
def team(request: HttpRequest) -> HttpResponse:
    get_manager_for_user(request.user)
    return HttpResponse("team")


@require_GET
def org(request: HttpRequest) -> HttpResponse:
    get_admin_for_user(request.user)
    return HttpResponse("org")
