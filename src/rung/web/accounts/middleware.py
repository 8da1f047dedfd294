"""Idle sessions end: a login unused for RUNG_IDLE_SECONDS is logged out.

The time of the last request is kept in the session, rewritten at most once every
TOUCH_SECONDS: saving the session on every request (SESSION_SAVE_EVERY_REQUEST) would turn
every page view into a database write. The session's absolute lifetime is SESSION_COOKIE_AGE.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse

LAST_SEEN = "rung_last_seen"
TOUCH_SECONDS = 60


class IdleTimeoutMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(time.time())
            last = request.session.get(LAST_SEEN)
            if isinstance(last, int) and now - last > settings.RUNG_IDLE_SECONDS:
                logout(request)
                messages.info(request, "You were logged out after a while without activity; "
                              "log in again.")
            elif not isinstance(last, int) or now - last >= TOUCH_SECONDS:
                request.session[LAST_SEEN] = now
        return self.get_response(request)
