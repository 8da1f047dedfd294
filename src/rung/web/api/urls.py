"""The API's URL patterns (namespace "api"); privacy rows live in tests/web/test_api_privacy.py.

Every operation needs a bearer token (see auth.py); only `health`, the index, the OpenAPI
document and the docs page are open (they hold no one's data).
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, JsonResponse
from django.urls import URLPattern, URLResolver, path, reverse
from ninja import NinjaAPI

from rung.io.frameworks import DEFAULT_FRAMEWORK
from rung.web.api import errors
from rung.web.api.auth import TokenAuth
from rung.web.api.endpoints import assessments, people, plans
from rung.web.api.schemas import push_body_schema
from rung.web.api.throttles import AddressRateThrottle, TokenRateThrottle
from rung.web.people.frameworks import get_framework
from rung.web.people.models import Person

# Answers any operation may give besides its own (JSON, as every answer under /api/).
COMMON_RESPONSES = {
    "429": "Too many requests: wait the seconds in the Retry-After header (docs/api.md)",
}


def competency_ids_in_use() -> list[str]:
    """The competency ids of the frameworks people are assessed against (the pushed ids must be
    the person's framework's): the OpenAPI document then names the ids this site takes."""
    keys = sorted(set(Person.objects.values_list("framework", flat=True))) or [DEFAULT_FRAMEWORK]
    ids: dict[str, None] = {}
    for key in keys:
        try:
            ids.update(dict.fromkeys(c.id for c in get_framework(key).competencies))
        except KeyError:  # a framework since removed: its people cannot be pushed to anyway
            continue
    return list(ids)


def index(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"name": api.title, "version": api.version,
                         "docs": reverse("api:openapi-view"),
                         "openapi": reverse("api:openapi-json")})


class RungApi(NinjaAPI):
    def _get_urls(self) -> list[URLPattern | URLResolver]:
        urls = super()._get_urls()
        # ninja's root view is a bare HTML 404; a JSON index pointing to the docs is kinder.
        root = urls[-1]
        assert isinstance(root, URLPattern) and root.name == "api-root"
        urls[-1] = path("", index, name="api-root")
        for pattern in urls:
            if isinstance(pattern, URLPattern):
                # The site's LoginRequiredMiddleware would send API clients to the login
                # page; here the token (TokenAuth) is the login.
                login_not_required(pattern.callback)
        return urls

    def get_openapi_schema(self, *args: Any, **kwargs: Any) -> Any:
        schema = super().get_openapi_schema(*args, **kwargs)
        body, defs = push_body_schema(competency_ids_in_use())
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        components.update(defs)
        components["AssessmentPush"] = body
        detail = {"application/json": {"schema": {"$ref": "#/components/schemas/Detail"}}}
        for operations in schema["paths"].values():
            for operation in operations.values():
                for status, why in COMMON_RESPONSES.items():
                    operation["responses"].setdefault(
                        status, {"description": why, "content": detail})
        return schema


api = RungApi(
    title="rung API", version="1", urls_namespace="api", auth=TokenAuth(),
    throttle=[TokenRateThrottle(), AddressRateThrottle()],
    description="Push assessments and read development plans and their status. "
                "Authenticate with `Authorization: Bearer <token>` (create a token at "
                "/api/tokens/ or with `rung token create`). See docs/api.md.",
)

errors.install(api)


@api.get("/health", url_name="health", auth=None, summary="Liveness check (no token)")
def health(request: HttpRequest) -> dict[str, str]:
    return {"status": "ok"}


api.add_router("", people.router)
api.add_router("", assessments.router)
api.add_router("", plans.router)

urlpatterns = api.urls
