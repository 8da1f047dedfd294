"""Response headers: a Content-Security-Policy that allows no inline script and no other
origin (the API docs' assets are this site's own), and `Cache-Control: no-store` on every
answer but the static files."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from rung.web.api.tokens import token_create
from rung.web.plans.models import Plan

from webtools import Org, client_for, post

TEMPLATES = Path(__file__).parents[2] / "src" / "rung" / "web" / "templates"


def _policy(response: Any) -> dict[str, list[str]]:
    directives = (d.strip().split() for d in response["Content-Security-Policy"].split(";"))
    return {d[0]: d[1:] for d in directives if d}


def test_a_page_allows_scripts_and_styles_from_this_site_only(org: Org) -> None:
    policy = _policy(client_for(org.pat).get(reverse("people:person", args=["pat"])))
    assert (policy["script-src"], policy["style-src"], policy["object-src"],
            policy["frame-ancestors"], policy["form-action"]) == (
        ["'self'"], ["'self'"], ["'none'"], ["'none'"], ["'self'"])


def test_no_template_has_an_inline_script_or_an_event_handler_attribute() -> None:
    inline = []
    for template in TEMPLATES.rglob("*.html"):
        text = template.read_text(encoding="utf-8")
        inline += [f"{template.name}: {m.group(0)}" for m in re.finditer(
            r"<script(?![^>]*\bsrc=)[^>]*>|\son[a-z]+\s*=|javascript:", text)]
    assert inline == []


def test_htmx_adds_no_style_element_and_evaluates_no_code(org: Org) -> None:
    page = client_for(org.pat).get(reverse("people:person", args=["pat"])).content.decode()
    assert ('<meta name="htmx-config" content=\'{"includeIndicatorStyles": false, '
            '"allowEval": false, "allowScriptTags": false}\'>') in page


@pytest.mark.django_db
def test_the_api_docs_load_their_assets_from_this_site() -> None:
    response = Client().get("/api/docs")
    page = response.content.decode()
    assets = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert (response.status_code, sorted(assets)) == (200, [
        "/static/ninja/favicon.png", "/static/ninja/favicon.svg",
        "/static/ninja/swagger-ui-bundle.js", "/static/ninja/swagger-ui-init.js",
        "/static/ninja/swagger-ui.css"])


@pytest.mark.django_db
def test_the_api_docs_assets_are_served() -> None:
    assert Client().get("/static/ninja/swagger-ui-bundle.js").status_code == 200


NO_STORE = "no-store"


def _cache_control(response: Any) -> str:
    return str(response.get("Cache-Control", ""))


def test_a_plan_page_and_its_download_are_not_stored(org: Org, plan: Plan) -> None:
    client = client_for(org.pat)
    page = client.get(reverse("plans:detail", args=[plan.pk]))
    download = client.get(reverse("plans:download", args=[plan.pk, "md"]))
    assert (page.status_code, download.status_code) == (200, 200)
    assert (NO_STORE in _cache_control(page), NO_STORE in _cache_control(download)) == (
        True, True)


def test_the_page_showing_a_new_token_once_is_not_stored(org: Org) -> None:
    client = client_for(org.pat)
    client.get(reverse("api_tokens:list"))
    response = post(client, reverse("api_tokens:create"), {"name": "laptop"})
    assert (response.status_code, b"rung_" in response.content,
            NO_STORE in _cache_control(response)) == (201, True, True)


def test_api_answers_are_not_stored(org: Org) -> None:
    token = token_create(person=org.pat, name="t").secret
    response = Client().get("/api/me", headers={"Authorization": f"Bearer {token}"})
    assert (response.status_code, _cache_control(response)) == (
        200, "max-age=0, no-cache, no-store, must-revalidate, private")


@pytest.mark.django_db
def test_pages_without_a_login_are_not_stored_either() -> None:
    assert NO_STORE in _cache_control(Client().get(reverse("accounts:login")))


@pytest.mark.django_db
def test_static_files_keep_their_cache() -> None:
    response = Client().get("/static/rung/app.css")
    assert (response.status_code, NO_STORE in _cache_control(response)) == (200, False)


def test_a_view_that_already_said_no_store_keeps_its_words() -> None:
    from django.http import HttpResponse
    from django.test import RequestFactory

    from rung.web.headers import NoStoreMiddleware

    def view(request: Any) -> HttpResponse:
        response = HttpResponse("feed")
        response["Cache-Control"] = "private, no-store"
        return response

    response = NoStoreMiddleware(view)(RequestFactory().get("/tracking/calendar/feed/x.ics"))
    assert response["Cache-Control"] == "private, no-store"
