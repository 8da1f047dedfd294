"""Team and organisation pages (thin: the numbers come from selectors and the core)."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET

from rung.render.heatmap import heatmap_svg
from rung.web.dates import query_date
from rung.web.people.selectors import get_admin_for_user, get_manager_for_user
from rung.web.teams.calendar import schedule_ics
from rung.web.teams.org import FLAG_NAMES, org_overview
from rung.web.teams.selectors import team_overview
from rung.web.tracking.selectors import REVIEW_NAMES


def _start(request: HttpRequest) -> date | None:
    """The first day of the planning window the manager picked (?from=YYYY-MM-DD); a
    malformed or unsupported date is ignored (the window starts today)."""
    return query_date(request.GET.get("from"))


@require_GET
def team(request: HttpRequest) -> HttpResponse:
    manager = get_manager_for_user(request.user)
    overview = team_overview(manager, today=timezone.localdate(), start=_start(request))
    # heatmap_svg escapes every label itself.
    charts = [(h, mark_safe(heatmap_svg(h))) for h in overview.heatmaps]
    return render(request, "teams/team.html", {
        "manager": manager, "overview": overview, "charts": charts,
    })


@require_GET
def team_schedule(request: HttpRequest) -> HttpResponse:
    manager = get_manager_for_user(request.user)
    overview = team_overview(manager, today=timezone.localdate(), start=_start(request))
    response = HttpResponse(schedule_ics(manager.name, overview.schedule,
                                         tz=settings.TIME_ZONE),
                            content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="planning-conversations.ics"'
    return response


@require_GET
def org(request: HttpRequest) -> HttpResponse:
    get_admin_for_user(request.user)
    overview = org_overview(today=timezone.localdate())
    total = overview.total
    return render(request, "teams/org.html", {
        "overview": overview,
        "total": total,
        "launch_flags": [(FLAG_NAMES[code], n) for code, n in total.launch_flags.most_common()],
        "missed": [(REVIEW_NAMES.get(kind, kind), n) for kind, n in total.missed.most_common()],
    })
