from __future__ import annotations

from django.urls import path

from rung.web.plans import views

app_name = "plans"

urlpatterns = [
    path("generate/<slug:slug>/", views.generate, name="generate"),
    path("<int:plan_id>/", views.detail, name="detail"),
    path("<int:plan_id>/focus/<int:index>/", views.edit_focus, name="edit_focus"),
    path("<int:plan_id>/lint/", views.lint_preview, name="lint"),
    path("<int:plan_id>/first-action/", views.first_action, name="first_action"),
    path("<int:plan_id>/replace/", views.replace_focus, name="replace_focus"),
    path("<int:plan_id>/agree/", views.agree, name="agree"),
    path("<int:plan_id>/close/", views.close, name="close"),
    path("<int:plan_id>/history/", views.history, name="history"),
    path("<int:plan_id>/versions/<int:number>/", views.version, name="version"),
    path("<int:plan_id>/versions/<int:number>/restore/", views.restore, name="restore"),
    path("<int:plan_id>/download.<str:fmt>", views.download, name="download"),
]
