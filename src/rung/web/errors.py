"""Error pages with the site's navigation: 403, 404, 405, 500 and a refused form (CSRF).

They are rendered `bare`: without the log-out form and its CSRF token, the only part of a page
that changes between two requests, so a 404 for someone else's plan is byte for byte the 404 of
a plan that does not exist. Nothing from the request (the path, the reason) is echoed.

Under /api/ (the REST API, not its token pages) every error is JSON with a `detail`, as the
OpenAPI document says: an unknown address, a method not allowed, a server error.
"""

from __future__ import annotations

from collections.abc import Callable
from http import HTTPStatus
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.views import defaults

API_PREFIX = "/api/"
API_PAGES = "/api/tokens/"  # the token pages are pages, for people in a browser


def is_api(request: HttpRequest | None) -> bool:
    path = request.path if request is not None else ""
    return path.startswith(API_PREFIX) and not path.startswith(API_PAGES)


def api_error(status: int) -> JsonResponse:
    return JsonResponse({"detail": HTTPStatus(status).phrase}, status=status)


def _page(request: HttpRequest | None, template: str, status: int,
          **context: Any) -> HttpResponse:
    if is_api(request):
        return api_error(status)
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


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    if is_api(request):
        return api_error(400)
    return defaults.bad_request(request, exception)


def server_error(request: HttpRequest) -> HttpResponse:
    if is_api(request):
        return api_error(500)
    return _page(None, "errors/500.html", 500)


class ErrorPageMiddleware:
    """Gives a 405 without a body (Django's `require_GET`, `HttpResponseNotAllowed`) a page
    that says what happened and where to go; under /api/ any error that is not JSON yet (ninja's
    plain-text 405) becomes JSON."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (is_api(request) and response.status_code >= 400
                and not response.get("Content-Type", "").startswith("application/json")):
            answer = api_error(response.status_code)
            for header in ("Allow", "Retry-After"):
                if header in response:
                    answer[header] = response[header]
            return answer
        if response.status_code == 405 and not response.content:
            page = _page(request, "errors/405.html", 405,
                         allowed=response.get("Allow", ""), method=request.method)
            page["Allow"] = response.get("Allow", "")
            return page
        return response
