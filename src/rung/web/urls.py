"""URL map. Every pattern is named; tests/web/test_privacy.py fails when a name lacks a row."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path, re_path
from django.views.static import serve

from rung.web.api.urls import api

urlpatterns = [
    path("", include("rung.web.accounts.urls")),
    path("people/", include("rung.web.people.urls")),
    path("assessments/", include("rung.web.assessments.urls")),
    path("plans/", include("rung.web.plans.urls")),
    path("tracking/", include("rung.web.tracking.urls")),
    path("teams/", include("rung.web.teams.urls")),
    path("import/", include("rung.web.imports.urls")),
    path("api/tokens/", include("rung.web.api.token_urls")),
    path("api/", api.urls),
    # A handful of static files (htmx, one stylesheet): served by the app itself, so
    # `rung serve` needs no separate web server.
    re_path(r"^static/(?P<path>.*)$", login_not_required(serve),
            {"document_root": settings.STATIC_DIR}, name="static"),
]

handler403 = "rung.web.errors.forbidden"
handler404 = "rung.web.errors.not_found"
handler500 = "rung.web.errors.server_error"
