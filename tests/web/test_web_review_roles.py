"""Role-true scores: at the day-90 review the manager records the review (their scores) and the
PM only their own, which become the PM's self-rating in the next cycle; the manager's rating is
the manager's. Every score form takes the framework's scale in one step, 0.1, so a score the
plan shows (1.8) is entered back unchanged."""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse

from rung.web.assessments.models import Assessment, CalibrationRecord
from rung.web.plans.models import Plan
from rung.web.tracking.models import CycleReview
from rung.web.tracking.selectors import core_plan

from webtools import Org, client_for, on, page_text, post


@pytest.fixture(autouse=True)
def review_day() -> Iterator[None]:
    with on("2027-02-26"):  # the day-90 review of the fixture plan (cycle ends 2027-02-27)
        yield


def review_url(plan: Plan) -> str:
    return reverse("tracking:review", kwargs={"plan_id": plan.pk})


def number_inputs(page: str) -> dict[str, tuple[str, str]]:
    """name → (step, value) of every number input on a page."""
    found = {}
    for tag in re.findall(r"<input[^>]*>", page):
        if 'type="number"' in tag:
            attrs = dict(re.findall(r'(\w[\w-]*)="([^"]*)"', tag))
            found[attrs["name"]] = (attrs.get("step", ""), attrs.get("value", ""))
    return found


def test_the_pm_records_only_their_own_scores_and_they_stay_theirs(org: Org, active: Plan
                                                                   ) -> None:
    fa = core_plan(active).focus_areas
    pat = post(client_for(org.pat), review_url(active),
               {"held_on": "2027-02-26", "self-0": "3.1", "after-0": "4.9", "met-0": "2"})
    assert pat.status_code == 302
    assert not CycleReview.objects.exists()  # the PM does not write the review

    morgan = post(client_for(org.morgan), review_url(active),
                  {"held_on": "2027-02-26", "after-0": "2.6", "met-0": "1"})
    assert morgan.status_code == 302
    post(client_for(org.morgan), reverse("tracking:next_cycle", kwargs={"plan_id": active.pk}))

    new = Assessment.objects.exclude(pk=active.assessment_id).get(person=org.pat)
    ratings = {r.role: r for r in new.ratings.all()}
    manager = {s.competency: s.score for s in ratings["manager"].scores.all()}
    own = {s.competency: s.score for s in ratings["self"].scores.all()}
    assert manager[fa[0].competency] == Decimal("2.6")  # Morgan's, not Pat's 4.9 or 3.1
    assert ratings["manager"].entered_by == org.morgan.user
    assert own == {fa[0].competency: Decimal("3.1")}
    assert ratings["self"].entered_by == org.pat.user


def test_the_pm_sees_a_form_for_their_own_scores_only(org: Org, active: Plan) -> None:
    pat = client_for(org.pat).get(review_url(active))
    morgan = client_for(org.morgan).get(review_url(active))
    assert set(number_inputs(pat.content.decode())) == {"self-0", "self-1", "self-2"}
    assert {"after-0", "met-0"} <= set(number_inputs(morgan.content.decode()))
    assert "Record the review" not in pat.content.decode()
    assert "it becomes your self-rating" in page_text(pat)


def test_the_prefilled_score_is_on_the_step_and_saves_unchanged(org: Org, active: Plan) -> None:
    page = client_for(org.morgan).get(review_url(active)).content.decode()
    inputs = number_inputs(page)
    data: dict[str, Any] = {"held_on": "2027-02-26"}
    for name, (step, value) in inputs.items():
        if name.startswith("after-"):
            assert step == "0.1"
            assert Decimal(value) % Decimal(step) == 0, (name, value)  # the browser accepts it
            data[name] = value
    assert any(v[1] not in ("", "0") and Decimal(v[1]) % Decimal("0.5") for k, v in
               inputs.items() if k.startswith("after-"))  # a score like 1.8 is prefilled

    assert post(client_for(org.morgan), review_url(active), data).status_code == 302
    review = CycleReview.objects.get()
    gaps = {g.competency: g.current for g in core_plan(active).gaps}
    assert all(o["after"] == gaps[o["competency"]] for o in review.outcomes)


@pytest.mark.parametrize("form", ["review", "self", "calibration", "api"])
def test_one_score_step_everywhere(org: Org, active: Plan, form: str) -> None:
    """2.25 is refused by every score form and the API alike, naming the two nearest scores;
    1.7 is taken by all of them."""
    for value, accepted in (("2.25", False), ("1.7", True)):
        response = _send(org, active, form, value)
        assert (response.status_code in (201, 302)) is accepted, (form, value)
        if not accepted:
            assert "use one decimal (2.2 or 2.3)" in response.content.decode()


def _send(org: Org, plan: Plan, form: str, value: str) -> Any:
    if form == "review":
        return post(client_for(org.morgan), review_url(plan),
                    {"held_on": "2027-02-26", "after-0": value})
    if form == "self":
        return post(client_for(org.pat), review_url(plan), {"self-0": value})
    if form == "calibration":
        url = reverse("assessments:calibrate", kwargs={"assessment_id": plan.assessment_id})
        response = post(client_for(org.morgan), url, {
            "competency": "product-strategy", "score": value, "note": "Compared two memos"})
        assert (CalibrationRecord.objects.exists()) is (value == "1.7")
        return response
    from rung.web.api.tokens import token_create

    secret = token_create(person=org.morgan, name=f"sync {value}").secret
    return client_for(None).post(
        reverse("api:person_assessments", kwargs={"slug": "pat"}),
        {"assessed_on": "2027-02-26", "ratings": [{"rater": "manager", "scores": {
            "execution": float(value)}}]},
        content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {secret}")
