from __future__ import annotations

from django.urls import path

from rung.web.assessments import views

app_name = "assessments"

urlpatterns = [
    path("new/<slug:slug>/", views.new, name="new"),
    path("upload/<slug:slug>/", views.upload, name="upload"),
    path("template/<slug:slug>.xlsx", views.template, name="template"),
    path("<int:assessment_id>/", views.detail, name="detail"),
    path("<int:assessment_id>/rate/<str:role>/", views.rate, name="rate"),
    path("<int:assessment_id>/calibrate/", views.calibrate, name="calibrate"),
]
