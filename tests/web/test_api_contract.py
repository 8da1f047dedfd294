"""The REST API honours its own OpenAPI document (schemathesis, every check), answers JSON
everywhere under /api/, refuses a deeply nested body with a 400, and throttles with a JSON 429
and Retry-After."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
import schemathesis
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import Client
from hypothesis import HealthCheck, settings
from schemathesis.config import SchemathesisConfig
from schemathesis.specs.openapi.checks import positive_data_acceptance

from rung.web.api import urls as api_urls
from rung.web.api.tokens import token_create
from rung.web.people.frameworks import get_framework

from deploytools import manage, production_env
from webtools import Org

PUSH = "/people/{slug}/assessments"
# The rules across fields that JSON Schema cannot say (the push's description lists them): a
# 422 for a body valid by the schema must name only these. Any other refusal of such a body
# (an empty list, a blank name: rules the schema states) fails the test.
CROSS_FIELD = ("unknown competency", "a second self rating", "a second manager rating",
               "listed twice", "a second peer without a name", "kept with your own rating",
               "is in the future", "already has its context", "is assessed against",
               "this URL is")
# The project's parameters: a person the token's owner (morgan) manages, so pushes reach the
# rules instead of a 404.
CONFIG = SchemathesisConfig.from_dict({"parameters": {"slug": "pat"}})


def refused_only_for_rules_across_fields(ctx: Any, response: Any, case: Any) -> None:
    if (not case.operation.path.endswith(PUSH) or response.status_code != 422 or case.meta is None
            or not case.meta.generation.mode.is_positive):
        return
    for problem in response.json()["problems"]:
        assert problem["where"] == "assessed_on" or any(
            rule in problem["message"] for rule in CROSS_FIELD), (
            f"a body valid by the schema was refused for a rule the schema does not state: "
            f"{problem}")


# Read from the app itself (no server) while collecting, before any database exists: the
# competency ids in use are then those of the test organisation's framework.
with mock.patch.object(api_urls, "competency_ids_in_use", return_value=[
        c.id for c in get_framework("pm-quadrants").competencies]):
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application(),
                                            config=CONFIG)


@pytest.fixture
def requests_in_the_test_transaction(db: Any) -> Iterator[None]:
    """As Django's test client does: each request must not close the test's connection."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    try:
        yield
    finally:
        for signal in (request_started, request_finished):
            signal.connect(close_old_connections)


@pytest.fixture
def manager_token(org: Org) -> str:
    return token_create(person=org.morgan, name="schemathesis").secret


@schema.parametrize()
@settings(max_examples=50, derandomize=True, deadline=None, database=None,
          suppress_health_check=list(HealthCheck))
def test_every_operation_answers_as_its_openapi_document_says(
        case: Any, manager_token: str, settings: Any, requests_in_the_test_transaction: None
) -> None:
    settings.RUNG_API_RATE = settings.RUNG_API_RATE_ANON = "100000/m"
    # The push's 422s are checked by refused_only_for_rules_across_fields instead.
    excluded = [positive_data_acceptance] if case.operation.path.endswith(PUSH) else []
    case.call_and_validate(headers={"Authorization": f"Bearer {manager_token}"},
                           additional_checks=[refused_only_for_rules_across_fields],
                           excluded_checks=excluded)


def _json(response: Any) -> Any:
    assert response["Content-Type"].startswith("application/json"), response.content[:200]
    return json.loads(response.content)


def test_an_address_the_api_does_not_know_is_a_json_404(org: Org) -> None:
    token = token_create(person=org.morgan, name="t").secret
    response = Client().get("/api/plans/null,null/status",
                            headers={"Authorization": f"Bearer {token}"})
    assert (response.status_code, _json(response)) == (404, {"detail": "Not Found"})


def test_a_method_the_api_does_not_take_is_a_json_405_naming_the_allowed_ones(org: Org) -> None:
    response = Client().delete("/api/health")
    assert (response.status_code, _json(response), response["Allow"]) == (
        405, {"detail": "Method Not Allowed"}, "GET")


def test_a_server_error_under_the_api_is_json(org: Org) -> None:
    from rung.web import errors
    response = errors.server_error(Client().get("/api/health").wsgi_request)
    assert (response.status_code, _json(response)) == (500, {"detail": "Internal Server Error"})


def test_the_token_pages_under_api_stay_pages(org: Org) -> None:
    response = Client().get("/api/tokens/nothing-here/")
    assert response["Content-Type"].startswith("text/html")


def test_a_body_nested_past_the_parsers_limit_is_a_400_naming_the_problem(org: Org) -> None:
    token = token_create(person=org.morgan, name="t").secret
    body = "[" * 100_000 + "]" * 100_000
    response = Client().post("/api/people/morgan/assessments", body,
                             content_type="application/json",
                             headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 400
    assert "nested more than 16 levels" in _json(response)["problems"][0]["message"]


def test_a_body_nested_deeper_than_any_assessment_is_a_400(org: Org) -> None:
    token = token_create(person=org.morgan, name="t").secret
    body = {"assessed_on": "2026-01-05", "ratings": [], "context": {"deep": [[[[[[[[[[[[[[[[
        [1]]]]]]]]]]]]]]]]]}}
    response = Client().post("/api/people/morgan/assessments", json.dumps(body),
                             content_type="application/json",
                             headers={"Authorization": f"Bearer {token}"})
    assert (response.status_code, _json(response)["detail"]) == (
        400, "The body is nested too deeply.")


def _push_schema() -> dict[str, Any]:
    document = json.loads(Client().get("/api/openapi.json").content)
    return document["components"]["schemas"]  # type: ignore[no-any-return]


@pytest.mark.django_db
def test_the_push_schema_states_that_ratings_names_and_competency_ids_are_not_empty() -> None:
    schemas = _push_schema()
    rating = schemas["RatingIn"]["properties"]
    feedback_person = schemas["FeedbackPersonIn"]["properties"]
    assert (schemas["AssessmentPush"]["properties"]["ratings"]["minItems"],
            rating["scores"]["minProperties"], rating["scores"]["additionalProperties"]["maximum"],
            feedback_person["name"]["pattern"],
            "user-research" in feedback_person["competencies"]["items"]["enum"]) == (
        1, 1, 5, r"\S", True)


def test_the_push_schema_names_the_competency_ids_of_the_frameworks_in_use(org: Org) -> None:
    org.casey.framework = "pm-ladder"
    org.casey.save()
    scores = _push_schema()["RatingIn"]["properties"]["scores"]
    assert set(scores["propertyNames"]["enum"]) == {
        c.id for key in ("pm-quadrants", "pm-ladder") for c in get_framework(key).competencies}


@pytest.mark.django_db
def test_every_operation_documents_its_429() -> None:
    document = json.loads(Client().get("/api/openapi.json").content)
    assert all("429" in op["responses"] for ops in document["paths"].values()
               for op in ops.values())


def test_a_token_over_its_rate_gets_a_json_429_with_retry_after(org: Org, settings: Any) -> None:
    settings.RUNG_API_RATE = "3/m"
    cache.clear()
    token = token_create(person=org.pat, name="t").secret
    client = Client()
    answers = [client.get("/api/me", headers={"Authorization": f"Bearer {token}"})
               for _ in range(4)]
    last = answers[-1]
    assert ([a.status_code for a in answers], _json(last), last["Retry-After"]) == (
        [200, 200, 200, 429], {"detail": "Too many requests."}, "60")


def test_another_token_is_counted_apart(org: Org, settings: Any) -> None:
    settings.RUNG_API_RATE = "1/m"
    cache.clear()
    first, second = (token_create(person=org.pat, name=n).secret for n in ("a", "b"))
    client = Client()
    statuses = [client.get("/api/me", headers={"Authorization": f"Bearer {t}"}).status_code
                for t in (first, second, first)]
    assert statuses == [200, 200, 429]


def test_the_open_operations_are_throttled_per_address(org: Org, settings: Any) -> None:
    settings.RUNG_API_RATE_ANON = "2/m"
    cache.clear()
    statuses = [Client().get("/api/health").status_code for _ in range(3)]
    cache.clear()
    assert statuses == [200, 200, 429]


def test_the_rate_is_counted_over_its_period(org: Org, settings: Any) -> None:
    settings.RUNG_API_RATE_ANON = "1/s"
    cache.clear()
    first = Client().get("/api/health").status_code
    time.sleep(1.1)
    assert (first, Client().get("/api/health").status_code) == (200, 200)


def test_a_push_of_no_ratings_to_an_existing_assessment_is_refused(org: Org) -> None:
    token = token_create(person=org.pat, name="t").secret
    body = {"assessed_on": "2026-01-05", "ratings": [
        {"rater": "self", "scores": {"user-research": 3}}]}

    def push(body: dict[str, Any]) -> Any:
        return Client().post("/api/people/pat/assessments", json.dumps(body),
                             content_type="application/json",
                             headers={"Authorization": f"Bearer {token}"})

    first = push(body)
    again = push({**body, "ratings": []})
    assert (first.status_code, again.status_code, _json(again)["problems"][0]["where"]) == (
        201, 422, "ratings")


def test_a_rate_that_is_not_calls_per_period_stops_with_one_line(tmp_path: Path) -> None:
    done = manage(production_env(tmp_path, RUNG_API_RATE="lots"), "check")
    assert (done.returncode, done.stderr.strip()) == (
        2, "rung (production settings): RUNG_API_RATE='lots': write a number of calls per "
           "period, e.g. 300/m (periods: s, m, h, d)")


def test_a_removed_framework_leaves_the_other_ids_in_the_push_schema(org: Org) -> None:
    org.casey.framework = "no-longer-here"
    org.casey.save()
    ids = _push_schema()["RatingIn"]["properties"]["scores"]["propertyNames"]["enum"]
    assert ids == [c.id for c in get_framework("pm-quadrants").competencies]


def test_a_request_django_refuses_is_json_under_the_api_and_a_page_elsewhere() -> None:
    from django.core.exceptions import SuspiciousOperation
    from django.test import RequestFactory

    from rung.web.errors import bad_request
    refused = SuspiciousOperation("bad")
    api = bad_request(RequestFactory().get("/api/me"), refused)
    page = bad_request(RequestFactory().get("/plans/"), refused)
    assert (api.status_code, _json(api), page.status_code,
            page["Content-Type"].startswith("text/html")) == (
        400, {"detail": "Bad Request"}, 400, True)


def test_a_refusal_under_the_api_is_json() -> None:
    from django.test import RequestFactory

    from rung.web.errors import forbidden
    response = forbidden(RequestFactory().get("/api/me"))
    assert (response.status_code, _json(response)) == (403, {"detail": "Forbidden"})
