"""Two saves of the same plan at the same moment: one wins, the other is refused (StaleEdit);
nothing is overwritten. Runs with real transactions (and, on PostgreSQL, real row locks)."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.db import connection, connections

from rung.web.assessments.services import assessment_create
from rung.web.people.frameworks import get_framework
from rung.web.plans import documents
from rung.web.plans.models import Plan
from rung.web.plans.services import StaleEdit, plan_edit_focus, plan_generate

from webtools import START, Org, rate_all


@pytest.mark.django_db(transaction=True)
def test_simultaneous_saves_one_wins_one_is_refused(org: Org) -> None:
    if connection.vendor == "sqlite" and connection.is_in_memory_db():  # type: ignore[attr-defined]
        pytest.skip("SQLite's shared in-memory database has table locks instead of a file "
                    "database's IMMEDIATE transactions")
    a = assessment_create(person=org.pat, framework=get_framework("pm-quadrants"),
                          assessed_on=START, created_by=org.morgan.user)
    rate_all(a, org)
    plan = plan_generate(person=org.pat, start=START, user=org.morgan.user)
    base = plan.version
    assert plan.current is not None
    doc = documents.loads(plan.current.document)
    values = documents.focus_values(doc, 0)
    outcomes: list[str] = []
    barrier = threading.Barrier(2)

    def save(who: Any, text: str) -> None:
        try:
            barrier.wait()
            plan_edit_focus(plan=Plan.objects.get(pk=plan.pk), index=0,
                            values={**values, "weekly_rep": text}, base_version=base,
                            user=who.user)
            outcomes.append("saved")
        except StaleEdit:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=save, args=(org.pat, "Pat's rep, 10 minutes")),
               threading.Thread(target=save, args=(org.morgan, "Morgan's rep, 15 minutes"))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["refused", "saved"]
    plan.refresh_from_db()
    assert plan.version == base + 1
    current = plan.current
    assert current is not None
    rep = documents.loads(current.document)["focus_areas"][0]["weekly_rep"]
    assert rep in ("Pat's rep, 10 minutes", "Morgan's rep, 15 minutes")
