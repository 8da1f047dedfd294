"""The web app's side of issue 10: a person's country keeps its holidays free, and the draft of
the next cycle keeps the context that made this one concrete."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from django.urls import reverse

from rung.io.holiday_calendar import holiday_dates
from rung.web.assessments.models import Assessment
from rung.web.assessments.services import assessment_create
from rung.web.people.frameworks import get_framework
from rung.web.people.models import Person
from rung.web.plans.models import Plan
from rung.web.plans.services import plan_generate
from rung.web.tracking.selectors import core_plan

from webtools import START, Org, client_for, on, post, rate_all

CONTEXT = {
    "product_area": "Onboarding",
    "upcoming": [{"name": "H2 strategy review", "date": "2027-01-28", "kind": "planning"},
                 {"name": "Onboarding v3 GA", "date": "2027-04-20"}],
    "feedback_people": [{"name": "Nadia Petrov", "role": "Director of Product"}],
}


def _plan_for(org: Org, *, country: str = "", context: dict[str, Any] | None = None) -> Plan:
    Person.objects.filter(pk=org.pat.pk).update(country=country, specialization="growth")
    org.pat.refresh_from_db()
    a = assessment_create(person=org.pat, framework=get_framework("pm-quadrants"),
                          assessed_on=date(2026, 11, 12), created_by=org.morgan.user,
                          context=context or CONTEXT)
    rate_all(a, org)
    return plan_generate(person=org.pat, start=START, user=org.morgan.user)


def test_a_persons_country_keeps_its_public_holidays_free(org: Org) -> None:
    plan = core_plan(_plan_for(org, country="GB"))
    assert plan.country == "GB"
    off = holiday_dates("GB", (2026, 2027))
    assert not {e.date for e in plan.cadence} & off
    assert date(2026, 12, 25) in off
    assert date(2026, 12, 28) in off


def test_without_a_country_the_organisation_default_applies(org: Org, settings: Any) -> None:
    settings.RUNG_HOLIDAYS = "DE"
    assert core_plan(_plan_for(org)).country == "DE"
    settings.RUNG_HOLIDAYS = None
    Plan.objects.all().delete()
    plan = core_plan(_plan_for(org))
    assert plan.country is None
    assert any("Public holidays were not considered" in n for n in plan.notes)


def test_the_admin_sets_a_country_and_a_wrong_one_is_a_field_error(org: Org) -> None:
    url = reverse("people:admin_person_edit", kwargs={"slug": org.pat.slug})
    form = {"username": "pat", "name": org.pat.name, "slug": "pat", "role": "pm",
            "framework": "pm-quadrants", "level": "pm", "target_level": "senior-pm",
            "manager": org.morgan.pk, "country": "zz"}
    response = post(client_for(org.ada), url, form)
    assert response.status_code == 200
    assert "not a supported ISO country code" in response.content.decode()
    form["country"] = "de-by"
    assert post(client_for(org.ada), url, form).status_code == 302
    org.pat.refresh_from_db()
    assert org.pat.country == "DE-BY"


@pytest.fixture
def reviewed(org: Org) -> Iterator[Plan]:
    from webtools import activate

    plan = activate(_plan_for(org, country="GB"), org)
    core = core_plan(plan)
    gaps = {g.competency: g for g in core.gaps}
    with on("2027-02-26"):
        data: dict[str, object] = {"held_on": "2027-02-26"}
        for i, fa in enumerate(core.focus_areas):
            data[f"after-{i}"] = gaps[fa.competency].current
        url = reverse("tracking:review", kwargs={"plan_id": plan.pk})
        assert post(client_for(org.morgan), url, data).status_code == 302
        yield Plan.objects.get(pk=plan.pk)


def test_the_next_cycle_keeps_people_events_still_ahead_country_and_specialization(
        org: Org, reviewed: Plan) -> None:
    Person.objects.filter(pk=org.pat.pk).update(country="", specialization="")
    with on("2027-02-26"):
        url = reverse("tracking:next_cycle", kwargs={"plan_id": reviewed.pk})
        assert post(client_for(org.morgan), url).status_code == 302
    new = Plan.objects.exclude(pk=reviewed.pk).get(person=org.pat)
    assessment: Assessment = new.assessment
    context = json.loads(assessment.context)
    assert context["feedback_people"] == CONTEXT["feedback_people"]
    assert context["product_area"] == "Onboarding"
    assert [e["name"] for e in context["upcoming"]] == ["Onboarding v3 GA"]  # the past one goes
    assert assessment.specialization == "growth"
    assert assessment.country == "GB"
    plan = core_plan(new)
    assert plan.country == "GB"
    assert plan.specialization == "growth"
    providers = {fa.feedback.provider for fa in plan.focus_areas}
    assert "Nadia Petrov (Director of Product)" in providers or all(
        p.startswith("To be named: ") for p in providers)
    for fa in plan.focus_areas:
        for m in fa.milestones:  # the review's result is the evidence, not a bare date
            assert "evidence “Day-90 review of 2027-02-26" not in m.threshold or (
                "against a target of" in m.threshold or "…" in m.threshold)


def test_a_plan_built_on_a_disputed_score_says_draft_calibrate_first(org: Org,
                                                                     plan: Plan) -> None:
    response = client_for(org.pat).get(reverse("plans:detail", kwargs={"plan_id": plan.pk}))
    assert "draft — calibrate first" in response.content.decode().lower()
