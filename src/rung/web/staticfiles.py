"""Static files, less what rung never serves: django-ninja's ReDoc bundle (the API docs page is
Swagger UI) would add ~4 MB and most of `collectstatic`'s compression time."""

from __future__ import annotations

from django.contrib.staticfiles.apps import StaticFilesConfig


class StaticFiles(StaticFilesConfig):
    ignore_patterns = (*StaticFilesConfig.ignore_patterns, "redoc.standalone.js*")
