"""Cache-Control: no-store on every answer the app makes.

Almost everything rung serves is personal: plan pages, downloads, API JSON, the page that shows
a new token once, secret-link pages and calendar feeds. Rather than a list of private pages
(which the next page would be missing from), the rule is the whole app: no browser, proxy or
shared cache keeps any of it. Static files are not affected: WhiteNoise answers them before
this middleware runs, with their own long cache lifetime.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers


class NoStoreMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        # A view that already said no-store (the secret-link pages) keeps its own words; any
        # other answer gets max-age=0, no-cache, no-store, must-revalidate, private.
        if "no-store" not in response.get("Cache-Control", ""):
            add_never_cache_headers(response)
        return response
