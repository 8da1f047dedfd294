"""Probes for load balancers and monitoring, answered before any other middleware.

`/livez`   the process serves (no database): for a supervisor deciding to restart it.
`/healthz` the server can do its work: the database answers, its schema is the one this code
           expects, and (in production) the static files were collected. 503 with one line
           naming what is wrong otherwise: for a load balancer deciding to send it traffic.

Both come first in MIDDLEWARE, so a probe needs no host name from ALLOWED_HOSTS (a balancer
probes `http://10.0.0.11:8000/healthz`), is never redirected to HTTPS and opens no session.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.contrib.staticfiles.storage import ManifestFilesMixin, staticfiles_storage
from django.core.checks import CheckMessage, Error, register
from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse

from rung import __version__
from rung.web.schema import describe, schema_state

logger = logging.getLogger("rung.health")

LIVE_PATH = "/livez"
READY_PATH = "/healthz"


def _answer(status: int, text: str) -> HttpResponse:
    response = HttpResponse(text + "\n", status=status, content_type="text/plain")
    response["Cache-Control"] = "no-store"
    return response


def static_problem() -> str | None:
    """Why pages cannot link their static files, or None. Only the production storage (hashed
    names from a manifest written by `collectstatic`) can lack them."""
    if isinstance(staticfiles_storage, ManifestFilesMixin) \
            and not staticfiles_storage.hashed_files:
        return ("static files not collected: run `rung-env python -m rung.web collectstatic "
                "--noinput`, then restart rung-web")
    return None


def readiness() -> tuple[bool, str]:
    try:
        state = schema_state()
    except DatabaseError as exc:
        logger.warning("healthz: database unavailable: %s", exc)
        return False, "database unavailable"
    if state.pending:
        return False, (f"database schema behind rung {__version__}: "
                       f"{len(state.pending)} migration(s) pending; run `rung migrate`")
    if state.unknown:
        return False, (f"database schema newer than rung {__version__} "
                       f"({describe(state.unknown)}); see docs/deploy.md, Rolling back")
    problem = static_problem()
    return (False, problem) if problem else (True, "ok")


class HealthMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path_info == LIVE_PATH:
            return _answer(200, "ok")
        if request.path_info == READY_PATH:
            ready, text = readiness()
            return _answer(200 if ready else 503, text)
        return self.get_response(request)


@register("staticfiles", deploy=True)
def check_static_collected(**kwargs: object) -> list[CheckMessage]:
    problem = static_problem()
    return [Error(problem, id="rung.E001")] if problem else []
