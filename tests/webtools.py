"""Web test helpers and personas (healthchecks style): Pat the PM, Morgan his manager,
Casey another manager (with her own report, Quinn), Ada the admin. Every POST goes through a
client that enforces CSRF, with a real token."""

from __future__ import annotations

import html
import re
import secrets
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

import time_machine
from django.http import HttpResponse
from django.middleware.csrf import _get_new_csrf_string
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from rung.web.assessments.models import Assessment
from rung.web.assessments.services import assessment_create, rating_save
from rung.web.once import FIELD
from rung.web.people.frameworks import get_framework
from rung.web.people.models import Person
from rung.web.people.services import person_create
from rung.web.plans.models import Plan
from rung.web.plans.services import plan_agree, plan_generate

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as TestResponse

PASSWORD = "plum-lantern-42-ferry"
START = date(2026, 11, 30)
TODAY = START  # the day every web test starts on (conftest.planning_day): day 1
SELF = {"market-analysis": 2, "product-strategy": 4, "business-acumen": 2.5, "roadmapping": 3,
        "organizational-influence": 3, "people-leadership": 2, "user-research": 4,
        "data-analysis": 4, "experimentation": 3.5, "stakeholder-communication": 4,
        "execution": 4.5, "technical-fluency": 3.5}
MANAGER = {**SELF, "market-analysis": 1.5, "product-strategy": 2, "business-acumen": 2,
           "roadmapping": 2.5, "organizational-influence": 2.5}
PEERS = {"Kim": {"product-strategy": 2.5, "market-analysis": 2},
         "Ravi": {"product-strategy": 2, "roadmapping": 2.5}}


@dataclass
class Org:
    ada: Person
    morgan: Person
    casey: Person
    pat: Person
    quinn: Person

    def by_name(self, name: str) -> Person:
        person: Person = getattr(self, name)
        return person


def rate_all(assessment: Assessment, org: Org, *, peers: dict[str, dict[str, float]] = PEERS
             ) -> None:
    fw = get_framework(assessment.framework)

    def dec(scores: dict[str, float]) -> dict[str, Decimal]:
        return {k: Decimal(str(v)) for k, v in scores.items()}

    rating_save(assessment=assessment, framework=fw, role="self", scores=dec(SELF),
                evidence={"product-strategy": "Wrote the H1 bet memo"}, entered_by=org.pat.user)
    rating_save(assessment=assessment, framework=fw, role="manager", scores=dec(MANAGER),
                evidence={"product-strategy": "The H1 roadmap was written by the manager"},
                entered_by=org.morgan.user)
    for name, scores in peers.items():
        rating_save(assessment=assessment, framework=fw, role="peer", scores=dec(scores),
                    evidence={"product-strategy": f"{name}'s private note"},
                    entered_by=org.morgan.user, rater_name=name)


def client_for(person: Person | None) -> Client:
    client = Client(enforce_csrf_checks=True)
    if person is not None:
        client.force_login(person.user)
    return client


def post(client: Client, url: str, data: dict[str, Any] | None = None, **extra: Any
         ) -> TestResponse:
    """POST with a valid CSRF token and a fresh one-time key (rung.web.once), as a browser
    that loaded the form would send it; pass `once` in `data` to send a page twice."""
    token = client.cookies["csrftoken"].value if "csrftoken" in client.cookies else None
    if token is None:
        token = _get_new_csrf_string()
        client.cookies["csrftoken"] = token
    fields = {FIELD: new_key(), **(data or {}), "csrfmiddlewaretoken": token}
    return client.post(url, fields, **extra)


def new_key() -> str:
    """A one-time key as a create form carries it."""
    return secrets.token_urlsafe(18)


def activate(plan: Plan, org: Org, pm: Person | None = None) -> Plan:
    """Both sides agree to the plan (the PM, Pat unless `pm`, and Morgan): it is active."""
    plan_agree(plan=plan, relation="self", base_version=plan.version, user=(pm or org.pat).user)
    plan = Plan.objects.get(pk=plan.pk)
    plan_agree(plan=plan, relation="manager", base_version=plan.version, user=org.morgan.user)
    plan = Plan.objects.select_related("current").get(pk=plan.pk)
    assert plan.status == "active"
    return plan


def url_names() -> set[str]:
    """Every URL name of the site as "namespace:name"; an unnamed pattern fails here."""
    names: set[str] = set()

    def walk(patterns: list[Any], namespace: str) -> None:
        for p in patterns:
            if isinstance(p, URLResolver):
                walk(p.url_patterns, f"{namespace}{p.namespace}:" if p.namespace else namespace)
            elif isinstance(p, URLPattern):
                assert p.name, f"unnamed URL pattern {p.pattern}: name it and add a privacy row"
                names.add(namespace + p.name)

    walk(get_resolver().url_patterns, "")
    return names


def page_text(response: HttpResponse | TestResponse) -> str:
    """A page's words as a reader sees them: tags dropped, entities decoded, spaces joined."""
    words = re.sub(r"<[^>]+>", " ", response.content.decode())
    return " ".join(html.unescape(words).split())


def on(day: date | str) -> Any:
    """`with on(day):` the app's today is `day` (noon UTC, the clock ticking on)."""
    return time_machine.travel(f"{day if isinstance(day, str) else day.isoformat()} 12:00Z",
                               tick=True)


def latest_migrations(app: str, count: int = 1) -> list[str]:
    """The newest migrations of an app on disk, oldest first."""
    folder = Path(str(__import__(f"rung.web.{app}.migrations", fromlist=["x"]).__file__)).parent
    return sorted(p.stem for p in folder.glob("[0-9][0-9][0-9][0-9]_*.py"))[-count:]


def add_reports(org: Org, count: int, start: int = 0) -> None:
    """`count` more PMs reporting to Morgan, each rated by themself and Morgan, with a draft."""
    fw = get_framework("pm-quadrants")
    for i in range(start, start + count):
        pm = person_create(username=f"pm{i}", password=PASSWORD, name=f"PM {i:02d}",
                           slug=f"pm{i}", role="pm", level="pm", manager=org.morgan)
        a = assessment_create(person=pm, framework=fw, assessed_on=START,
                              created_by=org.morgan.user)
        org_pm = Org(ada=org.ada, morgan=org.morgan, casey=org.casey, pat=pm, quinn=org.quinn)
        rate_all(a, org_pm, peers={})
        plan_generate(person=pm, start=START, user=org.morgan.user)
