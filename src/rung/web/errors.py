"""Error pages with the site's navigation: 403, 404, 405, 500 and a refused form (CSRF).

They are rendered `bare`: without the log-out form and its CSRF token, the only part of a page
that changes between two requests, so a 404 for someone else's plan is byte for byte the 404 of
a plan that does not exist. Nothing from the request (the path, the reason) is echoed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

API_PREFIX = "/api/"


def _page(request: HttpRequest | None, template: str, status: int,
          **context: Any) -> HttpResponse:
    try:
        html = render_to_string(template, {"bare": True, **context}, request=request)
    except Exception:  # the error may be the database itself: then a page without the user
        html = render_to_string(template, {"bare": True, **context})
    return HttpResponse(html, status=status)


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _page(request, "errors/404.html", 404)


def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _page(request, "errors/403.html", 403)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return _page(request, "errors/403_csrf.html", 403)


def server_error(request: HttpRequest) -> HttpResponse:
    return _page(None, "errors/500.html", 500)


class ErrorPageMiddleware:
    """Gives a 405 without a body (Django's `require_GET`, `HttpResponseNotAllowed`) a page
    that says what happened and where to go; the API keeps its own JSON answers."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (response.status_code == 405 and not response.content
                and not request.path.startswith(API_PREFIX)):
            page = _page(request, "errors/405.html", 405,
                         allowed=response.get("Allow", ""), method=request.method)
            page["Allow"] = response.get("Allow", "")
            return page
        return response
