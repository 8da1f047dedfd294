"""The manager's dashboard reads a constant number of queries, however many reports."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from rung.web.people.models import Person

from webtools import Org, add_reports, client_for


def test_dashboard_has_no_n_plus_one(org: Org, django_assert_num_queries: Any) -> None:
    add_reports(org, 3)
    client = client_for(org.morgan)
    client.get(reverse("people:dashboard"))  # warm the session
    # the session, the user with their person, the reports with their latest plan and
    # assessment, the feedback the manager gives: 4 queries however many reports
    with django_assert_num_queries(4):
        small = client.get(reverse("people:dashboard"))
    add_reports(org, 27, start=3)
    with django_assert_num_queries(4):
        large = client.get(reverse("people:dashboard"))
    assert len(small.context["rows"]) == 4
    assert len(large.context["rows"]) == 31
    assert Person.objects.filter(manager=org.morgan).count() == 31
    html = large.content.decode()
    assert "PM 29" in html
    row = next(r for r in large.context["rows"] if r.name == "PM 29")
    for href in (reverse("people:person", args=[row.slug]),
                 reverse("plans:detail", args=[row.plan_id]),
                 reverse("assessments:detail", args=[row.assessment_id])):
        assert f'href="{href}"' in html


def test_plan_page_query_count_is_small(org: Org, django_assert_num_queries: Any) -> None:
    add_reports(org, 1)
    plan = Person.objects.get(slug="pm0").plans.get()
    client = client_for(org.morgan)
    client.get(reverse("plans:detail", kwargs={"plan_id": plan.pk}))
    # the session, the user with their person, the plan with its person and current version
    with django_assert_num_queries(3):
        client.get(reverse("plans:detail", kwargs={"plan_id": plan.pk}))
