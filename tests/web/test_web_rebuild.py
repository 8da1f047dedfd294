"""A rebuild of a co-created draft is a proposal: it shows what would change, needs a
confirmation on the version it was shown on, keeps the texts people wrote for focus areas that
stay, and refuses an assessment that lacks scores for the target's must-haves (naming them).
An API push records scores and never touches a plan."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.urls import reverse

from rung.web.api.tokens import token_create
from rung.web.assessments.models import Assessment
from rung.web.assessments.services import assessment_create, rating_save
from rung.web.people.frameworks import get_framework
from rung.web.plans import documents
from rung.web.plans.models import Plan
from rung.web.plans.services import plan_agree, plan_edit_focus, plan_generate

from webtools import MANAGER, SELF, Org, client_for, page_text, post

GENERATE = reverse("plans:generate", kwargs={"slug": "pat"})
MUST_HAVES = ("Market & competitive analysis", "Product strategy & vision", "Roadmapping",
              "Organizational influence", "Stakeholder communication")
REP = "Ten minutes of competitor teardown every Friday, written in the team doc"


def newer_assessment(org: Org, scores: dict[str, dict[str, float]],
                     on: date = date(2026, 11, 27)) -> Assessment:
    fw = get_framework("pm-quadrants")
    a = assessment_create(person=org.pat, framework=fw, assessed_on=on,
                          created_by=org.morgan.user)
    for role, given in scores.items():
        rating_save(assessment=a, framework=fw, role=role, evidence={},
                    scores={k: Decimal(str(v)) for k, v in given.items()},
                    entered_by=(org.pat if role == "self" else org.morgan).user)
    return a


def doc_of(plan: Plan) -> documents.Doc:
    plan.refresh_from_db()
    assert plan.current is not None
    return documents.loads(plan.current.document)


def edit_weekly_rep(org: Org, plan: Plan, competency: str) -> None:
    doc = doc_of(plan)
    index = [fa["competency"] for fa in doc["focus_areas"]].index(competency)
    values = {**documents.focus_values(doc, index), "weekly_rep": REP}
    plan_edit_focus(plan=plan, index=index, values=values, base_version=plan.version,
                    user=org.pat.user)


def confirm(org: Org, plan: Plan, *, base: int | None = None, start: str = "2026-11-30"
            ) -> Any:
    plan.refresh_from_db()
    return post(client_for(org.morgan), GENERATE,
                {"base_version": plan.version if base is None else base, "start": start})


def test_a_rebuild_shows_what_would_change_and_waits_for_the_confirmation(
        org: Org, plan: Plan) -> None:
    edit_weekly_rep(org, plan, "organizational-influence")
    # market analysis now meets its target: it leaves, roadmapping comes in
    newer_assessment(org, {"self": {**SELF, "market-analysis": 3.5},
                           "manager": {**MANAGER, "market-analysis": 3.5}})
    plan.refresh_from_db()
    before = plan.version

    page = client_for(org.morgan).get(GENERATE)

    assert page.status_code == 200
    text = page_text(page)
    assert "Market & competitive analysis leaves the plan" in text
    assert "Roadmapping & prioritization comes in" in text
    assert "Organizational influence stays, and keeps what people wrote: weekly rep" in text
    assert "2026-11-27 instead of 2026-11-12" in text
    plan.refresh_from_db()
    assert plan.version == before  # nothing written by looking

    assert confirm(org, plan).status_code == 302
    plan.refresh_from_db()
    assert plan.version == before + 1
    assert plan.versions.get(number=plan.version).kind == "rebuilt"
    focus = {fa["competency"]: fa for fa in doc_of(plan)["focus_areas"]}
    assert set(focus) == {"product-strategy", "organizational-influence", "roadmapping"}
    assert focus["organizational-influence"]["weekly_rep"] == REP  # the PM's words stayed
    assert plan.assessment.assessed_on == date(2026, 11, 27)


def test_a_rebuild_from_an_assessment_missing_must_haves_is_refused_by_name(
        org: Org, plan: Plan) -> None:
    plan_agree(plan=plan, relation="self", base_version=plan.version, user=org.pat.user)
    plan.refresh_from_db()
    agreed = (plan.version, plan.status, plan.pm_agreed_version)
    # the manager starts a new assessment and gives one score
    newer_assessment(org, {"manager": {"product-strategy": 2}})

    page = client_for(org.morgan).get(GENERATE)
    response = confirm(org, plan)

    refusal = page_text(page)
    assert "Not rebuilt" in refusal
    for name in ("Market & competitive analysis", "Roadmapping", "Organizational influence",
                 "Stakeholder communication"):
        assert name in refusal.split("Not rebuilt")[1]
    assert "no score yet for 4 must-haves of Senior PM" in refusal
    assert 'id="rebuild-confirm"' not in page.content.decode()
    assert response.status_code == 400
    plan.refresh_from_db()
    assert (plan.version, plan.status, plan.pm_agreed_version) == agreed


def test_a_rebuild_based_on_an_older_version_is_refused_with_409(org: Org, plan: Plan
                                                                 ) -> None:
    shown = plan.version
    edit_weekly_rep(org, plan, "product-strategy")  # Pat saves while Morgan reads the proposal
    plan.refresh_from_db()

    response = confirm(org, plan, base=shown)

    assert response.status_code == 409
    plan.refresh_from_db()
    assert plan.versions.get(number=plan.version).kind == "edited"
    areas = {fa["competency"]: fa for fa in doc_of(plan)["focus_areas"]}
    assert areas["product-strategy"]["weekly_rep"] == REP


def test_the_proposal_names_whose_agreement_a_rebuild_voids(org: Org, plan: Plan) -> None:
    plan_agree(plan=plan, relation="manager", base_version=plan.version, user=org.morgan.user)
    newer_assessment(org, {"self": SELF, "manager": {**MANAGER, "execution": 3}})

    page = page_text(client_for(org.morgan).get(GENERATE))

    assert "Morgan Blake agreed to the current version; after the rebuild both of you agree " \
           "again" in page


def test_a_start_in_the_past_is_only_for_a_cycle_that_already_ran(org: Org, plan: Plan
                                                                   ) -> None:
    page = client_for(org.morgan).get(GENERATE, {"start": "2026-06-01"})
    assert "2026-06-01 is in the past" in page_text(page)
    assert confirm(org, plan, start="2026-06-01").status_code == 400
    assert plan.versions.count() == 1


def test_an_api_push_records_one_score_and_leaves_the_agreed_plan_alone(
        org: Org, plan: Plan) -> None:
    plan_agree(plan=plan, relation="manager", base_version=plan.version, user=org.morgan.user)
    plan.refresh_from_db()
    before = (plan.version, plan.status, plan.manager_agreed_version, plan.assessment_id)
    secret = token_create(person=org.morgan, name="HR sync").secret

    pushed = client_for(None).post(
        reverse("api:person_assessments", kwargs={"slug": "pat"}),
        {"assessed_on": "2026-11-28", "ratings": [{"rater": "manager",
                                                   "scores": {"execution": 3}}]},
        content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {secret}")
    rebuilt = confirm(org, plan)

    assert pushed.status_code == 201
    plan.refresh_from_db()
    assert (plan.version, plan.status, plan.manager_agreed_version,
            plan.assessment_id) == before
    assert rebuilt.status_code == 400
    assert "no score yet for 5 must-haves" in page_text(rebuilt)


def test_the_first_draft_also_needs_the_must_haves(org: Org) -> None:
    newer_assessment(org, {"self": {"execution": 4}})
    response = post(client_for(org.morgan), GENERATE, {"start": "2026-11-30"})
    assert response.status_code == 200
    message = " ".join(response.context["form"].errors["__all__"])
    assert all(name in message for name in MUST_HAVES)
    assert not Plan.objects.exists()


def test_a_recorded_cycle_is_rebuilt_as_recorded_on_its_own_start(org: Org,
                                                                   assessment: Assessment
                                                                   ) -> None:
    plan = plan_generate(person=org.pat, start=date(2026, 11, 16), recorded=True,
                         user=org.morgan.user)
    page = client_for(org.morgan).get(GENERATE)
    assert 'name="already_ran" value="1"' in page.content.decode()  # in the confirmation
    assert "The cycle moves" not in page_text(page)
    assert post(client_for(org.morgan), GENERATE, {"base_version": plan.version,
                                                   "start": "2026-11-16",
                                                   "already_ran": "1"}).status_code == 302
    doc = doc_of(plan)
    assert doc["recorded"] is True
    assert doc["cycle"]["start"] == "2026-11-16"
