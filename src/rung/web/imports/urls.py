from __future__ import annotations

from django.urls import path

from rung.web.imports import views

app_name = "imports"

urlpatterns = [
    path("", views.upload, name="upload"),
    path("<uuid:job_id>/", views.status, name="status"),
]
