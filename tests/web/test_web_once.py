"""A create form is saved once, however often it is sent: two POSTs of one page (a double
click) racing each other create one row, and both answer as saved. Runs with real
transactions (and, on PostgreSQL, the unique index's real wait)."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.db import connections
from django.test import Client
from django.urls import reverse

from rung.web.people.models import Person
from rung.web.plans.models import Plan
from rung.web.tracking.models import CheckInRecord, SelfCheck

from webtools import Org, client_for, new_key, on, post

race = pytest.mark.django_db(transaction=True)


def twice_at_once(clients: list[Client], url: str, data: dict[str, Any]) -> list[int]:
    """POST the same form from two threads released together; their status codes."""
    barrier = threading.Barrier(len(clients))
    codes: list[int] = []
    errors: list[BaseException] = []

    def send(client: Client) -> None:
        try:
            barrier.wait()
            codes.append(post(client, url, data).status_code)
        except BaseException as exc:  # reported by the assertion below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send, args=(c,)) for c in clients]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    return codes


@race
def test_a_double_clicked_self_check_is_saved_once(org: Org, active: Plan) -> None:
    url = reverse("tracking:self_check", kwargs={"plan_id": active.pk})
    page = {"once": new_key(), "practised-0": "Sized the onboarding market"}

    codes = twice_at_once([client_for(org.pat), client_for(org.pat)], url, page)

    assert codes == [302, 302]
    assert SelfCheck.objects.filter(plan=active).count() == 1


@race
def test_a_double_clicked_check_in_is_saved_once(org: Org, active: Plan) -> None:
    url = reverse("tracking:check_in", kwargs={"plan_id": active.pk})
    page = {"once": new_key(), "base_version": active.version, "kind": "launch-check",
            "held_on": "2026-12-14", "rag-0": "green", "rag-1": "amber", "rag-2": "green"}
    with on("2026-12-14"):
        codes = twice_at_once([client_for(org.morgan), client_for(org.morgan)], url, page)
    assert sorted(codes) == [302, 302]
    assert CheckInRecord.objects.filter(plan=active).count() == 1


def test_a_form_sent_again_after_saving_creates_nothing_new(org: Org, active: Plan) -> None:
    url = reverse("tracking:self_check", kwargs={"plan_id": active.pk})
    page = {"once": new_key(), "practised-0": "Sized the onboarding market"}
    first, again = post(client_for(org.pat), url, page), post(client_for(org.pat), url, page)
    assert first.status_code == again.status_code == 302
    assert SelfCheck.objects.count() == 1
    assert post(client_for(org.pat), url, {**page, "once": new_key()}).status_code == 302
    assert SelfCheck.objects.count() == 2  # a new page is a new self-check


def test_a_refused_form_keeps_its_key_for_the_corrected_one(org: Org, active: Plan) -> None:
    url = reverse("tracking:self_check", kwargs={"plan_id": active.pk})
    key = new_key()
    assert post(client_for(org.pat), url, {"once": key}).status_code == 400  # empty
    fixed = post(client_for(org.pat), url, {"once": key, "learned-0": "Ask for numbers"})
    assert fixed.status_code == 302
    assert SelfCheck.objects.count() == 1


def test_a_form_without_a_key_is_refused_and_keeps_the_text(org: Org, active: Plan) -> None:
    client = client_for(org.pat)
    url = reverse("tracking:self_check", kwargs={"plan_id": active.pk})
    assert 'name="once"' in client.get(url).content.decode()
    response = post(client, url, {"once": "", "practised-0": "My careful words"})
    assert response.status_code == 400
    assert "My careful words" in response.content.decode()
    assert not SelfCheck.objects.exists()


@pytest.mark.parametrize("name", ["tracking:self_check", "tracking:check_in", "tracking:review",
                                  "assessments:new", "assessments:upload", "plans:generate",
                                  "people:admin_person_new"])
def test_every_create_form_carries_a_key(org: Org, active: Plan, name: str) -> None:
    table: dict[str, tuple[Person, dict[str, Any]]] = {
        "tracking:self_check": (org.pat, {"plan_id": active.pk}),
        "tracking:check_in": (org.morgan, {"plan_id": active.pk}),
        "tracking:review": (org.morgan, {"plan_id": active.pk}),
        "assessments:new": (org.morgan, {"slug": "pat"}),
        "assessments:upload": (org.morgan, {"slug": "pat"}),
        "plans:generate": (org.casey, {"slug": "quinn"}),  # Quinn has no plan yet
        "people:admin_person_new": (org.ada, {}),
    }
    who, kwargs = table[name]
    page = client_for(who).get(reverse(name, kwargs=kwargs)).content.decode()
    assert page.count('name="once"') >= 1, name
