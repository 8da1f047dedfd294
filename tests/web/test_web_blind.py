"""Blind self-assessment: until the PM has given their self-rating for an assessment, they see
nobody else's scores or evidence for it (the method asks for independent scores; seeing the
manager's first anchors the PM's). Their manager sees everything, as before."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from rung.web.assessments.models import Assessment
from rung.web.assessments.services import assessment_create, rating_save
from rung.web.people.frameworks import get_framework

from webtools import MANAGER, PEERS, Org, client_for, page_text, post

MANAGER_NOTE = "The H1 roadmap was written by the manager"


@pytest.fixture
def rated_by_others(org: Org) -> Assessment:
    """Morgan and two peers rated Pat; Pat has not rated themselves yet."""
    fw = get_framework("pm-quadrants")
    a = assessment_create(person=org.pat, framework=fw, assessed_on=date(2026, 11, 27),
                          created_by=org.morgan.user)
    rating_save(assessment=a, framework=fw, role="manager", entered_by=org.morgan.user,
                scores={k: Decimal(str(v)) for k, v in MANAGER.items()},
                evidence={"product-strategy": MANAGER_NOTE})
    for name, scores in PEERS.items():
        rating_save(assessment=a, framework=fw, role="peer", rater_name=name, evidence={},
                    entered_by=org.morgan.user,
                    scores={k: Decimal(str(v)) for k, v in scores.items()})
    return a


def url(name: str, a: Assessment) -> str:
    return reverse(f"assessments:{name}", kwargs={"assessment_id": a.pk})


def scores_shown(page: str) -> set[str]:
    """The numbers in the assessment table's cells (a dash where nothing is shown)."""
    table = page[page.index("<tbody>"):page.index("</tbody>")]
    return set(re.findall(r'<td class="num">(\d\.\d)', table))


def test_the_pm_sees_no_other_score_or_note_before_rating_themselves(
        org: Org, rated_by_others: Assessment) -> None:
    pat = client_for(org.pat)
    page = pat.get(url("detail", rated_by_others)).content.decode()
    assert scores_shown(page) == set()
    assert MANAGER_NOTE not in page
    assert "appear here once you have given your self-rating" in page_text(pat.get(
        url("detail", rated_by_others)))
    calibrate = pat.get(url("calibrate", rated_by_others)).content.decode()
    assert scores_shown(calibrate) == set()
    assert "Give your self-rating first" in calibrate
    history = pat.get(reverse("tracking:history", kwargs={"slug": "pat"})).content.decode()
    assert "2026-11-27" not in history
    # the manager sees it all meanwhile
    morgan = client_for(org.morgan).get(url("detail", rated_by_others)).content.decode()
    assert "1.5" in scores_shown(morgan)
    assert MANAGER_NOTE in morgan


def test_the_self_rating_lifts_the_blind(org: Org, rated_by_others: Assessment) -> None:
    rate = reverse("assessments:rate", kwargs={"assessment_id": rated_by_others.pk,
                                               "role": "self"})
    form = client_for(org.pat).get(rate).content.decode()
    assert MANAGER_NOTE not in form
    assert 'value="1.5"' not in form
    assert post(client_for(org.pat), rate, {"score-market-analysis": "2.3"}).status_code == 302
    page = client_for(org.pat).get(url("detail", rated_by_others)).content.decode()
    assert {"1.5", "2.3"} <= scores_shown(page)
    assert MANAGER_NOTE in page


def test_a_blind_pm_cannot_record_a_calibration(org: Org, rated_by_others: Assessment) -> None:
    response = post(client_for(org.pat), url("calibrate", rated_by_others),
                    {"competency": "product-strategy", "score": "2", "note": "we agreed"})
    assert response.status_code == 400
    assert not rated_by_others.calibrations.exists()
