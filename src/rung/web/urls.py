"""URL map. Every pattern is named; tests/web/test_privacy.py fails when a name lacks a row.

Static files are served by WhiteNoise and the probes /livez and /healthz by
rung.web.health, both middleware."""

from __future__ import annotations

from django.urls import include, path

from rung.web.api.urls import api

urlpatterns = [
    path("", include("rung.web.accounts.urls")),
    path("people/", include("rung.web.people.urls")),
    path("assessments/", include("rung.web.assessments.urls")),
    path("plans/", include("rung.web.plans.urls")),
    path("tracking/", include("rung.web.tracking.urls")),
    path("teams/", include("rung.web.teams.urls")),
    path("import/", include("rung.web.imports.urls")),
    path("audit/", include("rung.web.audit.urls")),
    path("api/tokens/", include("rung.web.api.token_urls")),
    path("api/", api.urls),
]

handler400 = "rung.web.errors.bad_request"
handler403 = "rung.web.errors.forbidden"
handler404 = "rung.web.errors.not_found"
handler500 = "rung.web.errors.server_error"
