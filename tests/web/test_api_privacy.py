"""API privacy: one row per URL name of the "api" and "api_tokens" namespaces, each tested
with *allowed persona works / outsider gets 404 / no token gets 401* (Pat the PM, Morgan his
manager, Casey another manager, Ada the admin). The rules are the pages' (test_web_privacy.py);
a URL added without a row here fails `test_every_api_url_has_a_privacy_row`."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from rung.web.api.models import ApiToken
from rung.web.api.tokens import token_create
from rung.web.plans.models import Plan

from webtools import MANAGER, SELF, Org, client_for, post, url_names

ALL = ("pat", "morgan", "casey", "ada")
BOTH = ("pat", "morgan")
NOT_BOTH = ("casey", "ada")
NAMESPACES = ("api:", "api_tokens:")


@dataclass(frozen=True)
class Ctx:
    org: Org
    plan: Plan
    secrets: dict[str, str]  # persona → their API token
    pat_token: ApiToken


def push_body(ctx: Ctx, who: str) -> dict[str, Any]:
    """The rating each persona would push for Pat: his own, or his manager's."""
    scores = SELF if who == "pat" else MANAGER
    return {"assessed_on": "2026-11-27",
            "ratings": [{"rater": "self" if who == "pat" else "manager", "scores": scores}]}


@dataclass(frozen=True)
class Row:
    name: str
    kwargs: Callable[[Ctx], dict[str, Any]] = lambda c: {}
    works: tuple[str, ...] = ()
    outsiders: tuple[str, ...] = ()
    method: str = "get"
    body: Callable[[Ctx, str], dict[str, Any]] = lambda c, who: {}
    public: bool = False  # no token needed
    session: bool = False  # a page of the site (login session), not the token API
    label: str = ""
    ok: frozenset[int] = field(default=frozenset({200}))

    @property
    def id(self) -> str:
        return self.label or self.name


PAT = lambda c: {"slug": c.org.pat.slug}  # noqa: E731
PLAN = lambda c: {"plan_id": c.plan.pk}  # noqa: E731

ROWS: tuple[Row, ...] = (
    # open to anyone: liveness, and the API's description (no data in them)
    Row("api:health", works=ALL, public=True),
    Row("api:openapi-json", works=ALL, public=True),
    Row("api:openapi-view", works=ALL, public=True),
    Row("api:api-root", works=ALL, public=True),
    # the token's own person
    Row("api:me", works=ALL),
    Row("api:people", works=ALL),
    # one person: themselves, their manager, and the admin's directory (no assessments/plans)
    Row("api:person", kwargs=PAT, works=("pat", "morgan", "ada"), outsiders=("casey",)),
    Row("api:person", kwargs=lambda c: {"slug": c.org.quinn.slug}, works=("casey", "ada"),
        outsiders=("pat", "morgan"), label="api:person quinn"),
    Row("api:person_assessments", kwargs=PAT, method="post", body=push_body, works=BOTH,
        outsiders=NOT_BOTH, ok=frozenset({201})),
    Row("api:person_plans", kwargs=PAT, works=BOTH, outsiders=NOT_BOTH),
    Row("api:plan", kwargs=PLAN, works=BOTH, outsiders=NOT_BOTH),
    Row("api:plan_status", kwargs=PLAN, works=BOTH, outsiders=NOT_BOTH),
    # token pages: a logged-in person's own tokens; nobody else's, their manager's included
    Row("api_tokens:list", works=ALL, session=True),
    Row("api_tokens:create", method="post", body=lambda c, who: {"name": "HR sync"},
        works=ALL, session=True, ok=frozenset({201})),
    Row("api_tokens:revoke", kwargs=lambda c: {"token_id": c.pat_token.pk}, method="post",
        works=("pat",), outsiders=("morgan", "casey", "ada"), session=True,
        ok=frozenset({302})),
)
SELF_SERVICE = {"api:health", "api:api-root", "api:openapi-json", "api:openapi-view", "api:me",
                "api:people", "api_tokens:list", "api_tokens:create"}


def api_url_names() -> set[str]:
    return {n for n in url_names() if n.startswith(NAMESPACES)}


def test_every_api_url_has_a_privacy_row() -> None:
    rows = {r.name for r in ROWS}
    missing = api_url_names() - rows
    assert not missing, f"API URLs without a privacy row in ROWS: {sorted(missing)}"
    unknown = rows - api_url_names()
    assert not unknown, f"rows for URLs that do not exist: {sorted(unknown)}"


def test_every_row_that_shows_data_has_an_outsider() -> None:
    for row in ROWS:
        if row.name not in SELF_SERVICE:
            assert row.outsiders, f"{row.id}: who must get 404?"
        assert not set(row.works) & set(row.outsiders), row.id


@pytest.fixture
def ctx(org: Org, plan: Plan) -> Ctx:
    secrets = {who: token_create(person=org.by_name(who), name="tests").secret for who in ALL}
    pat_token = token_create(person=org.pat, name="laptop script").token
    return Ctx(org=org, plan=plan, secrets=secrets, pat_token=pat_token)


def _request(row: Row, ctx: Ctx, who: str | None, *, token: bool = True) -> Any:
    url = reverse(row.name, kwargs=row.kwargs(ctx))
    if row.session:
        client = client_for(ctx.org.by_name(who) if who else None)
        return post(client, url, row.body(ctx, who or "")) if row.method == "post" else (
            client.get(url))
    client = Client(enforce_csrf_checks=True)
    headers = {"Authorization": f"Bearer {ctx.secrets[who]}"} if who and token else {}
    if row.method == "post":
        return client.post(url, json.dumps(row.body(ctx, who or "")),
                           content_type="application/json", headers=headers)
    return client.get(url, headers=headers)


WORKS = [(r, who) for r in ROWS for who in r.works]
OUTSIDERS = [(r, who) for r in ROWS for who in r.outsiders]
TOKEN_ONLY = [r for r in ROWS if not r.public and not r.session]
SESSION_PAGES = [r for r in ROWS if r.session]


@pytest.mark.parametrize(("row", "who"), WORKS, ids=[f"{r.id}-{w}" for r, w in WORKS])
def test_allowed_person_gets_it(ctx: Ctx, row: Row, who: str) -> None:
    response = _request(row, ctx, who)
    assert response.status_code in row.ok, (row.id, who, response.status_code,
                                            response.content[:300])


@pytest.mark.parametrize(("row", "who"), OUTSIDERS, ids=[f"{r.id}-{w}" for r, w in OUTSIDERS])
def test_outsider_gets_404(ctx: Ctx, row: Row, who: str) -> None:
    response = _request(row, ctx, who)
    assert response.status_code == 404, (row.id, who, response.status_code)
    if not row.session:
        assert response["Content-Type"].startswith("application/json")


@pytest.mark.parametrize("row", TOKEN_ONLY, ids=[r.id for r in TOKEN_ONLY])
def test_no_token_gets_401(ctx: Ctx, row: Row) -> None:
    response = _request(row, ctx, None)
    assert response.status_code == 401
    assert response.json() == {"detail": "Unauthorized"}


@pytest.mark.parametrize("row", TOKEN_ONLY, ids=[r.id for r in TOKEN_ONLY])
def test_a_logged_in_browser_session_is_not_a_token(ctx: Ctx, row: Row) -> None:
    browser = client_for(ctx.org.pat)
    url = reverse(row.name, kwargs=row.kwargs(ctx))
    response = (browser.post(url, json.dumps(push_body(ctx, "pat")),
                             content_type="application/json")
                if row.method == "post" else browser.get(url))
    assert response.status_code == 401


@pytest.mark.parametrize("row", SESSION_PAGES, ids=[r.id for r in SESSION_PAGES])
def test_token_pages_send_anonymous_visitors_to_login(ctx: Ctx, row: Row) -> None:
    response = _request(row, ctx, None)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_api_docs_open_without_a_login_redirect(ctx: Ctx) -> None:
    for name in ("api:openapi-view", "api:openapi-json"):
        response = Client().get(reverse(name))
        assert response.status_code == 200, name


def test_an_outsiders_404_is_the_same_as_for_nothing_at_all(ctx: Ctx) -> None:
    casey = {"Authorization": f"Bearer {ctx.secrets['casey']}"}
    client = Client()
    for name, real, missing in (
        ("api:plan", {"plan_id": ctx.plan.pk}, {"plan_id": ctx.plan.pk + 999}),
        ("api:plan_status", {"plan_id": ctx.plan.pk}, {"plan_id": ctx.plan.pk + 999}),
        ("api:person", {"slug": "pat"}, {"slug": "nobody"}),
        ("api:person_plans", {"slug": "pat"}, {"slug": "nobody"}),
    ):
        a = client.get(reverse(name, kwargs=real), headers=casey)
        b = client.get(reverse(name, kwargs=missing), headers=casey)
        assert a.status_code == b.status_code == 404, name
        assert a.content == b.content, name
        assert b"Pat" not in a.content


def test_a_manager_lists_only_direct_reports(ctx: Ctx) -> None:
    def slugs(who: str) -> list[str]:
        response = Client().get(reverse("api:people"),
                                headers={"Authorization": f"Bearer {ctx.secrets[who]}"})
        return [p["slug"] for p in response.json()]

    assert sorted(slugs("morgan")) == ["morgan", "pat"]
    assert sorted(slugs("casey")) == ["casey", "quinn"]
    assert slugs("pat") == ["pat"]
    assert sorted(slugs("ada")) == ["ada", "casey", "morgan", "pat", "quinn"]


def test_a_manager_who_loses_the_role_loses_access(ctx: Ctx) -> None:
    ctx.org.morgan.role = "pm"
    ctx.org.morgan.save()
    response = Client().get(reverse("api:plan", kwargs={"plan_id": ctx.plan.pk}),
                            headers={"Authorization": f"Bearer {ctx.secrets['morgan']}"})
    assert response.status_code == 404


def test_the_admin_reads_no_assessment_or_plan_fields(ctx: Ctx) -> None:
    ada = {"Authorization": f"Bearer {ctx.secrets['ada']}"}
    person = Client().get(reverse("api:person", kwargs={"slug": "pat"}), headers=ada).json()
    assert person["relation"] == "admin"
    assert not {"plans", "assessments", "scores"} & set(person)
