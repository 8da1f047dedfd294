from __future__ import annotations

from django.urls import path

from rung.web.audit import views

app_name = "audit"

urlpatterns = [
    path("", views.audit_log, name="log"),
    path("download.csv", views.audit_export, name="export"),
]
