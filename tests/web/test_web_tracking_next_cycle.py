"""The day-90 review drafts the next cycle (a new assessment, then the plans app's generate
service); a person's competency history across cycles with a trend chart."""

from __future__ import annotations

import html
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest
from django.urls import reverse

from rung.core.consensus import build_consensus
from rung.web.assessments.engine import core_assessment
from rung.web.assessments.models import Assessment
from rung.web.people.frameworks import get_framework
from rung.web.plans.models import Plan
from rung.web.plans.services import plan_close
from rung.web.tracking.models import CycleReview
from rung.web.tracking.selectors import core_plan, history_of

from webtools import Org, client_for, on, post

REVIEW_DAY = "2027-02-26"


@pytest.fixture(autouse=True)
def review_day() -> Iterator[None]:
    """These tests run on the day of the day-90 review (the cycle runs 2026-11-30 → 2027-02-27):
    a review and the next cycle's assessment are recorded once they have happened."""
    with on(REVIEW_DAY):
        yield


@pytest.fixture
def reviewed(org: Org, active: Plan) -> Plan:
    """Focus area 0 reached its target (rotate); 1 and 2 did not move (continue)."""
    core = core_plan(active)
    gaps = {g.competency: g for g in core.gaps}
    fa = core.focus_areas
    data: dict[str, Any] = {"held_on": "2027-02-26",
                            "after-0": gaps[fa[0].competency].target, "met-0": 2,
                            "after-1": gaps[fa[1].competency].current + 0.5,
                            "after-2": gaps[fa[2].competency].current}
    url = reverse("tracking:review", kwargs={"plan_id": active.pk})
    assert post(client_for(org.morgan), url, data).status_code == 302
    return Plan.objects.select_related("current").get(pk=active.pk)


def _next_url(plan: Plan) -> str:
    return reverse("tracking:next_cycle", kwargs={"plan_id": plan.pk})


def test_the_manager_drafts_the_next_cycle_from_the_review_scores(org: Org, reviewed: Plan
                                                                  ) -> None:
    old = core_plan(reviewed)
    review = CycleReview.objects.get(plan=reviewed)
    after = {o["competency"]: o["after"] for o in review.outcomes}
    fw = get_framework(reviewed.assessment.framework)
    before = {c.id: c.consensus for c in build_consensus(
        core_assessment(reviewed.assessment, fw), fw)}

    response = post(client_for(org.morgan), _next_url(reviewed))

    new = Plan.objects.exclude(pk=reviewed.pk).get(person=org.pat)
    assert response.status_code == 302
    assert response["Location"] == reverse("plans:detail", kwargs={"plan_id": new.pk})
    assert new.status == "draft"
    assert reviewed.cycle_end < new.cycle_start <= reviewed.cycle_end + timedelta(days=4)
    assert new.assessment_id != reviewed.assessment_id
    assert new.assessment.assessed_on >= date(2027, 2, 26)
    ratings = {s.competency: float(s.score)
               for s in new.assessment.ratings.get(role="manager").scores.all()}
    for competency, score in after.items():
        assert ratings[competency] == score
    rest = {c: v for c, v in before.items() if c not in after and v is not None}
    assert rest
    assert all(ratings[c] == v for c, v in rest.items())
    # the rotated competency reached its target; the continued ones and the backlog remain
    gaps = {g.competency: g.current for g in core_plan(new).gaps}
    fa = old.focus_areas
    assert gaps.get(fa[1].competency) == after[fa[1].competency]
    new_core = core_plan(new)
    started = [f.competency for f in new_core.focus_areas] + list(new_core.backlog)
    assert fa[2].competency in started
    assert fa[0].competency not in started
    assert reviewed.pk in {p.pk for p in Plan.objects.filter(person=org.pat)}  # kept


def test_the_review_page_shows_where_the_next_cycle_starts(org: Org, reviewed: Plan) -> None:
    review = CycleReview.objects.get(plan=reviewed)
    names = {g.competency: g.name for g in core_plan(reviewed).gaps}
    url = reverse("tracking:review", kwargs={"plan_id": reviewed.pk})
    morgan = client_for(org.morgan).get(url).content.decode()
    pat = client_for(org.pat).get(url).content.decode()
    assert review.carried_forward
    for page in (morgan, pat):
        assert "The next cycle starts from" in page
        assert html.escape(names[review.carried_forward[0]]) in page
    assert "Draft next cycle" in morgan
    assert _next_url(reviewed) in morgan
    assert "Draft next cycle" not in pat


def test_the_pm_cannot_draft_the_next_cycle(org: Org, reviewed: Plan) -> None:
    pat = client_for(org.pat)
    assert post(pat, _next_url(reviewed)).status_code == 404
    assert client_for(org.morgan).get(_next_url(reviewed)).status_code == 405
    assert Plan.objects.filter(person=org.pat).count() == 1
    assert Assessment.objects.filter(person=org.pat).count() == 1


def test_drafting_needs_a_review_and_happens_once(org: Org, active: Plan) -> None:
    morgan = client_for(org.morgan)
    response = post(morgan, _next_url(active))
    assert response.status_code == 302
    assert response["Location"] == reverse("tracking:review", kwargs={"plan_id": active.pk})
    assert Plan.objects.filter(person=org.pat).count() == 1
    url = reverse("tracking:review", kwargs={"plan_id": active.pk})
    assert post(morgan, url, {"held_on": "2027-02-26"}).status_code == 302
    assert post(morgan, _next_url(active)).status_code == 302
    assert Plan.objects.filter(person=org.pat).count() == 2
    post(morgan, _next_url(active))  # a second click: refused, nothing new
    assert Plan.objects.filter(person=org.pat).count() == 2
    assert Assessment.objects.filter(person=org.pat).count() == 2


def test_a_closed_plan_still_drafts_its_next_cycle_and_hides_the_review_form(
        org: Org, reviewed: Plan) -> None:
    plan_close(plan=reviewed, base_version=reviewed.version, user=org.morgan.user)
    url = reverse("tracking:review", kwargs={"plan_id": reviewed.pk})
    page = client_for(org.morgan).get(url).content.decode()
    assert "Record the review" not in page
    assert "Draft next cycle" in page
    assert post(client_for(org.morgan), _next_url(reviewed)).status_code == 302
    assert Plan.objects.filter(person=org.pat, status="draft").count() == 1


def test_history_lists_each_competencys_consensus_per_assessment_with_a_chart(
        org: Org, reviewed: Plan) -> None:
    # Pat gives their own scores in the review (the same as Morgan's), so the next cycle's
    # assessment carries Pat's self-rating and shows on Pat's own history
    after = CycleReview.objects.get(plan=reviewed).outcomes
    post(client_for(org.pat), reverse("tracking:review", kwargs={"plan_id": reviewed.pk}),
         {f"self-{i}": o["after"] for i, o in enumerate(after)})
    post(client_for(org.morgan), _next_url(reviewed))
    found = history_of(org.pat)
    assert len(found.dates) == 2
    assert found.dates[0] < found.dates[1]
    review = CycleReview.objects.get(plan=reviewed)
    focus = review.outcomes[1]
    fw = get_framework(reviewed.assessment.framework)
    first = {c.name: c.consensus for c in build_consensus(
        core_assessment(reviewed.assessment, fw), fw)}
    row = dict(found.rows)[focus["name"]]
    assert row == (first[focus["name"]], focus["after"])  # None while awaiting calibration
    url = reverse("tracking:history", kwargs={"slug": org.pat.slug})
    page = client_for(org.pat).get(url).content.decode()
    start = page.index("<svg")
    chart = page[start:page.index("</svg>", start) + 6]
    svg = ET.fromstring(chart)
    labels = {g.get("data-label") for g in svg.iter("{http://www.w3.org/2000/svg}g")}
    assert focus["name"] in labels
    assert "<script" not in chart
    assert found.dates[1].isoformat() in page
    overview = client_for(org.morgan).get(reverse("tracking:plan",
                                                  kwargs={"plan_id": reviewed.pk}))
    assert url in overview.content.decode()


def test_history_shows_the_pm_only_the_consensus_never_a_peer(org: Org, plan: Plan) -> None:
    page = client_for(org.pat).get(reverse("tracking:history",
                                           kwargs={"slug": org.pat.slug})).content.decode()
    fw = get_framework(plan.assessment.framework)
    consensus = build_consensus(core_assessment(plan.assessment, fw), fw)
    assert "Kim" not in page
    assert "Ravi" not in page
    assert "private note" not in page
    shown = dict(history_of(org.pat).rows)
    assert all(shown[c.name] == (c.consensus,) for c in consensus if c.consensus is not None)


def test_history_is_empty_for_a_person_without_assessments(org: Org) -> None:
    response = client_for(org.morgan).get(reverse("tracking:history",
                                                  kwargs={"slug": org.pat.slug}))
    assert response.status_code == 200
    assert "No assessment yet" in response.content.decode()
