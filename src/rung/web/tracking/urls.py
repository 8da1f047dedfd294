from __future__ import annotations

from django.urls import path

from rung.web.tracking import feedback_views, views

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
    path("<int:plan_id>/providers/", feedback_views.name_provider, name="name_provider"),
    path("<int:plan_id>/providers/invite/", feedback_views.invite_provider,
         name="invite_provider"),
    path("<int:plan_id>/links/<int:link_id>/revoke/", feedback_views.revoke_link,
         name="revoke_link"),
    path("feedback/<int:role_id>/", feedback_views.feedback, name="feedback"),
    path("feedback/link/<str:token>/", feedback_views.feedback_link, name="feedback_link"),
    path("calendar/<slug:slug>/", views.calendar_page, name="calendar"),
    path("calendar/feed/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
]
