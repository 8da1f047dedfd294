"""Pages where a person manages their own API tokens (namespace "api_tokens")."""

from __future__ import annotations

from django.urls import URLPattern

app_name = "api_tokens"

urlpatterns: list[URLPattern] = []
