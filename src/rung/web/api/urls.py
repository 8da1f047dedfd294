"""The API's URL patterns (namespace "api"); privacy rows live in tests/web/test_api_privacy.py."""

from __future__ import annotations

from ninja import NinjaAPI

api = NinjaAPI(title="rung API", version="1", urls_namespace="api")


@api.get("/health", url_name="health", auth=None)
def health(request: object) -> dict[str, str]:
    return {"status": "ok"}


urlpatterns = api.urls
