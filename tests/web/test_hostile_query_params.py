"""Query parameters and dates a person can type: a bad value is ignored or a form error,
never a 500 (issue 13: ?against=abc, ?from=9999-12-31 and far cycle starts were 500s)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from rung.web.plans.models import Plan

from hostile import sparse_xlsx
from webtools import Org, client_for, page_text, post

FAR = ["9999-12-31", "0001-01-01", "1969-12-31", "2201-01-01", "abc", "", "2026-02-30"]


@pytest.mark.parametrize("against", ["abc", "-1", "0", "99999999999999999999999", "1e3", " 1"])
def test_a_version_page_with_a_bad_against_shows_the_version(org: Org, plan: Plan,
                                                             against: str):
    url = reverse("plans:version", kwargs={"plan_id": plan.pk, "number": 1})
    response = client_for(org.morgan).get(url, {"against": against})
    assert response.status_code == 200
    assert response.context["against"] is None


@pytest.mark.parametrize("day", FAR)
@pytest.mark.parametrize("name", ["teams:team", "teams:team_schedule"])
def test_the_team_pages_ignore_a_planning_window_outside_the_supported_dates(
        org: Org, plan: Plan, name: str, day: str):
    response = client_for(org.morgan).get(reverse(name), {"from": day})
    assert response.status_code == 200


@pytest.mark.parametrize("ran", ["", "on"])
@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01", "0001-03-31"])
def test_a_cycle_start_outside_the_supported_dates_is_a_form_error(
        org: Org, assessment: object, day: str, ran: str):
    response = post(client_for(org.morgan), reverse("plans:generate", kwargs={"slug": "pat"}),
                    {"start": day, "already_ran": ran})
    assert response.status_code == 200
    assert response.context["form"].errors["start"]
    assert not Plan.objects.exists()


def test_an_assessment_day_outside_the_supported_dates_is_a_form_error(org: Org):
    response = post(client_for(org.morgan), reverse("assessments:new", kwargs={"slug": "pat"}),
                    {"assessed_on": "0001-01-01"})
    assert response.status_code == 200
    assert "outside the dates rung supports" in page_text(response)


def test_an_upload_of_a_sparse_workbook_is_a_form_error_naming_the_limit(org: Org, tmp_path):
    path = sparse_xlsx(tmp_path / "sparse.xlsx")
    with path.open("rb") as fh:
        response = post(client_for(org.morgan),
                        reverse("assessments:upload", kwargs={"slug": "pat"}), {"file": fh})
    assert response.status_code == 200
    assert "past the limit of 256 columns" in page_text(response)
