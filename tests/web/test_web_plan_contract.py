"""The web app stores plans in the typed `rung.plan/1` contract."""

from __future__ import annotations

from typing import get_args

from rung.core.plan import PlanStatus
from rung.web.plans.models import Status


def test_the_statuses_the_web_app_writes_are_the_contracts():
    assert set(Status.values) == set(get_args(PlanStatus))
