"""The REST API's behaviour: tokens, pushing assessments (all or nothing, every problem
listed), reading plans and their status, the OpenAPI document, and its query budget.
Who may call what is in test_api_privacy.py."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from rung.web.api.models import ApiToken
from rung.web.api.tokens import digest_of, token_create
from rung.web.assessments.models import Assessment, Rating, Score
from rung.web.people.models import Person
from rung.web.people.services import person_create
from rung.web.plans.models import Plan
from rung.web.plans.services import plan_agree, plan_generate
from rung.web.tracking.selectors import core_plan, plan_health

from webtools import MANAGER, PASSWORD, SELF, START, Org, client_for, post

DAY = "2026-11-27"


class Api:
    """A script holding one person's token."""

    def __init__(self, person: Person) -> None:
        self.secret = token_create(person=person, name="tests").secret
        self.client = Client()

    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.secret}"}

    def get(self, name: str, **kwargs: Any) -> Any:
        return self.client.get(reverse(name, kwargs=kwargs), headers=self.headers())

    def push(self, slug: str, body: Any) -> Any:
        raw = body if isinstance(body, bytes) else json.dumps(body)
        return self.client.post(reverse("api:person_assessments", kwargs={"slug": slug}), raw,
                                content_type="application/json", headers=self.headers())


@pytest.fixture
def pat(org: Org) -> Api:
    return Api(org.pat)


@pytest.fixture
def morgan(org: Org) -> Api:
    return Api(org.morgan)


def manager_push(**extra: Any) -> dict[str, Any]:
    return {"assessed_on": DAY, "framework": "pm-quadrants",
            "ratings": [{"rater": "manager", "scores": MANAGER},
                        {"rater": "peer", "name": "Kim", "scores": {"product-strategy": 2.5}},
                        {"rater": "peer", "name": "Ravi", "scores": {"product-strategy": 2}}],
            "evidence": {"product-strategy": ["The H1 roadmap was written by the manager"]},
            "context": {"product_area": "Onboarding",
                        "upcoming": [{"name": "H2 strategy review", "date": "2027-02-04"}]},
            **extra}


def counts() -> tuple[int, int, int]:
    return Assessment.objects.count(), Rating.objects.count(), Score.objects.count()


# --- tokens ---------------------------------------------------------------------------------


def test_only_a_digest_of_the_secret_is_stored(org: Org) -> None:
    new = token_create(person=org.pat, name="HR sync")
    stored = ApiToken.objects.get()
    assert new.secret.startswith(stored.prefix)
    assert stored.digest == digest_of(new.secret)
    assert new.secret not in {stored.prefix, stored.digest, stored.name}


def test_me_names_the_tokens_person_and_role(org: Org, pat: Api) -> None:
    assert pat.get("api:me").json() == {"slug": "pat", "name": "Pat Quinn", "username": "pat",
                                        "role": "pm",
                                        "manager": {"slug": "morgan", "name": "Morgan Blake"}}


@pytest.mark.parametrize("header", ["", "Bearer", "Bearer rung_not-a-real-token",
                                   "Token {secret}", "Basic {secret}"])
def test_a_missing_or_malformed_token_is_401(org: Org, pat: Api, header: str) -> None:
    headers = {"Authorization": header.format(secret=pat.secret)} if header else {}
    response = Client().get(reverse("api:me"), headers=headers)
    assert response.status_code == 401
    assert response.json() == {"detail": "Unauthorized"}


def test_a_revoked_token_is_401(org: Org) -> None:
    client = client_for(org.pat)
    created = post(client, reverse("api_tokens:create"), {"name": "laptop"})
    assert created.status_code == 201
    secret = created.context["secret"]
    token = ApiToken.objects.get(person=org.pat)
    auth = {"Authorization": f"Bearer {secret}"}
    assert Client().get(reverse("api:me"), headers=auth).status_code == 200
    post(client, reverse("api_tokens:revoke", kwargs={"token_id": token.pk}))
    assert Client().get(reverse("api:me"), headers=auth).status_code == 401


def test_the_token_page_shows_a_secret_once_then_only_its_prefix(org: Org) -> None:
    client = client_for(org.pat)
    created = post(client, reverse("api_tokens:create"), {"name": "laptop"})
    secret = created.context["secret"]
    assert secret in created.content.decode()
    listed = client.get(reverse("api_tokens:list")).content.decode()
    assert secret not in listed
    assert ApiToken.objects.get().prefix in listed
    assert "laptop" in listed


def test_a_token_of_a_deactivated_login_stops_working(org: Org, pat: Api) -> None:
    org.pat.user.is_active = False
    org.pat.user.save()
    assert pat.get("api:me").status_code == 401


def test_use_is_noted_at_most_once_a_minute(org: Org, pat: Api) -> None:
    with time_machine.travel("2026-12-01 09:00Z", tick=False):
        pat.get("api:me")
        first = ApiToken.objects.get().last_used_at
        pat.get("api:me")
        assert ApiToken.objects.get().last_used_at == first
    with time_machine.travel("2026-12-01 09:05Z", tick=False):
        pat.get("api:me")
    token = ApiToken.objects.get()
    assert first is not None
    assert token.last_used_at is not None
    assert token.last_used_at - first == timedelta(minutes=5)


# --- pushing an assessment ------------------------------------------------------------------


def test_pushed_ratings_become_the_plan(org: Org, pat: Api, morgan: Api) -> None:
    first = morgan.push("pat", manager_push())
    assert first.status_code == 201, first.content
    second = pat.push("pat", {"assessed_on": DAY, "ratings": [{"rater": "self", "scores": SELF}],
                              "evidence": {"product-strategy": "Wrote the H1 bet memo"}})
    assert second.status_code == 201, second.content
    assert first.json()["assessment_id"] == second.json()["assessment_id"]
    assert (first.json()["created"], second.json()["created"]) == (True, False)
    assert second.json()["ratings"] == [{"rater": "self", "name": ""}]
    assessment = Assessment.objects.get()
    assert sorted((r.role, r.rater_name) for r in assessment.ratings.all()) == [
        ("manager", ""), ("peer", "Kim"), ("peer", "Ravi"), ("self", "")]

    plan = plan_generate(person=org.pat, start=START, user=org.morgan.user)
    listed = morgan.get("api:person_plans", slug="pat").json()
    assert [(p["id"], p["status"], p["version"]) for p in listed] == [(plan.pk, "draft", 1)]
    assert listed[0]["lint_errors"] == plan.lint_errors
    doc = morgan.get("api:plan", plan_id=plan.pk).json()
    assert doc["schema"] == "rung.plan/1"
    assert doc["person"]["id"] == "pat"
    assert doc["assessment"]["assessed_on"] == DAY
    strategy = next(c for c in doc["assessment"]["competencies"]
                    if c["id"] == "product-strategy")
    assert (strategy["self"], strategy["manager"]) == (4, 2)
    assert strategy["peers"] == pytest.approx(2.25, abs=0.05)  # Kim and Ravi


def test_bad_input_lists_every_problem_and_writes_nothing(org: Org, morgan: Api) -> None:
    body = {"assessed_on": "2026-13-01", "framework": "pmwheel",
            "ratings": [{"rater": "manager", "scores": {"product-strategy": 7,
                                                        "vibes": 3}},
                        {"rater": "peer", "name": "Kim", "scores": {}}],
            "evidence": {"no-such-skill": ["a note"]}, "calibrated": {"roadmapping": 2},
            "surprise": True}
    before = counts()
    response = morgan.push("pat", body)
    assert response.status_code == 422
    problems = {p["where"]: p["message"] for p in response.json()["problems"]}
    assert {"assessed_on", "framework", "ratings[0].scores.product-strategy",
            "ratings[0].scores.vibes", "ratings[1].scores", "evidence.no-such-skill",
            "calibrated", "surprise"} <= set(problems), problems
    assert "nothing was written" in response.json()["detail"]
    assert all(message.strip() for message in problems.values())
    assert counts() == before


def test_a_rejected_push_keeps_the_earlier_ratings(org: Org, morgan: Api) -> None:
    assert morgan.push("pat", manager_push()).status_code == 201
    before = counts()
    scores_before = sorted(Score.objects.values_list("competency", "score"))
    again = {"assessed_on": DAY, "ratings": [
        {"rater": "manager", "scores": {**MANAGER, "roadmapping": 4}},
        {"rater": "peer", "name": "Sam", "scores": {"roadmapping": 9}}]}
    response = morgan.push("pat", again)
    assert response.status_code == 422
    assert [p["where"] for p in response.json()["problems"]] == ["ratings[1].scores.roadmapping"]
    assert counts() == before
    assert sorted(Score.objects.values_list("competency", "score")) == scores_before


def test_a_pm_may_push_only_their_own_rating(org: Org, pat: Api) -> None:
    body = {"assessed_on": DAY, "ratings": [{"rater": "self", "scores": SELF},
                                            {"rater": "manager", "scores": MANAGER},
                                            {"rater": "peer", "name": "Kim",
                                             "scores": {"roadmapping": 2}}]}
    response = pat.push("pat", body)
    assert response.status_code == 403
    assert [p["where"] for p in response.json()["problems"]] == ["ratings[1].rater",
                                                                 "ratings[2].rater"]
    assert counts() == (0, 0, 0)


def test_a_manager_does_not_enter_the_self_rating(org: Org, morgan: Api) -> None:
    response = morgan.push("pat", {"assessed_on": DAY,
                                   "ratings": [{"rater": "self", "scores": SELF}]})
    assert response.status_code == 403
    assert "enters their own self rating" in response.json()["problems"][0]["message"]


def test_a_body_that_is_not_json_is_400(org: Org, morgan: Api) -> None:
    response = morgan.push("pat", b"{assessed_on: 2026-11-27")
    assert response.status_code == 400
    assert response.json()["problems"][0]["where"] == "body"


def test_a_second_push_of_a_day_may_not_change_its_context(org: Org, morgan: Api) -> None:
    assert morgan.push("pat", manager_push()).status_code == 201
    same = morgan.push("pat", manager_push())
    assert same.status_code == 201  # a retry of the same push is harmless
    changed = morgan.push("pat", manager_push(context={"product_area": "Billing"}))
    assert changed.status_code == 422
    assert [p["where"] for p in changed.json()["problems"]] == ["context"]
    assert Assessment.objects.count() == 1


def test_evidence_needs_the_callers_own_rating(org: Org, morgan: Api) -> None:
    body = {"assessed_on": DAY, "ratings": [{"rater": "peer", "name": "Kim",
                                             "scores": {"roadmapping": 2}}],
            "evidence": {"roadmapping": ["late roadmap"]}}
    response = morgan.push("pat", body)
    assert response.status_code == 422
    assert "rater: manager" in response.json()["problems"][0]["message"]


# --- reading plans --------------------------------------------------------------------------


def test_the_pm_sees_a_peer_score_only_from_two_peers(org: Org, plan: Plan, pat: Api,
                                                       morgan: Api) -> None:
    def market(api: Api) -> Any:
        doc = api.get("api:plan", plan_id=plan.pk).json()
        return next(c for c in doc["assessment"]["competencies"]
                    if c["id"] == "market-analysis")["peers"]

    assert market(morgan) == 2  # Kim alone rated it
    assert market(pat) is None


def test_status_of_a_draft_shows_agreements_and_next_events(org: Org, plan: Plan,
                                                            pat: Api) -> None:
    with time_machine.travel(START, tick=False):
        status = pat.get("api:plan_status", plan_id=plan.pk).json()
    assert status["status"] == "draft"
    assert status["agreement"] == {"content_version": 1, "pm_agreed": False,
                                   "manager_agreed": False}
    events = [(e["kind"], e["date"]) for e in status["next_events"]]
    expected = sorted((e.kind, e.date.isoformat()) for e in core_plan(plan).cadence)
    assert len(events) == 5
    assert events == sorted(events, key=lambda e: e[1])
    assert set(events) <= set(expected)
    assert status["launch_flags"] == status["overdue_reviews"] == []


def test_status_of_a_neglected_active_plan_flags_launch_and_overdue_reviews(
        org: Org, plan: Plan, morgan: Api) -> None:
    plan_agree(plan=plan, relation="self", base_version=plan.version, user=org.pat.user)
    plan = Plan.objects.get(pk=plan.pk)
    plan_agree(plan=plan, relation="manager", base_version=plan.version, user=org.morgan.user)
    launch = next(e.date for e in core_plan(Plan.objects.get(pk=plan.pk)).cadence
                  if e.kind == "launch-check")
    late = launch + timedelta(days=4)
    with time_machine.travel(late, tick=False):
        status = morgan.get("api:plan_status", plan_id=plan.pk).json()
    flags = plan_health(Plan.objects.select_related("current").get(pk=plan.pk), late)
    assert status["status"] == "active"
    assert status["agreement"]["pm_agreed"]
    assert status["agreement"]["manager_agreed"]
    assert [f["code"] for f in status["launch_flags"]] == [
        "no-first-action", "activity-not-started", "provider-not-contacted", "no-self-check"]
    overdue = [f["code"] for f in status["overdue_reviews"]]
    assert "missed-launch-check" in overdue
    assert [f["code"] for f in status["launch_flags"]] + overdue == [f.code for f in flags]
    assert all(f["next_step"] for f in status["launch_flags"] + status["overdue_reviews"])


# --- the description and the budget ---------------------------------------------------------


def test_the_openapi_document_describes_every_endpoint(db: Any) -> None:
    schema = Client().get(reverse("api:openapi-json")).json()
    operations = {(method, path) for path, ops in schema["paths"].items() for method in ops}
    assert operations == {
        ("get", "/api/health"), ("get", "/api/me"), ("get", "/api/people"),
        ("get", "/api/people/{slug}"), ("post", "/api/people/{slug}/assessments"),
        ("get", "/api/people/{slug}/plans"), ("get", "/api/plans/{plan_id}"),
        ("get", "/api/plans/{plan_id}/status")}
    assert schema["components"]["securitySchemes"]["TokenAuth"]["scheme"] == "bearer"
    for path, ops in schema["paths"].items():
        for op in ops.values():
            assert op.get("summary"), path
            assert (path == "/api/health") != bool(op.get("security")), path
    push = schema["paths"]["/api/people/{slug}/assessments"]["post"]
    body_ref = push["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    body = schema["components"]["schemas"][body_ref.rsplit("/", 1)[1]]
    assert {"assessed_on", "ratings"} <= set(body["required"])
    assert {"201", "400", "401", "403", "404", "422"} <= set(push["responses"])


def test_the_docs_page_points_at_the_openapi_document(db: Any) -> None:
    page = Client().get(reverse("api:openapi-view"))
    assert page.status_code == 200
    assert reverse("api:openapi-json") in page.content.decode()


def test_listing_people_costs_the_same_queries_for_any_number_of_reports(
        org: Org, morgan: Api, django_assert_max_num_queries: Any) -> None:
    def list_people() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert morgan.get("api:people").status_code == 200
        return len(queries)

    morgan.get("api:me")  # the token's first use of the minute also notes last_used_at
    few = list_people()
    for i in range(25):
        person_create(username=f"pm{i}", password=PASSWORD, name=f"PM {i}", slug=f"pm{i}",
                      role="pm", level="pm", manager=org.morgan)
    assert list_people() == few
    with django_assert_max_num_queries(2):  # the token with its person, then the people
        assert len(morgan.get("api:people").json()) == 27
