"""The admin's organisation import page."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse

from rung.web.people.selectors import get_admin_for_user


def upload(request: HttpRequest) -> HttpResponse:
    get_admin_for_user(request.user)
    return HttpResponse("import")
