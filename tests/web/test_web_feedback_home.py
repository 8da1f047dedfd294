"""Everyone named in a plan as a feedback provider finds their part: every home page (the
PM's own page, the manager's dashboard, the admin's people list) has a "Feedback I give" list
leading to each focus area they give feedback on."""

from __future__ import annotations

import pytest
from django.urls import reverse

from rung.web.plans.models import Plan
from rung.web.tracking.selectors import core_plan
from rung.web.tracking.services import provider_name

from webtools import Org, client_for, page_text

HOME = reverse("accounts:home")


@pytest.mark.parametrize("who", ["casey", "ada", "quinn"])
def test_a_provider_with_a_login_finds_their_part_on_their_home_page(
        org: Org, active: Plan, who: str) -> None:
    fa = core_plan(active).focus_areas[1]
    role = provider_name(plan=active, competency=fa.competency, slug=who, user=org.pat.user)
    home = client_for(org.by_name(who)).get(HOME, follow=True)
    text = page_text(home)
    assert f"Feedback I give Pat Quinn: {fa.name}" in text
    assert reverse("tracking:feedback", kwargs={"role_id": role.pk}) in home.content.decode()


def test_everyone_s_home_page_has_the_list_even_when_empty(org: Org) -> None:
    for who in ("pat", "morgan", "ada"):
        home = page_text(client_for(org.by_name(who)).get(HOME, follow=True))
        assert "Feedback I give Nobody has named you" in home, who
