"""Pages where a person manages their own API tokens (namespace "api_tokens")."""

from __future__ import annotations

from django.urls import URLPattern, path

from rung.web.api import token_views

app_name = "api_tokens"

urlpatterns: list[URLPattern] = [
    path("", token_views.token_list, name="list"),
    path("new/", token_views.token_create, name="create"),
    path("<int:token_id>/revoke/", token_views.token_revoke, name="revoke"),
]
