from __future__ import annotations

from django.urls import path

from rung.web.people import views

app_name = "people"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("admin/", views.admin_people, name="admin_people"),
    path("admin/new/", views.admin_person_new, name="admin_person_new"),
    path("admin/frameworks/", views.admin_frameworks, name="admin_frameworks"),
    path("admin/frameworks/<slug:key>/toggle/", views.admin_framework_toggle,
         name="admin_framework_toggle"),
    path("admin/<slug:slug>/", views.admin_person_edit, name="admin_person_edit"),
    path("<slug:slug>/", views.person_page, name="person"),
]
