from __future__ import annotations

from django.urls import path

from rung.web.tracking import views

app_name = "tracking"

urlpatterns = [
    path("<int:plan_id>/", views.overview, name="plan"),
    path("<int:plan_id>/self-check/", views.self_check, name="self_check"),
    path("<int:plan_id>/mark/<slug:kind>/", views.mark, name="mark"),
    path("<int:plan_id>/check-in/", views.check_in, name="check_in"),
    path("<int:plan_id>/review/", views.review, name="review"),
    path("<int:plan_id>/next-cycle/", views.next_cycle, name="next_cycle"),
    path("history/<slug:slug>/", views.history, name="history"),
    path("<int:plan_id>/narrow/", views.narrow, name="narrow"),
    path("<int:plan_id>/providers/", views.name_provider, name="name_provider"),
    path("feedback/<int:role_id>/", views.feedback, name="feedback"),
    path("calendar/<slug:slug>/", views.calendar_page, name="calendar"),
    path("calendar/feed/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
]
