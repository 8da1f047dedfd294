from __future__ import annotations

from django.urls import path

from rung.web.teams import views

app_name = "teams"

urlpatterns = [
    path("team/", views.team, name="team"),
    path("team/planning.ics", views.team_schedule, name="team_schedule"),
    path("org/", views.org, name="org"),
]
