"""Every form is checked against its plan: milestone counts within the focus area's milestones,
dates inside the cycle and not ahead of today, assessments not in the future, a new cycle from
today on (a past start only to record a cycle that already ran, labelled so), and an empty
assessment is never the "latest". Each refusal names the field and the fix; nothing is saved.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.urls import reverse

from rung.web.api.tokens import token_create
from rung.web.assessments.models import Assessment
from rung.web.assessments.services import assessment_create, rating_save
from rung.web.people.frameworks import get_framework
from rung.web.people.selectors import reports_of
from rung.web.plans import documents
from rung.web.plans.models import Plan
from rung.web.tracking.models import CheckInRecord, CycleReview, FeedbackEntry
from rung.web.tracking.selectors import core_plan
from rung.web.tracking.services import provider_name

from webtools import MANAGER, SELF, Org, client_for, on, page_text, post

CYCLE_END = "2027-02-27"  # the fixture plan runs 2026-11-30 → 2027-02-27


def check_in(plan: Plan, **fields: Any) -> dict[str, Any]:
    data: dict[str, Any] = {"base_version": plan.version, "kind": "monthly-check-in",
                            "held_on": "2026-12-29"}
    for i in range(len(core_plan(plan).focus_areas)):
        data.update({f"rag-{i}": "green", f"met-{i}": "0"})
    return {**data, **fields}


def errors_of(response: Any) -> dict[str, list[str]]:
    return {k: [str(e) for e in v] for k, v in response.context["form"].errors.items()}


def test_milestones_met_cannot_exceed_the_focus_areas_milestones(org: Org, active: Plan
                                                                  ) -> None:
    url = reverse("tracking:check_in", kwargs={"plan_id": active.pk})
    first = core_plan(active).focus_areas[0]
    total = len(first.milestones)
    with on("2026-12-29"):
        five = post(client_for(org.morgan), url, check_in(active, **{"met-0": "5"}))
        huge = post(client_for(org.morgan), url,
                    check_in(active, **{"met-0": str(10**24), "met-1": "-1"}))
    assert five.status_code == huge.status_code == 400
    assert errors_of(five)["met-0"] == [
        f"{first.name} has {total} milestones: the number met is 0 to {total}"]
    assert set(errors_of(huge)) == {"met-0", "met-1"}  # every problem at once
    assert not CheckInRecord.objects.exists()


def test_a_check_in_is_held_inside_the_cycle_and_not_ahead_of_today(org: Org, active: Plan
                                                                     ) -> None:
    url = reverse("tracking:check_in", kwargs={"plan_id": active.pk})
    ahead = post(client_for(org.morgan), url, check_in(active, held_on="2026-12-29"))
    with on("2027-03-10"):
        after = post(client_for(org.morgan), url, check_in(active, held_on="2027-03-08"))
    before = post(client_for(org.morgan), url, check_in(active, held_on="2026-11-02"))
    assert [r.status_code for r in (ahead, after, before)] == [400, 400, 400]
    assert "2026-12-29 is in the future" in errors_of(ahead)["held_on"][0]
    assert errors_of(after)["held_on"] == [
        f"2027-03-08 is after the cycle ended ({CYCLE_END}); record how the cycle went in the "
        "day-90 review"]
    assert "before the cycle starts (2026-11-30)" in errors_of(before)["held_on"][0]
    assert not CheckInRecord.objects.exists()
    # what the manager typed is still in the form
    assert 'value="2027-03-08"' in after.content.decode()


def test_a_day_90_review_is_not_dated_before_the_cycle(org: Org, active: Plan) -> None:
    url = reverse("tracking:review", kwargs={"plan_id": active.pk})
    response = post(client_for(org.morgan), url, {"held_on": "2026-10-01"})
    assert response.status_code == 400
    assert "before the cycle starts" in errors_of(response)["held_on"][0]
    with on("2027-04-15"):  # more than 30 days after the end
        late = post(client_for(org.morgan), url, {"held_on": "2027-04-15"})
    assert "within 30 days of the end" in errors_of(late)["held_on"][0]
    assert not CycleReview.objects.exists()


def test_feedback_is_observed_inside_the_cycle(org: Org, active: Plan) -> None:
    role = provider_name(plan=active, competency=core_plan(active).focus_areas[0].competency,
                         slug="casey", user=org.morgan.user)
    url = reverse("tracking:feedback", kwargs={"role_id": role.pk})
    response = post(client_for(org.casey), url, {"observed_on": "2027-01-20",
                                                 "situation": "Roadmap review",
                                                 "went_well": "Clear bets"})
    assert response.status_code == 400
    assert "in the future" in errors_of(response)["observed_on"][0]
    assert not FeedbackEntry.objects.exists()


def test_an_assessment_is_never_dated_in_the_future(org: Org) -> None:
    url = reverse("assessments:new", kwargs={"slug": "pat"})
    response = post(client_for(org.morgan), url, {"assessed_on": "2030-01-01"})
    assert response.status_code == 200
    assert errors_of(response)["assessed_on"] == [
        "2030-01-01 is in the future; an assessment records scores already given: date it "
        "2026-11-30 or earlier"]
    assert not Assessment.objects.exists()


def test_an_api_push_is_never_dated_in_the_future(org: Org) -> None:
    secret = token_create(person=org.pat, name="my sheet").secret
    response = client_for(None).post(
        reverse("api:person_assessments", kwargs={"slug": "pat"}),
        {"assessed_on": "9999-12-31", "ratings": [{"rater": "self", "scores": SELF}]},
        content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert response.status_code == 422
    assert [p["where"] for p in response.json()["problems"]] == ["assessed_on"]
    assert not Assessment.objects.exists()


def test_an_empty_assessment_is_never_the_latest(org: Org, assessment: Assessment) -> None:
    # Pat starts a new assessment and leaves it empty
    assert post(client_for(org.pat), reverse("assessments:new", kwargs={"slug": "pat"}),
                {"assessed_on": "2026-11-30"}).status_code == 302
    assert Assessment.objects.filter(person=org.pat).count() == 2

    response = post(client_for(org.morgan), reverse("plans:generate", kwargs={"slug": "pat"}),
                    {"start": "2026-11-30"})

    assert response.status_code == 302
    assert Plan.objects.get().assessment_id == assessment.pk
    assert reports_of(org.morgan)[0].assessment_id == assessment.pk


def test_a_cycle_starts_today_or_later(org: Org, assessment: Assessment) -> None:
    url = reverse("plans:generate", kwargs={"slug": "pat"})
    for start in ("1900-01-01", "2026-06-01", "2026-11-27"):
        response = post(client_for(org.morgan), url, {"start": start})
        assert response.status_code == 200, start
        assert f"{start} is in the past" in errors_of(response)["start"][0]
    far = post(client_for(org.morgan), url, {"start": "2099-01-05"})
    assert "start the cycle within 365 days" in errors_of(far)["start"][0]
    assert not Plan.objects.exists()


def test_a_past_start_records_a_cycle_that_already_ran_and_says_so(org: Org) -> None:
    fw = get_framework("pm-quadrants")
    earlier = assessment_create(person=org.pat, framework=fw, assessed_on=date(2026, 5, 20),
                                created_by=org.morgan.user)
    for role, scores, who in (("self", SELF, org.pat), ("manager", MANAGER, org.morgan)):
        rating_save(assessment=earlier, framework=fw, role=role, evidence={},
                    scores={k: Decimal(str(v)) for k, v in scores.items()}, entered_by=who.user)
    url = reverse("plans:generate", kwargs={"slug": "pat"})
    before_assessment = post(client_for(org.morgan), url,
                             {"start": "1900-01-01", "already_ran": "1"})
    assert "cannot start before the assessment it is built from (2026-05-20)" in \
        errors_of(before_assessment)["start"][0]
    not_past = post(client_for(org.morgan), url, {"start": "2026-12-07", "already_ran": "1"})
    assert "already_ran" in errors_of(not_past)

    response = post(client_for(org.morgan), url, {"start": "2026-06-01", "already_ran": "1"})

    assert response.status_code == 302
    plan = Plan.objects.get()
    assert plan.current is not None
    doc = documents.loads(plan.current.document)
    assert doc["recorded"] is True
    assert doc["cycle"]["start"] == "2026-06-01"
    assert "recorded: this cycle already ran" in plan.current.summary
    page = page_text(client_for(org.pat).get(reverse("plans:detail",
                                                     kwargs={"plan_id": plan.pk})))
    assert "Recorded afterwards: this cycle already ran" in page
    assert "R034" not in page
    assert "R033" not in page
