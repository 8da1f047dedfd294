"""A lone peer's score cannot be worked back out of anything the PM sees.

The attack: with self, manager, consensus and `peer_count: 1`, peer = 3 x consensus - self -
manager. So the test gives the lone peer two extreme scores (0 and 5) and requires every
output the PM can reach to be the same either way: then no arithmetic on them can recover it.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from rung.web.api.tokens import token_create
from rung.web.assessments.models import Assessment
from rung.web.assessments.services import rating_save
from rung.web.people.frameworks import get_framework
from rung.web.plans.models import Plan
from rung.web.plans.services import plan_generate

from webtools import START, Org, client_for

LONE = "market-analysis"  # Kim is its only peer (webtools.PEERS)


def _with_lone_peer_at(score: float, org: Org, assessment: Assessment) -> Plan:
    rating_save(assessment=assessment, framework=get_framework(assessment.framework),
                role="peer", scores={"product-strategy": Decimal("2.5"), LONE: Decimal(score)},
                evidence={}, entered_by=org.morgan.user, rater_name="Kim")
    Plan.objects.filter(person=org.pat).delete()
    return plan_generate(person=org.pat, start=START, user=org.morgan.user)


def _pm_sees(org: Org, assessment: Assessment, plan: Plan) -> dict[str, Any]:
    pat = client_for(org.pat)
    secret = token_create(person=org.pat, name=f"t{plan.pk}").secret
    api = Client().get(reverse("api:plan", kwargs={"plan_id": plan.pk}),
                       headers={"Authorization": f"Bearer {secret}"})
    assert api.status_code == 200

    def page(path: str) -> str:
        response = pat.get(path)
        assert response.status_code == 200, path
        # The plan's id and the form tokens differ between the two runs, not the scores.
        text = response.content.decode()
        text = re.sub(r'name="(csrfmiddlewaretoken|once)" value="[^"]*"', "", text)
        text = re.sub(r'"X-CSRFToken": "[^"]*"', "", text)
        return text.replace(f"/plans/{plan.pk}/", "/plans/N/").replace(
            f"/tracking/{plan.pk}/", "/tracking/N/")

    def download(fmt: str) -> bytes:
        response = pat.get(reverse("plans:download", kwargs={"plan_id": plan.pk, "fmt": fmt}))
        assert response.status_code == 200
        return bytes(response.content)

    return {
        "api": api.json(),
        "download.json": json.loads(download("json")),
        "download.md": download("md"),
        "plan page": page(reverse("plans:detail", kwargs={"plan_id": plan.pk})),
        "assessment page": page(reverse("assessments:detail",
                                        kwargs={"assessment_id": assessment.pk})),
        "history and trend chart": page(reverse("tracking:history", kwargs={"slug": "pat"})),
    }


def _recovered(doc: dict[str, Any]) -> float:
    row = next(c for c in doc["assessment"]["competencies"] if c["id"] == LONE)
    assert row["peer_count"] == 1
    return round(3 * float(row["consensus"]) - float(row["self"]) - float(row["manager"]), 1)


def test_a_lone_peer_cannot_be_recovered_from_the_pm_s_consensus(
        org: Org, assessment: Assessment) -> None:
    low = _pm_sees(org, assessment, _with_lone_peer_at(0, org, assessment))
    high = _pm_sees(org, assessment, _with_lone_peer_at(5, org, assessment))
    # Today's attack, tried on both JSON outputs: it must not give back 0 and 5.
    for output in ("api", "download.json"):
        assert _recovered(low[output]) == _recovered(high[output]), output


@pytest.mark.parametrize("output", ["api", "download.json", "download.md", "plan page",
                                    "assessment page", "history and trend chart"])
def test_nothing_the_pm_sees_moves_with_a_lone_peer_s_score(
        org: Org, assessment: Assessment, output: str) -> None:
    low = _pm_sees(org, assessment, _with_lone_peer_at(0, org, assessment))[output]
    high = _pm_sees(org, assessment, _with_lone_peer_at(5, org, assessment))[output]
    assert low == high


def test_the_manager_still_reads_the_lone_peer_and_a_second_peer_makes_it_count(
        org: Org, assessment: Assessment) -> None:
    plan = _with_lone_peer_at(3, org, assessment)
    morgan = json.loads(client_for(org.morgan).get(
        reverse("plans:download", kwargs={"plan_id": plan.pk, "fmt": "json"})).content)
    row = next(c for c in morgan["assessment"]["competencies"] if c["id"] == LONE)
    assert (row["peers"], row["consensus"]) == (3.0, 1.8)  # shown to him, counted nowhere
    rating_save(assessment=assessment, framework=get_framework(assessment.framework),
                role="peer", scores={LONE: Decimal(3)}, evidence={},
                entered_by=org.morgan.user, rater_name="Lee")
    Plan.objects.filter(person=org.pat).delete()
    plan = plan_generate(person=org.pat, start=START, user=org.morgan.user)
    pat = json.loads(client_for(org.pat).get(
        reverse("plans:download", kwargs={"plan_id": plan.pk, "fmt": "json"})).content)
    row = next(c for c in pat["assessment"]["competencies"] if c["id"] == LONE)
    assert (row["peers"], row["peer_count"], row["consensus"]) == (3.0, 2, 2.2)
